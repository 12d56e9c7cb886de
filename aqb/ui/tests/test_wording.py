"""One name for the authority's role in what users read (docs/decisions.md)."""

import re
from pathlib import Path

import pytest

AQB = Path(__file__).resolve().parents[2]
# The role is "Bewilligungsbehörde"; "Regierungspräsidium" only as part of the name of the
# institution that holds it ("Regierungspräsidium Kassel").
BARE = re.compile(r"Regierungspräsidium(?! (?:Kassel|Darmstadt|Gießen))")


def test_no_page_calls_the_role_by_the_institution_s_name():
    offenders = [f"{path.relative_to(AQB)}:{n}"
                 for path in AQB.glob("*/templates/**/*.html")
                 for n, line in enumerate(path.read_text().splitlines(), 1)
                 if BARE.search(line)]
    offenders += [str(p.relative_to(AQB)) for p in (AQB / "portal" / "context.py",)
                  if BARE.search(p.read_text())]
    assert not offenders, offenders


@pytest.mark.django_db
def test_the_header_names_the_authority_s_role_as_on_its_start_page(client, authority_user):
    client.force_login(authority_user)
    page = client.get("/").content.decode()
    assert "(Bewilligungsbehörde)" in page
    assert "Sie arbeiten für die Bewilligungsbehörde" in page
