"""The local file store: Django's FileSystemStorage, but a file appears under its name only
when it was written completely.

Django writes an upload straight to its final name; a full disk (ENOSPC) or an I/O error in
the middle leaves half a file there. Here the content is first written to a hidden temporary
file in the target folder (`.teil-…`) and renamed when complete (a rename within one file
system is atomic); on any error the temporary file is removed and the error goes up, so the
service's transaction is rolled back and the page says so (`aqb.ui.forms.STORAGE_FAILED`).
"""

from __future__ import annotations

import os
import tempfile

from django.core.files.storage import FileSystemStorage


class _Written:
    """A finished temporary file: FileSystemStorage moves (renames) such a file into place."""

    def __init__(self, path: str):
        self.path = path

    def temporary_file_path(self) -> str:
        return self.path


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        directory = os.path.dirname(self.path(name))
        os.makedirs(directory, exist_ok=True)
        fd, partial = tempfile.mkstemp(dir=directory, prefix=".teil-")
        try:
            with os.fdopen(fd, "wb") as fh:
                for chunk in content.chunks():
                    fh.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                fh.flush()
                os.fsync(fh.fileno())
            return super()._save(name, _Written(partial))
        finally:
            if os.path.exists(partial):
                os.unlink(partial)
