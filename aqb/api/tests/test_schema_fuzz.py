"""schemathesis against the API's own OpenAPI schema, with a token of each role: no answer
is a 500, and every answer (status, content type, body) matches the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_test_connection():
    """schemathesis calls the WSGI app directly; like Django's test client, keep the handler
    from closing the test's database connection after each request (PostgreSQL would lose
    the test transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)

@pytest.fixture(autouse=True)
def no_token_lockout(settings):
    """schemathesis also re-sends each case with a wrong token (its auth check); the lockout
    after 20 failed tokens (tests/test_security.py) would turn the rest of a test into 429s."""
    settings.AQB_TOKEN_MAX_FAILURES_PER_ADDRESS = 10**6


ROLES = ["ministry", "authority", "region", "provider", "none"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_api_conforms_to_its_schema(case, role, world):
    case.call_and_validate(headers={"Authorization": f"Bearer {world.tokens[role]}"})
