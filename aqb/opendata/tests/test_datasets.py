"""The datasets projekte, finanzen, teilnehmende and zielvereinbarungen: values built through
the services, only published years (agreements: only published agreements), the same figures
as the internal ledger, and small-cell suppression that nothing can undo."""

import datetime
import json
from decimal import Decimal
from fractions import Fraction

import pytest
from django.http import Http404
from django.test import Client

from aqb.accounts.models import Provider
from aqb.accounts.policy import SYSTEM
from aqb.agreements import services as ag
from aqb.agreements.models import Agreement, Status
from aqb.agreements.selectors import published_allocation_comparison
from aqb.agreements.tests.pdfs import tiny_pdf
from aqb.funding import ledger, payments, proofs, settling
from aqb.funding import passon as po
from aqb.funding import services as fs
from aqb.funding.notices import NoticeInput, notice_amend, notice_issue
from aqb.monitoring.figures import counts_unscoped
from aqb.monitoring.models import Tally
from aqb.monitoring.records import ParticipantData, participants_store
from aqb.opendata import datasets as ds
from aqb.opendata.services import year_withdraw
from aqb.projects.models import Project
from aqb.regions.models import Region

from .helpers import year_with_allocations

D = datetime.date
MAY_2 = D(2025, 5, 2)
NEW_DATASETS = ("projekte", "finanzen", "teilnehmende", "zielvereinbarungen")


# --- building the data through the services ---------------------------------------------------

def agreement(ministry, py, ags, projects, *, sign=False, publish=False):
    """A draft of the region's agreement with `projects` [(measure, name, provider)];
    optionally agreed, signed by both (with a scan) and published."""
    region = Region.objects.get(ags=ags)
    a = ag.agreement_create_draft(actor=ministry, region=region, programme_year=py)
    for measure, name, provider in projects:
        ag.agreement_add_project(actor=ministry, agreement=a, measure_number=measure,
                                 name=name, short_name=name[:3].upper(), provider=provider)
    if sign:
        ag.agreement_agree(actor=ministry, agreement=a)
        ag.agreement_sign(actor=ministry, agreement=a, party="ministry", place="Wiesbaden",
                          day=D(2025, 8, 2), name="Heike Hofmann", title="Staatsministerin")
        ag.agreement_sign(actor=ministry, agreement=a, party="region", place=region.seat,
                          day=D(2025, 8, 13), name="Karla Beispiel", title="Landrätin",
                          scan=tiny_pdf(), scan_name="scan.pdf")
    if publish:
        ag.agreement_publish(actor=ministry, agreement=a)
    a.refresh_from_db()
    return a


def application(py, ags, costs: dict[str, tuple[str, str]], *, stage="granted"):
    """The region's application with one plan line per project name: (costs, own funds)."""
    region = Region.objects.get(ags=ags)
    by_name = {p.name: p for p in Project.objects.filter(region=region)}
    app = fs.application_create(actor=SYSTEM, region=region, programme_year=py)
    fs.application_set_plan(actor=SYSTEM, application=app, lines=[
        fs.LineInput(project_id=by_name[name].pk, personnel_costs=Decimal(c),
                     own_funds=Decimal(own)) for name, (c, own) in costs.items()])
    fs.application_submit(actor=SYSTEM, application=app)
    if stage == "submitted":
        return app
    fs.application_start_review(actor=SYSTEM, application=app)
    fs.application_sign_off(actor=SYSTEM, application=app, part="content")
    fs.application_sign_off(actor=SYSTEM, application=app, part="arithmetic")
    fs.application_mark_ready(actor=SYSTEM, application=app)
    return notice_issue(actor=SYSTEM, application=app, data=NoticeInput(
        date=D(py.year, 4, 15), financing="fehlbedarf",
        final_proof_due=D(py.year + 1, 6, 30)))


def pay(notice, amount, *, paid=True, day=MAY_2):
    pr = payments.payment_request(actor=SYSTEM, notice=notice, date=day,
                                  amount=Decimal(amount), needed_by=day, reason="Bedarf")
    if paid:
        payments.payment_release_and_pay(actor=SYSTEM, payment=pr, paid_on=day)
    return pr


def settle_with_refund(notice):
    """All paid out, 80 % of the planned personnel costs spent: a refund, half paid back."""
    pay(notice, notice.current.amount)
    lines = [proofs.ProofLineInput(
        project_id=li.project_id,
        personnel_costs=(li.personnel_costs * Decimal("0.8")).quantize(Decimal("0.01")),
        own_funds=li.own_funds) for li in notice.application.lines.all()]
    proof = proofs.proof_submit(actor=SYSTEM, notice=notice, kind="final", date=D(2026, 3, 20),
                                report="Sachbericht", lines=lines)
    proofs.proof_refund(actor=SYSTEM, proof=proof, note="Nicht verbraucht")
    settlement = settling.settle(actor=SYSTEM, notice=notice, date=D(2026, 5, 4),
                                 effective=D(2026, 1, 1))
    settling.refund_payment_record(actor=SYSTEM, refund=settlement.refund, date=D(2026, 6, 2),
                                   amount=Decimal("1000.50"))


def people(project, year, n, *, exits=0, prefix="P"):
    """`n` participants of `project` in `year`, the first `exits` of them left."""
    participants_store(actor=SYSTEM, project=project, year=year, rows=[ParticipantData(
        pseudonym=f"t:{prefix}{project.pk}-{k}", pseudonym_kind="provider",
        entry_date=D(year, 2, 3), exit_date=D(year, 6, 30) if k < exits else None,
        gender="w", birth_year=2004, scheme="sgb2", residence_ags=project.region.ags)
        for k in range(n)])


@pytest.fixture
def world(ministry_user):
    """2025 published, 2026 not. Waldeck-Frankenberg: granted (amended), payments, a pass-on,
    agreement published; Kassel: settled with a refund, agreement signed, not published;
    Darmstadt: application submitted only. 2026: Waldeck-Frankenberg granted and its
    agreement published, but the year itself is not."""
    ministry_user.first_name, ministry_user.last_name = "Erika", "Mustermann"
    ministry_user.save()
    provider = Provider.objects.create(name="Bildungswerk Nordhessen gGmbH")
    py25 = year_with_allocations(ministry_user, 2025, publish=True)
    py26 = year_with_allocations(ministry_user, 2026, publish=False, base=200_000)
    agreement(ministry_user, py25, "06635", [(1, "Ausbildung plus", provider),
                                             (3, "Pflege Start", None)],
              sign=True, publish=True)
    wf = application(py25, "06635", {"Ausbildung plus": ("60000.00", "6000.00"),
                                     "Pflege Start": ("30000.55", "0.00")})
    notice_amend(actor=SYSTEM, notice=wf, data=NoticeInput(
        date=D(2025, 6, 1), financing="fehlbedarf", amount=Decimal("80000.00"),
        eligible_costs=Decimal("90000.55"), final_proof_due=D(2026, 6, 30)),
        reason="Kürzung nach Haushaltssperre")
    pay(wf, "30000.10")
    pay(wf, "20000", paid=False)
    project = Project.objects.get(name="Ausbildung plus")
    po.passon_create(actor=SYSTEM, notice=wf, data=po.PassOnInput(
        project_id=project.pk, amount=Decimal("10000.25"), date=D(2025, 5, 3),
        basis="contract", reference="WV-1", report_due=D(2026, 3, 31)))
    agreement(ministry_user, py25, "06611", [(2, "Kassel lernt", provider)], sign=True)
    ks = application(py25, "06611", {"Kassel lernt": ("50000", "5000")})
    settle_with_refund(ks)
    agreement(ministry_user, py25, "06411", [(1, "Darmstadt wartet", None)])
    application(py25, "06411", {"Darmstadt wartet": ("10000", "0")}, stage="submitted")
    agreement(ministry_user, py26, "06635", [(4, "Geheimes Projekt 2026", provider)],
              sign=True, publish=True)
    wf26 = application(py26, "06635", {"Geheimes Projekt 2026": ("70000", "0")})
    pay(wf26, "7123.45", day=D(2026, 5, 2))
    people(project, 2025, 12, exits=4)
    people(Project.objects.get(name="Geheimes Projekt 2026"), 2026, 9, exits=1)
    return {"py25": py25, "py26": py26, "wf": wf, "ks": ks, "provider": provider,
            "project": project}


def all_rows(slug, **kw):
    return ds.dataset_get(slug).rows(**kw)


# --- common properties -------------------------------------------------------------------------

TYPES = {"integer": int, "string": str, "number": Decimal, "date": D, "boolean": bool}


def test_new_datasets_are_registered_with_documented_fields(world):
    for slug in NEW_DATASETS:
        d = ds.dataset_get(slug)
        assert d.title and d.description and d.themes and d.keywords
        names = d.field_names
        assert len(set(names)) == len(names)
        for f in d.fields:
            assert f.name.isascii() and f.name == f.name.lower() and " " not in f.name
            assert f.type in TYPES and f.title and f.description
        rows = d.rows()
        assert rows, slug
        for row in rows:
            assert list(row) == names, slug
            for f in d.fields:
                value = row[f.name]
                if value is None:
                    continue
                assert type(value) is TYPES[f.type], (slug, f.name, value)
                if f.type == "number":
                    assert value.as_tuple().exponent == -2, (slug, f.name, value)
    for slug in ("projekte", "finanzen", "teilnehmende"):  # same columns, same names
        assert ds.dataset_get(slug).field_names[:3] == ["jahr", "ags", "gebietskoerperschaft"]


def test_unpublished_years_never_appear(world, ministry_user):
    for slug in ("projekte", "finanzen", "teilnehmende"):
        d = ds.dataset_get(slug)
        assert d.years() == [2025]
        assert {r["jahr"] for r in d.rows()} == {2025}
        with pytest.raises(Http404):
            d.rows(year=2026)
    text = json.dumps([all_rows(s) for s in ("projekte", "finanzen", "teilnehmende")],
                      default=str)
    assert "Geheimes Projekt" not in text and "7123.45" not in text
    # withdrawing 2025 empties them; the agreements stay (published by their own act)
    year_withdraw(actor=ministry_user, programme_year=world["py25"])
    for slug in ("projekte", "finanzen", "teilnehmende"):
        assert all_rows(slug) == []
    assert {r["jahr"] for r in all_rows("zielvereinbarungen")} == {2025, 2026}


def test_no_personal_names_but_the_signatories(world):
    text = json.dumps([all_rows(s) for s in NEW_DATASETS], default=str)
    for word in ("Mustermann", "Erika", "t:P", "t:S"):
        assert word not in text
    assert "Heike Hofmann" in text and "Karla Beispiel" in text
    signatory_free = json.dumps([all_rows(s) for s in NEW_DATASETS[:3]], default=str)
    assert "Hofmann" not in signatory_free and "Beispiel" not in signatory_free


def test_a_region_is_a_filter_of_the_whole_table(world):
    wf = Region.objects.get(ags="06635")
    for d in ds.datasets():
        for year in (None, 2025):
            whole = d.rows(year=year)
            assert d.rows(year=year, region=wf) == [r for r in whole if r["ags"] == "06635"]


# --- projekte --------------------------------------------------------------------------------

def test_projects_of_granted_applications_with_plan_amounts(world):
    rows = all_rows("projekte")
    assert [(r["ags"], r["projekt"]) for r in rows] == [
        ("06611", "Kassel lernt"), ("06635", "Ausbildung plus"), ("06635", "Pflege Start")]
    plus = rows[1]
    assert plus == {
        "jahr": 2025, "ags": "06635", "gebietskoerperschaft": "Landkreis Waldeck-Frankenberg",
        "projekt_id": world["project"].pk, "projekt": "Ausbildung plus",
        "projekt_kurzname": "AUS", "massnahmeart": 1,
        "massnahmeart_titel": world["py25"].measure_types.get(number=1).title,
        "traeger": "Bildungswerk Nordhessen gGmbH", "kosten_plan": Decimal("60000.00"),
        "zuwendung_plan": Decimal("54000.00"), "weitergeleitet": Decimal("10000.25")}
    assert rows[2]["traeger"] == "" and rows[2]["zuwendung_plan"] == Decimal("30000.55")
    assert rows[2]["weitergeleitet"] == Decimal("0.00")
    # the amendment cut the notice to 80 000: the plan amounts stay what was granted per
    # project, the notice's total is in "finanzen"
    fin = {r["ags"]: r for r in all_rows("finanzen")}
    assert fin["06635"]["bewilligt"] == Decimal("80000.00")
    assert rows[0]["zuwendung_plan"] == fin["06611"]["bewilligt"] == Decimal("45000.00")


# --- finanzen --------------------------------------------------------------------------------

def test_finances_equal_the_internal_ledger(world, ministry_user):
    rows = all_rows("finanzen", year=2025)
    assert len(rows) == 26
    by_ags = {r["ags"]: r for r in rows}
    ledger_rows, total = ledger.ledger_regions(user=ministry_user, year=2025)
    assert {r.region.ags for r in ledger_rows} == {"06611", "06635"}
    for lr in ledger_rows:
        row = by_ags[lr.region.ags]
        assert (row["bewilligt"], row["abgerufen"], row["ausgezahlt"], row["verwendet"],
                row["anerkannt"], row["erstattet"]) == (
            lr.figures.granted, lr.figures.requested, lr.figures.paid, lr.figures.used,
            lr.figures.recognised, lr.figures.refunded)
    for f, col in (("granted", "bewilligt"), ("paid", "ausgezahlt"),
                   ("refunded", "erstattet")):
        assert sum(r[col] for r in rows) == getattr(total.figures, f)
    wf, ks = by_ags["06635"], by_ags["06611"]
    assert (wf["bewilligt"], wf["abgerufen"], wf["ausgezahlt"]) == (
        Decimal("80000.00"), Decimal("50000.10"), Decimal("30000.10"))
    assert ks["ausgezahlt"] == Decimal("45000.00") and ks["anerkannt"] == Decimal("35000.00")
    assert ks["erstattet"] == Decimal("1000.50")
    assert by_ags["06411"]["bewilligt"] == Decimal("0.00")
    alloc = {r["ags"]: r["zuweisung_aktuell"] for r in all_rows("zuweisungen", year=2025)}
    assert {a: r["zuweisung_aktuell"] for a, r in by_ags.items()} == alloc


# --- teilnehmende ----------------------------------------------------------------------------

def _lines(rows):
    """The sums the table shows: each region's row, each measure's column and the totals."""
    keyed = {(r["ags"], r["massnahmeart"]): r for r in rows}
    regions = sorted({a for a, _ in keyed if a != "06"})
    measures = sorted({m for _, m in keyed if m is not None})
    lines = [[(a, m) for m in measures] + [(a, None)] for a in (*regions, "06")]
    lines += [[(a, m) for a in regions] + [("06", m)] for m in (*measures, None)]
    return keyed, lines


def _determined(hidden: list, lines, known: dict) -> set:
    """Hidden cells whose value follows from the published ones by the table's sums
    (Gaussian elimination over the rationals: a cell is determined when its unit vector lies
    in the row space of the equations on the hidden cells)."""
    index = {k: i for i, k in enumerate(hidden)}
    eqs = []
    for line in lines:
        *members, total = line
        row = [Fraction(0)] * len(hidden)
        for k, sign in [(m, 1) for m in members] + [(total, -1)]:
            if k in index:
                row[index[k]] += sign
        if any(row):
            eqs.append(row)

    def rank(matrix):
        m = [r[:] for r in matrix]
        r = 0
        for c in range(len(hidden)):
            pivot = next((i for i in range(r, len(m)) if m[i][c] != 0), None)
            if pivot is None:
                continue
            m[r], m[pivot] = m[pivot], m[r]
            for i in range(len(m)):
                if i != r and m[i][c] != 0:
                    f = m[i][c] / m[r][c]
                    m[i] = [a - f * b for a, b in zip(m[i], m[r], strict=True)]
            r += 1
        return r

    base = rank(eqs)
    out = set()
    for k, i in index.items():
        unit = [Fraction(0)] * len(hidden)
        unit[i] = Fraction(1)
        if rank([*eqs, unit]) == base:
            out.add(k)
    return out


@pytest.fixture
def small_cells(world):
    """2025 participants with ones and twos in several regions and measure types."""
    provider = world["provider"]
    spec = {  # (ags, measure): (entries, exits)
        ("06411", 1): (10, 1), ("06411", 2): (1, 0), ("06411", 3): (6, 2),
        ("06611", 2): (2, 2), ("06611", 3): (15, 5),
        ("06412", 1): (4, 1), ("06412", 4): (3, 3),
        ("06635", 3): (1, 1),  # beside world's 12 entries / 4 exits in measure 1
    }
    for (ags, measure), (n, exits) in spec.items():
        p = Project.objects.create(region=Region.objects.get(ags=ags), measure_number=measure,
                                   name=f"TN {ags} {measure}", first_year=2025,
                                   provider=provider)
        people(p, 2025, n, exits=exits, prefix="S")
    return spec


def test_participants_fixed_table_with_totals(small_cells):
    rows = all_rows("teilnehmende", year=2025)
    assert len(rows) == 26 * 5 + 5
    keyed = {(r["ags"], r["massnahmeart"]): r for r in rows}
    # Waldeck-Frankenberg: 12 in measure 1 beside a single person in measure 3, so the 12
    # is hidden too (else 1 = row total - 12)
    assert keyed[("06635", 3)]["eintritte_geheim"] and keyed[("06635", 1)]["eintritte_geheim"]
    assert (keyed[("06", 1)]["eintritte"], keyed[("06", None)]["eintritte"]) == (26, 54)
    assert (keyed[("06411", 1)]["eintritte"], keyed[("06411", None)]["eintritte"]) == (10, 17)
    assert keyed[("06411", 2)]["austritte"] == 0  # zero stays visible
    assert keyed[("06411", 4)]["eintritte"] == 0 and not keyed[("06411", 4)]["eintritte_geheim"]
    assert keyed[("06", None)] == {
        "jahr": 2025, "ags": "06", "gebietskoerperschaft": "Hessen", "massnahmeart": None,
        "massnahmeart_titel": "alle Maßnahmearten", "eintritte": 54, "eintritte_geheim": False,
        "austritte": 19, "austritte_geheim": False}
    # the visible values are the true counts
    true = counts_unscoped(Tally.objects.all(), year=2025, by=["region", "measure"])
    pk = dict(Region.objects.values_list("ags", "pk"))
    for (ags, m), r in keyed.items():
        if ags == "06" or m is None:
            continue
        for n, col in ((0, "eintritte"), (1, "austritte")):
            if not r[f"{col}_geheim"]:
                assert r[col] == true.get((pk[ags], m), [0, 0])[n]


def test_participants_suppression_reveals_nothing(small_cells):
    rows = all_rows("teilnehmende", year=2025)
    keyed, lines = _lines(rows)
    for col in ("eintritte", "austritte"):
        hidden = [k for k, r in keyed.items() if r[f"{col}_geheim"]]
        assert hidden, col  # the data have ones and twos
        for r in keyed.values():
            assert (r[col] is None) == r[f"{col}_geheim"]
            assert r[col] not in (1, 2)
        for line in lines:
            assert sum(1 for k in line if k in hidden) != 1, (col, line)
        known = {k: r[col] for k, r in keyed.items() if not r[f"{col}_geheim"]}
        assert _determined(hidden, lines, known) == set(), col
    # every small cell is hidden
    for (ags, m), (n, exits) in small_cells.items():
        if n in (1, 2):
            assert keyed[(ags, m)]["eintritte_geheim"]
        if exits in (1, 2):
            assert keyed[(ags, m)]["austritte_geheim"]


def test_participants_of_a_region_are_cut_from_the_suppressed_whole(small_cells):
    ks = Region.objects.get(ags="06611")
    whole = all_rows("teilnehmende", year=2025)
    own = all_rows("teilnehmende", year=2025, region=ks)
    assert own == [r for r in whole if r["ags"] == "06611"] and len(own) == 5
    assert own[1]["eintritte"] is None  # 2 entries in measure 2: hidden for everyone


# --- zielvereinbarungen ----------------------------------------------------------------------

def test_agreements_published_ones_of_every_year(world, ministry_user):
    d = ds.dataset_get("zielvereinbarungen")
    assert d.years() == [2025, 2026]
    rows = d.rows()
    assert [(r["jahr"], r["ags"]) for r in rows] == [(2025, "06635"), (2026, "06635")]
    row = rows[0]
    published = Agreement.objects.get(region__ags="06635", programme_year__year=2025)
    assert published.status == Status.PUBLISHED
    assert row["fassung"] == 1
    assert (row["ministerium_unterzeichnet_am"], row["ministerium_unterzeichnet_von"],
            row["ministerium_amtsbezeichnung"]) == (D(2025, 8, 2), "Heike Hofmann",
                                                    "Staatsministerin")
    assert (row["gebietskoerperschaft_unterzeichnet_am"],
            row["gebietskoerperschaft_unterzeichnet_von"]) == (D(2025, 8, 13), "Karla Beispiel")
    assert row["veroeffentlicht_am"] == published.published_at.date()
    agreed = published_allocation_comparison(agreement=published).agreed
    assert agreed is not None and row["zuweisung_vereinbart"] == agreed
    assert row["dokument_url"] == (
        f"https://aqb.example.org/veroeffentlicht/zielvereinbarungen/{published.pk}/"
        "unterzeichnet.pdf")
    pdf = Client().get(row["dokument_url"].removeprefix("https://aqb.example.org"))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert Client().get(row["seite_url"].removeprefix("https://aqb.example.org")
                        ).status_code == 200
    assert d.rows(year=2026)[0]["jahr"] == 2026
    with pytest.raises(Http404):
        d.rows(year=2024)
    # a published year without a published agreement keeps its (empty) yearly file
    year_with_allocations(ministry_user, 2024, publish=True, base=300_000)
    assert d.years() == [2024, 2025, 2026] and d.rows(year=2024) == []
    assert Client().get(ds.file_url(d, "csv", year=2024)).status_code == 200


def test_the_disclosure_check_finds_a_single_hidden_cell():
    """The check above is not vacuous: one hidden cell in a row follows from the row's total;
    two hidden cells in one row and one column do not."""
    lines = [[("a", 1), ("a", 2), ("a", None)], [("b", 1), ("b", 2), ("b", None)],
             [("a", 1), ("b", 1), ("06", 1)], [("a", 2), ("b", 2), ("06", 2)],
             [("a", None), ("b", None), ("06", None)], [("06", 1), ("06", 2), ("06", None)]]
    assert _determined([("a", 1)], lines, {}) == {("a", 1)}
    assert _determined([("a", 1), ("a", 2)], lines, {}) == {("a", 1), ("a", 2)}
    square = [("a", 1), ("a", 2), ("b", 1), ("b", 2)]
    assert _determined(square, lines, {}) == set()


def test_files_of_the_four_datasets_pass_frictionless(small_cells, tmp_path):
    """The exported packages with real rows (empty suppressed cells, booleans, dates, the
    agreements' own years) are valid, and the CSV shows a hidden cell as empty + true."""
    import io

    from django.core.management import call_command
    from frictionless import validate

    for slug in NEW_DATASETS:
        call_command("opendata_export", str(tmp_path), "--datensatz", slug,
                     stdout=io.StringIO())
        report = validate(str(tmp_path / slug / "datapackage.json"))
        assert report.valid, report.flatten(["type", "note", "rowNumber", "fieldName"])
    assert (tmp_path / "zielvereinbarungen" / "zielvereinbarungen-2026.csv").exists()
    assert not (tmp_path / "projekte" / "projekte-2026.csv").exists()
    lines = (tmp_path / "teilnehmende" / "teilnehmende-2025.csv").read_text().splitlines()
    assert lines[0] == ("jahr,ags,gebietskoerperschaft,massnahmeart,massnahmeart_titel,"
                        "eintritte,eintritte_geheim,austritte,austritte_geheim")
    assert "2025,06611,Stadt Kassel,2,Ausbildung und Ausbildungscoaching in anerkannten " \
           "Ausbildungsberufen,,true,,true" in lines
