"""Background tasks of agreements (django-tasks; run by `aqb worker`)."""

from __future__ import annotations

import zipfile

from aqb.jobs.compat import task
from aqb.jobs.services import JobError, job_run

from .document import agreement_document
from .files import stored_suffix
from .render import render as render_doc
from .selectors import agreement_list


def zip_name(year: int) -> str:
    return f"Zielvereinbarungen_{year}.zip"


@task()
def agreements_zip(job_id: str, year: int) -> int:
    """All current agreements of ``year`` the job's user may see, one PDF each, in one ZIP.

    A signed agreement with a stored signed PDF goes in as that record (never regenerated);
    every other one is rendered from its data. Written to a temporary file, renamed at the
    end: a failure leaves no half-written ZIP. Returns the number of PDFs."""
    with job_run(job_id) as run:
        agreements = list(agreement_list(user=run.job.user, year=year).filter(
            is_current=True).select_related("region", "programme_year").order_by("region__ags"))
        if not agreements:
            raise JobError(f"Für {year} gibt es keine Zielvereinbarungen, die Sie sehen dürfen.")
        total = len(agreements)
        run.progress(0, total, "Beginne")
        with run.output(zip_name(year), "application/zip") as path, \
                zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for done, agreement in enumerate(agreements, start=1):
                run.progress(done - 1, total, agreement.region.name)
                doc = agreement_document(agreement)
                name = f"{doc.filename_stem}.pdf"
                if agreement.signed_file and stored_suffix(agreement) == ".pdf":
                    with agreement.signed_file.open("rb") as src, archive.open(name, "w") as dst:
                        while chunk := src.read(1 << 16):
                            dst.write(chunk)
                else:
                    archive.writestr(name, render_doc(doc, "pdf"))
            run.progress(total, total, "")
        return total
