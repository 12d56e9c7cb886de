"""The load test (`make loadtest`, scripts/loadtest.sh). Not collected by pytest: locust is
run only as its own command (see ../shared/STACK.md: importing it into pytest hangs)."""
