"""Set-up shared by the funding tests and the suite-wide ones (hostile input, form fuzz): an
application of one project through review to the notice, through the services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal


def ready_application_of(project, *, region_user, authority_user, region, programme_year):
    """An application ready for the notice: 80 000 EUR requested on 100 000 EUR costs
    (60 000 personnel, 40 000 material, 20 000 own funds) for `project`."""
    from aqb.funding import services as fs

    app = fs.application_create(actor=region_user, region=region, programme_year=programme_year)
    fs.application_set_plan(actor=region_user, application=app, lines=[
        fs.LineInput(project_id=project.pk, personnel_costs=Decimal("60000"),
                     material_costs=Decimal("40000"), own_funds=Decimal("20000")),
    ])
    fs.application_submit(actor=region_user, application=app)
    fs.application_start_review(actor=authority_user, application=app)
    fs.application_sign_off(actor=authority_user, application=app, part="content")
    fs.application_sign_off(actor=authority_user, application=app, part="arithmetic")
    fs.application_mark_ready(actor=authority_user, application=app)
    app.refresh_from_db()
    return app


def notice_of(application, *, authority_user):
    """The notice over 80 000 EUR (Anteilfinanzierung 80 %, 15.04.2025) for `application`."""
    from aqb.funding.notices import NoticeInput, notice_issue

    return notice_issue(actor=authority_user, application=application,
                        data=NoticeInput(date=date(2025, 4, 15), share_percent=Decimal("80")))
