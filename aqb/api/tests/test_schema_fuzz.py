"""schemathesis against the API's own OpenAPI schema, with a token of each role: no answer
is a 500, and every answer (status, content type, body) matches the schema."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

ROLES = ["ministry", "authority", "region", "provider", "none"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_api_conforms_to_its_schema(case, role, world):
    case.call_and_validate(headers={"Authorization": f"Bearer {world.tokens[role]}"})
