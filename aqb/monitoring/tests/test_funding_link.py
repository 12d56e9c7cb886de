"""Funding's proof page shows the participants monitoring counted (from the figures, so they
survive retention); the funding app itself knows no monitoring (registry)."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from aqb.accounts import policy
from aqb.funding import participants
from aqb.funding import proofs as ps
from aqb.funding.models import ProofKind
from aqb.funding.tests.conftest import notice, projects, ready_application, year  # noqa: F401
from aqb.monitoring.models import Participant
from aqb.monitoring.records import participants_store

from .conftest import person

pytestmark = pytest.mark.django_db


def test_the_registry_answers_none_while_nobody_registered(monkeypatch, projects):  # noqa: F811
    monkeypatch.setattr(participants, "_COUNTERS", [])
    assert participants.count(projects[0], 2025) is None and not participants.available()


def test_the_proof_page_shows_the_participants_and_hides_small_numbers_from_the_state(
        notice, projects, region_user, authority_user):  # noqa: F811
    project = projects[0]
    rows = [person(f"t:Q-{i}", entry=datetime.date(2025, 3, 1)) for i in range(2)]
    participants_store(actor=policy.SYSTEM, project=project, year=2025, rows=rows)
    proof = ps.proof_submit(actor=region_user, notice=notice, kind=ProofKind.FINAL,
                            date=datetime.date(2026, 3, 1), report="Sachbericht",
                            lines=[ps.ProofLineInput(project_id=project.pk,
                                                     personnel_costs=Decimal("1000"))])
    assert participants.count(project, 2025) == 2

    def cell(user) -> str:
        c = Client()
        c.force_login(user)
        page = c.get(f"/foerderung/nachweise/{proof.pk}/").content.decode()
        part = page.split('data-testid="participants"')[1].split("</table>")[0]
        return part.split(str(project))[1].split("</tr>")[0]

    assert ">2</td>" in cell(region_user)
    assert "Wert 1 oder 2" in cell(authority_user) and ">2</td>" not in cell(authority_user)
    participants_store(actor=policy.SYSTEM, project=project, year=2025, rows=[
        person(f"t:Q-{i}", entry=datetime.date(2025, 3, 1)) for i in range(2, 9)])
    assert ">9</td>" in cell(authority_user)
    # after retention deleted the records the figure stays
    Participant.objects.all().delete()
    assert ">9</td>" in cell(region_user)
