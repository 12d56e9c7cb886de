"""Passing money on to providers (Weiterleitung) and their expense reports, at service level:
the region passes on within the grant, the provider reports its expenses per project, the
region accepts or objects; refusals are German and change nothing."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from aqb.accounts import policy
from aqb.accounts.models import Provider, Role
from aqb.audit.models import AuditEntry
from aqb.funding import passon as po
from aqb.funding import selectors
from aqb.funding.models import ExpenseLine, ExpenseReport, PassOn
from aqb.funding.passon_upload import read_lines
from conftest import make_user

DAY = date(2025, 5, 2)


@pytest.fixture
def run_project(projects, provider):
    project = projects[0]
    project.provider = provider
    project.save()
    return project


def data(project, amount="30000", **extra):
    return po.PassOnInput(project_id=project.pk, amount=Decimal(amount), date=DAY,
                          basis=extra.pop("basis", "decision"),
                          reference=extra.pop("reference", "WB-2025-1"),
                          report_due=extra.pop("report_due", date(2026, 3, 31)), **extra)


@pytest.fixture
def pass_on(notice, run_project, region_user):
    return po.passon_create(actor=region_user, notice=notice, data=data(run_project))


def line(day=date(2025, 6, 1), amount="1200.50", voucher="B-1", payee="Dozentin A"):
    return po.LineInput(date=day, payee=payee, purpose="Honorar Kurs 1",
                        amount=Decimal(amount), voucher=voucher)


@pytest.fixture
def report(pass_on, provider_user):
    return po.expense_report_create(actor=provider_user, pass_on=pass_on, kind="final",
                                    period_start=date(2025, 1, 1),
                                    period_end=date(2025, 12, 31))


def test_the_region_passes_money_on_with_anbest_p_and_an_audit_entry(pass_on, provider):
    assert pass_on.provider == provider and pass_on.amount == Decimal("30000.00")
    assert pass_on.anbest_p and "ANBest-P" in pass_on.anbest_p_version
    assert pass_on.get_basis_display() == "Weiterleitungsbescheid"
    entry = AuditEntry.objects.get(action="passon.create")
    assert "30.000,00" in entry.summary and "Bildungswerk Test" in entry.summary


def test_more_than_granted_is_refused_in_german_and_saves_nothing(notice, run_project,
                                                                  region_user, pass_on):
    with pytest.raises(ValidationError) as exc:
        po.passon_create(actor=region_user, notice=notice,
                         data=data(run_project, "50000.01", reference="WB-2"))
    text = " ".join(exc.value.messages)
    assert "bewilligt sind 80.000,00" in text and "möglich sind noch 50.000,00" in text
    assert PassOn.objects.count() == 1
    po.passon_create(actor=region_user, notice=notice,
                     data=data(run_project, "50000", reference="WB-2"))
    assert selectors.passon_list(user=region_user, notice=notice).count() == 2


def test_a_notice_without_passing_on_refuses(notice, run_project, region_user):
    notice.versions.update(may_pass_on=False)
    with pytest.raises(ValidationError, match="lässt eine Weiterleitung an Dritte nicht zu"):
        po.passon_create(actor=region_user, notice=notice, data=data(run_project))
    assert not PassOn.objects.exists()


def test_a_project_outside_the_application_or_without_provider_is_refused(
        notice, projects, run_project, region_user, provider):
    other = projects[1]  # in the agreement, not in the application
    other.provider = provider
    other.save()
    with pytest.raises(ValidationError, match="gehört nicht zum Förderantrag"):
        po.passon_create(actor=region_user, notice=notice, data=data(other))
    run_project.provider = None
    run_project.save()
    with pytest.raises(ValidationError, match="kein Träger"):
        po.passon_create(actor=region_user, notice=notice, data=data(run_project))
    assert not PassOn.objects.exists()


def test_only_the_region_passes_on(notice, run_project, provider_user, foreign_region_user,
                                   authority_user):
    for user in (provider_user, foreign_region_user, authority_user):
        with pytest.raises(PermissionDenied):
            po.passon_create(actor=user, notice=notice, data=data(run_project))
    assert not PassOn.objects.exists()


def test_bad_dates_and_amounts_are_refused_by_field(notice, run_project, region_user):
    cases = [
        (data(run_project, "0"), "amount"),
        (data(run_project, "-5"), "amount"),
        (data(run_project, report_due=DAY), "report_due"),
        (data(run_project, interim_report_due=date(2026, 6, 1)), "interim_report_due"),
        (po.PassOnInput(project_id=run_project.pk, amount=Decimal("1"), date=date(2025, 1, 1),
                        basis="decision", reference="x", report_due=date(2026, 1, 1)), "date"),
        (data(run_project, basis="gift"), "basis"),
        (data(run_project, reference="  "), "reference"),
    ]
    for given, field in cases:
        with pytest.raises(ValidationError) as exc:
            po.passon_create(actor=region_user, notice=notice, data=given)
        assert field in exc.value.message_dict, (field, exc.value)
    assert not PassOn.objects.exists()


def test_provider_reports_region_objects_provider_corrects_region_accepts(
        report, provider_user, region_user, notice, run_project):
    first = po.expense_line_add(actor=provider_user, report=report, line=line())
    po.expense_line_add(actor=provider_user, report=report,
                        line=line(amount="800", voucher="B-2"))
    po.expense_report_submit(actor=provider_user, report=report)
    with pytest.raises(ValidationError, match="kann nicht geändert werden"):
        po.expense_line_add(actor=provider_user, report=report, line=line(voucher="B-3"))
    with pytest.raises(ValidationError, match="was der Träger korrigieren soll"):
        po.expense_report_review(actor=region_user, report=report, accept=False)
    po.expense_report_review(actor=region_user, report=report, accept=False,
                             note="Beleg B-1 ist doppelt.")
    report.refresh_from_db()
    assert report.get_status_display() == "beanstandet"
    assert selectors.provider_worklist(user=provider_user)["objected"] == [report]
    po.expense_line_remove(actor=provider_user, report=report, line_id=first.pk)
    po.expense_report_submit(actor=provider_user, report=report)
    assert list(selectors.review_reports(user=region_user)) == [report]
    assert selectors.accepted_expenses_unscoped(notice) == {}
    po.expense_report_review(actor=region_user, report=report, accept=True)
    assert selectors.accepted_expenses_unscoped(notice) == {run_project.pk: Decimal("800.00")}
    assert selectors.accepted_expenses(user=region_user, notice=notice) == \
        {run_project.pk: Decimal("800.00")}
    actions = list(AuditEntry.objects.filter(action__startswith="expense_")
                   .values_list("action", flat=True))
    assert actions.count("expense_report.submit") == 2
    assert {"expense_report.object", "expense_report.accept",
            "expense_line.remove"} <= set(actions)


def test_lines_outside_the_approval_period_are_refused(report, provider_user):
    with pytest.raises(ValidationError) as exc:
        po.expense_line_add(actor=provider_user, report=report, line=line(day=date(2026, 1, 5)))
    assert "außerhalb des Bewilligungszeitraums" in exc.value.message_dict["date"][0]
    with pytest.raises(ValidationError) as exc:
        po.expense_line_add(actor=provider_user, report=report, line=line(amount="0"))
    assert "amount" in exc.value.message_dict
    assert not ExpenseLine.objects.exists()


def test_an_empty_report_cannot_be_submitted(report, provider_user):
    with pytest.raises(ValidationError, match="ohne Ausgaben"):
        po.expense_report_submit(actor=provider_user, report=report)


def test_only_the_provider_of_the_project_reports(report, pass_on, region_user,
                                                  ministry_user):
    other = make_user("fremd", Role.PROVIDER, provider=Provider.objects.create(name="Andere"))
    for user in (other, region_user, ministry_user):
        with pytest.raises(PermissionDenied):
            po.expense_line_add(actor=user, report=report, line=line())
        with pytest.raises(PermissionDenied):
            po.expense_report_create(actor=user, pass_on=pass_on, kind="interim",
                                     period_start=date(2025, 1, 1),
                                     period_end=date(2025, 3, 31))
    assert not ExpenseLine.objects.exists() and ExpenseReport.objects.count() == 1
    assert not selectors.passon_list(user=other).exists()
    assert not selectors.expense_report_list(user=other).exists()


def test_report_periods_may_not_overlap_and_lie_in_the_approval_period(report, pass_on,
                                                                       provider_user):
    for kind, start, end, text in (
            ("interim", date(2025, 1, 1), date(2025, 6, 30), "überschneidet sich"),
            ("interim", date(2024, 12, 1), date(2024, 12, 31), "im Bewilligungszeitraum"),
            ("final", date(2025, 1, 1), date(2025, 2, 1), "schon einen Schlussbericht")):
        with pytest.raises(ValidationError, match=text):
            po.expense_report_create(actor=provider_user, pass_on=pass_on, kind=kind,
                                     period_start=start, period_end=end)
    assert ExpenseReport.objects.count() == 1


def test_the_work_list_shows_due_overdue_and_done(pass_on, provider_user, notice, region_user):
    PassOn.objects.filter(pk=pass_on.pk).update(interim_report_due=date(2025, 9, 30))
    work = selectors.provider_worklist(user=provider_user, today=date(2025, 10, 1))
    assert [(i["kind_label"], i["due"]) for i in work["overdue"]] == \
        [("Zwischenbericht", date(2025, 9, 30))]
    assert [(i["kind_label"], i["due"]) for i in work["due"]] == \
        [("Schlussbericht", date(2026, 3, 31))]
    report = po.expense_report_create(actor=provider_user, pass_on=pass_on, kind="interim",
                                      period_start=date(2025, 1, 1),
                                      period_end=date(2025, 6, 30))
    po.expense_line_add(actor=provider_user, report=report, line=line())
    work = selectors.provider_worklist(user=provider_user, today=date(2025, 10, 1))
    assert work["overdue"][0]["report"] == report  # a draft does not meet the due date
    po.expense_report_submit(actor=provider_user, report=report)
    work = selectors.provider_worklist(user=provider_user, today=date(2025, 10, 1))
    assert not work["overdue"] and len(work["due"]) == 1
    assert selectors.provider_worklist(user=region_user) == \
        {"due": [], "overdue": [], "objected": []}


def test_the_system_may_act_for_demo_data(notice, run_project):
    row = po.passon_create(actor=policy.SYSTEM, notice=notice, data=data(run_project))
    assert row.created_by is None


# --- upload of expense lines -----------------------------------------------------------------

def csv_file(text: str, name="ausgaben.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"))


def test_a_csv_upload_replaces_all_lines(report, provider_user):
    po.expense_line_add(actor=provider_user, report=report, line=line())
    lines, rows = read_lines(csv_file(
        "Datum;Empfänger;Zweck;Betrag;Belegnummer\n"
        "01.03.2025;Dozent B;Honorar;1.234,56;B-10\n"
        "\n"
        "2025-04-01;Verlag C;Lehrbücher;99,90 €;B-11\n"), "ausgaben.csv")
    assert rows == [2, 4]
    assert po.expense_lines_replace(actor=provider_user, report=report, lines=lines,
                                    rows=rows) == 2
    assert sorted(report.lines.values_list("amount", flat=True)) == \
        [Decimal("99.90"), Decimal("1234.56")]


def test_a_bad_upload_names_row_and_column_and_changes_nothing(report, provider_user):
    po.expense_line_add(actor=provider_user, report=report, line=line())
    with pytest.raises(ValidationError) as exc:
        read_lines(csv_file("Datum;Empfänger;Zweck;Betrag;Belegnummer\n"
                            "01.03.2025;A;Honorar;zwölf;B-1\n"
                            "31.02.2025;A;Honorar;12;B-2\n"), "ausgaben.csv")
    text = "\n".join(exc.value.messages)
    assert "ausgaben.csv, Zeile 2, Spalte Betrag" in text
    assert "ausgaben.csv, Zeile 3, Spalte Datum" in text
    with pytest.raises(ValidationError, match="es fehlen die Spalten Belegnummer"):
        read_lines(csv_file("Datum;Empfänger;Zweck;Betrag\n"), "ausgaben.csv")
    lines, rows = read_lines(csv_file("Datum,Empfänger,Zweck,Betrag,Belegnummer\n"
                                      "01.03.2025,A,Honorar,12,B-1\n"
                                      "01.03.2026,A,Honorar,12,B-2\n"), "a.csv")
    with pytest.raises(ValidationError) as exc:
        po.expense_lines_replace(actor=provider_user, report=report, lines=lines, rows=rows)
    assert "Zeile 3, Spalte Datum" in exc.value.messages[0]
    assert report.lines.count() == 1  # all or nothing


def test_an_xlsx_upload_reads_dates_and_number_cells(report, provider_user):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Belegnummer", "Datum", "Empfänger", "Zweck", "Betrag"])
    sheet.append(["X-1", date(2025, 7, 1), "Raummiete GmbH", "Miete Juli", 1500.5])
    out = BytesIO()
    book.save(out)
    lines, rows = read_lines(SimpleUploadedFile("a.xlsx", out.getvalue()), "a.xlsx")
    po.expense_lines_replace(actor=provider_user, report=report, lines=lines, rows=rows)
    row = report.lines.get()
    assert (row.date, row.amount, row.voucher) == (date(2025, 7, 1), Decimal("1500.50"), "X-1")
    with pytest.raises(ValidationError, match="keine lesbare XLSX-Datei"):
        read_lines(SimpleUploadedFile("b.xlsx", b"nope"), "b.xlsx")
    with pytest.raises(ValidationError, match="CSV- oder XLSX-Datei"):
        read_lines(SimpleUploadedFile("b.pdf", b"%PDF"), "b.pdf")


# --- concurrency (PostgreSQL: SQLite runs one writer at a time anyway) ---------------------

@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_pass_ons_never_exceed_the_grant(notice, run_project, region_user):
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("Nebenläufigkeit wird auf PostgreSQL geprüft (SQLite schreibt seriell).")
    barrier, results = threading.Barrier(12), []

    def one(n):
        try:
            barrier.wait()
            po.passon_create(actor=region_user, notice=notice,
                             data=data(run_project, "10000", reference=f"WB-{n}"))
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 8 and results.count("refused") == 4
    assert po.passed_on_total_unscoped(notice) == Decimal("80000.00")


def test_broken_files_are_refused_in_german():
    for name, content, text in (
            ("leer.csv", b"", "die Datei ist leer"),
            ("nul.csv", b"Datum;Empf\xc3\xa4nger;Zweck;Betrag;Belegnummer\n\"a\x00b;",
             "nul.csv, Zeile 2: ein Feld enthält Nullzeichen"),
            ("w.xlsx", b"PK\x03\x04kaputt", "XLSX")):
        with pytest.raises(ValidationError, match=text):
            read_lines(SimpleUploadedFile(name, content), name)


def test_a_submitted_report_is_on_the_regions_work_list(report, provider_user, region_user,
                                                        foreign_region_user, region_wf):
    from aqb.funding import worklists

    po.expense_line_add(actor=provider_user, report=report, line=line())
    po.expense_report_submit(actor=provider_user, report=report)
    today = date(2026, 1, 10)
    sections = {s.key: s for s in worklists.region_worklist(user=region_user, region=region_wf,
                                                            today=today)}
    (row,) = sections["traegerberichte"].rows
    assert row.kind == "Ausgabenbericht" and row.url.endswith(f"/ausgabenberichte/{report.pk}/")
    assert worklists.reports_to_check(user=foreign_region_user, today=today) == []
    po.expense_report_review(actor=region_user, report=report, accept=True)
    assert worklists.reports_to_check(user=region_user, today=today) == []
