"""Object storage (S3) through django-storages, with its failures as OSError.

boto's errors (connection refused, timeouts, 5xx of the server, a full or read-only bucket)
are not OSError; saving re-raises them as one, so the pages that save a file report a failing
store in German (`aqb.ui.forms.storage_failed`) like a full local disk. An object appears
only when its upload completed: S3 never shows half an object.
"""

from __future__ import annotations

import errno

from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage as _S3Storage


class S3Storage(_S3Storage):
    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except (BotoCoreError, ClientError) as exc:
            raise OSError(errno.EIO, f"Objektspeicher: {exc}") from exc
