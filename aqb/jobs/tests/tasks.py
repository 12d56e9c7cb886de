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


@task()
def steps_then_wait(job_id: str, n: int, halt: str, reached: str) -> int:
    """Write `n` rows in one transaction; after half of them, say so (touch `reached`) and wait
    while the file `halt` exists (the fault test kills the worker there)."""
    import time
    from pathlib import Path

    from django.db import transaction
    from django.utils import timezone

    from aqb.jobs.models import ScheduleRun

    with job_run(job_id) as run, transaction.atomic():
        for i in range(n):
            now = timezone.now()
            ScheduleRun.objects.create(task_path=f"test.schritt.{job_id}.{i}", slot=now,
                                       enqueued_at=now)
            run.progress(i + 1, n, f"Schritt {i + 1}")
            if i + 1 == n // 2:
                Path(reached).touch()
                deadline = time.monotonic() + 60
                while Path(halt).exists():
                    if time.monotonic() > deadline:
                        raise JobError("Die Testsperre wurde nicht aufgehoben.")
                    time.sleep(0.1)
    return n
