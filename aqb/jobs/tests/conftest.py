import pytest
from django.core.management import call_command

from . import tasks


def run_worker() -> None:
    """The real database worker (`aqb worker`), in this process, for one batch."""
    call_command("worker", batch=True, reload=False, startup_delay=False, verbosity=0)


@pytest.fixture(autouse=True)
def _reset():
    tasks.FAIL["with"] = None
    tasks.RUNS.clear()
    yield
    tasks.FAIL["with"] = None
