"""The worlds the entry points need (a project, a programme year, an expense report, an
agreement signed by the ministry, a draft application, a conference) and the corpus files,
each built once per session into a temporary folder."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from .corpus import BY_NAME


@pytest.fixture(scope="session")
def corpus_file(tmp_path_factory):
    """`(name, kind) -> Path`: the file built once and kept for the session."""
    root = tmp_path_factory.mktemp("hostile")
    built: dict[tuple[str, str], Path] = {}

    def get(name: str, kind: str) -> Path:
        key = (name, kind)
        if key not in built:
            folder = root / kind
            folder.mkdir(exist_ok=True)
            path = folder / name
            path.write_bytes(BY_NAME[name].build(kind))
            built[key] = path
        return built[key]

    return get


@pytest.fixture
def programme_year(db):
    from aqb.budgets.models import DEFAULT_MEASURE_TYPES, ProgrammeYear

    py = ProgrammeYear.objects.create(year=2025, total=Decimal("28700000"))
    for n, title in DEFAULT_MEASURE_TYPES.items():
        py.measure_types.create(number=n, title=title)
    return py


@pytest.fixture
def project(region_wf, provider):
    from aqb.projects.models import Project

    return Project.objects.create(region=region_wf, measure_number=1, name="Ausbildung plus",
                                  short_name="AP", provider=provider, first_year=2025,
                                  planned_participants=40)


@pytest.fixture
def provider_token(provider_user):
    from aqb.api.services import token_create

    return token_create(actor=provider_user, user=provider_user, name="Hostile")[1]


@pytest.fixture
def wf_agreement(programme_year, ministry_user):
    from aqb.agreements import services as ag
    from aqb.budgets.models import Allocation
    from aqb.regions.models import Region

    region = Region.objects.get(ags="06635")
    Allocation.objects.create(programme_year=programme_year, region=region,
                              amount=Decimal("500000"))
    agreement = ag.agreement_create_draft(actor=ministry_user, region=region,
                                          programme_year=programme_year)
    ag.agreement_add_project(actor=ministry_user, agreement=agreement, measure_number=1,
                             name="Ausbildungsprojekt")
    return agreement


@pytest.fixture
def signed_by_ministry(wf_agreement, ministry_user):
    from aqb.agreements import services as ag

    ag.agreement_agree(actor=ministry_user, agreement=wf_agreement)
    ag.agreement_sign(actor=ministry_user, agreement=wf_agreement, party="ministry",
                      place="Wiesbaden", day=date(2025, 8, 2), name="H", title="S")
    return wf_agreement


@pytest.fixture
def draft_application(wf_agreement, region_user):
    from aqb.funding import services as fs

    return fs.application_create(actor=region_user, region=wf_agreement.region,
                                 programme_year=wf_agreement.programme_year)


@pytest.fixture
def expense_report(wf_agreement, region_user, authority_user, provider, provider_user):
    from aqb.funding import passon as po
    from aqb.funding.selectors import agreement_projects_unscoped
    from aqb.funding.tests.helpers import notice_of, ready_application_of

    project = list(agreement_projects_unscoped(wf_agreement.region,
                                               wf_agreement.programme_year))[0]
    project.provider = provider
    project.save()
    app = ready_application_of(project, region_user=region_user, authority_user=authority_user,
                               region=wf_agreement.region,
                               programme_year=wf_agreement.programme_year)
    notice = notice_of(app, authority_user=authority_user)
    pass_on = po.passon_create(actor=region_user, notice=notice, data=po.PassOnInput(
        project_id=project.pk, amount=Decimal("25000"), date=date(2025, 5, 2),
        basis="contract", reference="V-17", report_due=date(2026, 3, 31),
        interim_report_due=date(2025, 9, 30)))
    return po.expense_report_create(actor=provider_user, pass_on=pass_on, kind="final",
                                    period_start=date(2025, 1, 1),
                                    period_end=date(2025, 12, 31))


@pytest.fixture
def conference(ministry_user):
    from django.utils import timezone

    from aqb.conferences import services
    from aqb.conferences.models import ConferenceStatus

    start = timezone.make_aware(datetime(2030, 10, 15, 9, 30))
    return services.conference_save(actor=ministry_user, data=services.ConferenceData(
        title="Herbsttagung", starts_at=start, ends_at=start + timedelta(hours=7),
        place="Wiesbaden", description="Austausch", capacity=2,
        registration_deadline=date(2030, 10, 1), status=ConferenceStatus.OPEN))
