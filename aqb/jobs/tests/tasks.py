"""Tasks for the tests of the jobs app (importable by the worker like real ones)."""

from aqb.jobs.compat import task
from aqb.jobs.services import JobError, job_run

FAIL = {"with": None}  # set by a test: None, "job" (German JobError) or "crash"
RUNS = []


@task()
def count_to(job_id: str, n: int) -> int:
    with job_run(job_id) as run:
        if FAIL["with"] == "job":
            raise JobError("Die Vorlage für 2025 fehlt.")
        if FAIL["with"] == "crash":
            raise RuntimeError("boom")
        with run.output("zahlen.txt", "text/plain; charset=utf-8") as path:
            with open(path, "w", encoding="utf-8") as fh:
                for i in range(1, n + 1):
                    run.progress(i, n, f"Zahl {i}")
                    fh.write(f"{i}\n")
    return n


@task()
def tick() -> None:
    RUNS.append("tick")
