"""Targets in the agreement (issue 11, item 1): editing, versions, sums, page, documents."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aqb.agreements import services as ag
from aqb.agreements.data import agreement_data
from aqb.agreements.document import agreement_document
from aqb.agreements.importing import agreement_import_save, agreement_read
from aqb.agreements.models import Agreement, AgreementProject
from aqb.agreements.reading import parse_agreement
from aqb.agreements.render import render
from aqb.agreements.selectors import version_diff
from aqb.agreements.targets import Targets, split_targets, sum_targets, target_text, targets_of
from aqb.audit.models import AuditEntry

from .conftest import sign_both


def _entries(agreement):
    return {p.label: p for p in AgreementProject.objects.filter(measure__agreement=agreement)}


@pytest.fixture
def with_projects(wf_draft, ministry_user):
    ag.agreement_add_project(actor=ministry_user, agreement=wf_draft, measure_number=1,
                             name="Aktivierung und Vermittlung von Migranten",
                             short_name="AVIA", planned_participants=24,
                             planned_amount=Decimal("120000"))
    ag.agreement_add_project(actor=ministry_user, agreement=wf_draft, measure_number=1,
                             name="Werkstattschule")
    ag.agreement_add_project(actor=ministry_user, agreement=wf_draft, measure_number=3,
                             name="Checkpoint")
    return wf_draft


def _set(agreement, actor, **by_label):
    entries = _entries(agreement)
    return ag.agreement_set_targets(actor=actor, agreement=agreement, targets={
        entries[label].pk: values for label, values in by_label.items()})


FULL = {
    "AVIA (Aktivierung und Vermittlung von Migranten)": {
        "planned_participants": 24, "planned_amount": Decimal("120000"),
        "outcome_target": Decimal("50")},
    "Werkstattschule": {"planned_participants": 8, "planned_amount": Decimal("45000.50"),
                        "outcome_target": Decimal("62.5")},
    "Checkpoint": {"planned_participants": 30, "planned_amount": None, "outcome_target": None},
}


# --- drafting and editing ----------------------------------------------------------------------

def test_a_new_project_line_starts_with_the_projects_plan_figures(with_projects):
    avia = _entries(with_projects)["AVIA (Aktivierung und Vermittlung von Migranten)"]
    assert (avia.planned_participants, avia.planned_amount, avia.outcome_target) == (
        24, Decimal("120000.00"), None)


def test_the_ministry_sets_targets_and_it_is_audited(with_projects, ministry_user):
    _set(with_projects, ministry_user, **FULL)
    e = _entries(with_projects)
    assert (e["Werkstattschule"].planned_participants, e["Werkstattschule"].planned_amount,
            e["Werkstattschule"].outcome_target) == (8, Decimal("45000.50"), Decimal("62.50"))
    entry = AuditEntry.objects.filter(action="agreement.targets").get()
    assert "Werkstattschule" in entry.summary
    after = entry.changes["targets"]["after"]
    assert after["Werkstattschule"] == ("geplante Eintritte: 8; geplante Mittel: 45.000,50 Euro; "
                                        "Ziel Übergänge in Ausbildung oder Arbeit: 62,5 %")
    # the same values again change nothing and write no second entry
    _set(with_projects, ministry_user, **FULL)
    assert AuditEntry.objects.filter(action="agreement.targets").count() == 1


@pytest.mark.parametrize(("values", "field", "words"), [
    ({"planned_participants": -1}, "planned_participants", "Ziel Eintritte (Teilnehmende)"),
    ({"planned_amount": Decimal("-5")}, "planned_amount", "geplante Mittel (Euro)"),
    ({"outcome_target": Decimal("100.5")}, "outcome_target", "Ziel Übergänge"),
    ({"outcome_target": Decimal("-1")}, "outcome_target", "zwischen 0 und 100"),
])
def test_bad_targets_are_refused_naming_the_field_and_nothing_is_saved(
        with_projects, ministry_user, values, field, words):
    entries = _entries(with_projects)
    good, bad = entries["Checkpoint"], entries["Werkstattschule"]
    with pytest.raises(ValidationError) as exc:
        ag.agreement_set_targets(actor=ministry_user, agreement=with_projects, targets={
            good.pk: {"planned_participants": 99}, bad.pk: values})
    messages = exc.value.message_dict[f"{field}_{bad.pk}"]
    assert words in messages[0] and "Werkstattschule" in messages[0]
    good.refresh_from_db()
    assert good.planned_participants is None  # all or nothing
    assert not AuditEntry.objects.filter(action="agreement.targets").exists()


def test_only_the_ministry_and_only_in_a_draft(with_projects, ministry_user, region_user):
    with pytest.raises(PermissionDenied):
        _set(with_projects, region_user, Checkpoint={"planned_participants": 1})
    ag.agreement_agree(actor=ministry_user, agreement=with_projects)
    with pytest.raises(ValidationError, match="festgeschrieben"):
        _set(with_projects, ministry_user, Checkpoint={"planned_participants": 1})


def test_a_line_of_another_agreement_is_refused(with_projects, ministry_user, year_2025):
    from aqb.regions.models import Region

    other = ag.agreement_create_draft(actor=ministry_user, programme_year=year_2025,
                                      region=Region.objects.get(ags="06611"))
    entry = next(iter(_entries(with_projects).values()))
    with pytest.raises(ValidationError, match="gehört nicht"):
        ag.agreement_set_targets(actor=ministry_user, agreement=other,
                                 targets={entry.pk: {"planned_participants": 3}})


# --- sums -------------------------------------------------------------------------------------

def test_sums_per_measure_type_and_region(with_projects, ministry_user):
    _set(with_projects, ministry_user, **FULL)
    t = targets_of(Agreement.objects.get(pk=with_projects.pk))
    m1, m2, m3, m4 = t.measures
    assert (m1.planned_participants, m1.planned_amount) == (32, Decimal("165000.50"))
    # (50 × 24 + 62,5 × 8) ÷ 32 = 53,125 → 53,1
    assert m1.outcome_target == Decimal("53.1")
    assert (m2.planned_participants, m2.planned_amount, m2.outcome_target) == (None, None, None)
    assert (m3.planned_participants, m3.planned_amount, m3.outcome_target) == (30, None, None)
    assert not m4.lines
    region = t.region
    assert (region.planned_participants, region.planned_amount) == (62, Decimal("165000.50"))
    assert region.outcome_target == Decimal("53.1")  # Checkpoint has no outcome target


def test_outcome_without_participants_is_the_plain_mean():
    assert sum_targets([Targets(outcome_target=Decimal("40")),
                        Targets(outcome_target=Decimal("61"))]).outcome_target == Decimal("50.5")
    assert sum_targets([]) == Targets()


# --- versions ---------------------------------------------------------------------------------

def test_a_new_version_carries_the_targets_and_the_comparison_names_changes(
        with_projects, ministry_user):
    _set(with_projects, ministry_user, **FULL)
    ag.agreement_agree(actor=ministry_user, agreement=with_projects)
    signed = sign_both(with_projects, ministry_user)
    new = ag.agreement_amend(actor=ministry_user, agreement=signed, reason="Mehr Plätze")
    assert targets_of(new).region.planned_participants == 62
    assert version_diff(signed, new) == []
    _set(new, ministry_user, Checkpoint={"planned_participants": 36,
                                         "planned_amount": Decimal("10000")})
    assert version_diff(signed, new) == [
        "Maßnahmeart 3: Ziele „Checkpoint“: geplante Eintritte: 30 → geplante Eintritte: 36; "
        "geplante Mittel: 10.000,00 Euro"]


# --- documents --------------------------------------------------------------------------------

def test_without_the_switch_the_document_is_unchanged(with_projects, ministry_user):
    before = {fmt: render(agreement_document(with_projects), fmt) for fmt in ("txt", "html")}
    _set(with_projects, ministry_user, **FULL)
    after = {fmt: render(agreement_document(Agreement.objects.get(pk=with_projects.pk)), fmt)
             for fmt in ("txt", "html")}
    assert before == after
    assert b"geplante Eintritte" not in after["txt"]


def test_with_the_switch_section_5_lists_the_targets(with_projects, ministry_user, year_2025):
    _set(with_projects, ministry_user, **FULL)
    year_2025.agreement_shows_targets = True
    year_2025.save()
    text = render(agreement_document(Agreement.objects.get(pk=with_projects.pk)), "txt").decode()
    assert (" - AVIA (Aktivierung und Vermittlung von Migranten); geplante Eintritte: 24; "
            "geplante Mittel: 120.000,00 Euro; Ziel Übergänge in Ausbildung oder Arbeit: 50 %"
            in text)
    assert " - Checkpoint; geplante Eintritte: 30\n" in text
    html = render(agreement_document(Agreement.objects.get(pk=with_projects.pk)), "html")
    assert b"geplante Mittel: 45.000,50 Euro" in html


def test_the_target_wording_reads_back():
    t = Targets(24, Decimal("120000.00"), Decimal("62.50"))
    label, read = split_targets(f"AVIA (Aktivierung); {target_text(t)}")
    assert (label, read) == ("AVIA (Aktivierung)", t)
    assert split_targets("Projekt; mit Semikolon") == ("Projekt; mit Semikolon", Targets())
    big = Targets(1200, None, Decimal("100.00"))
    assert target_text(big) == ("geplante Eintritte: 1.200; Ziel Übergänge in Ausbildung oder "
                                "Arbeit: 100 %")
    assert split_targets(f"X; {target_text(big)}") == ("X", big)


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_round_trip_render_read_import(fmt, with_projects, ministry_user, year_2025, tmp_path):
    _set(with_projects, ministry_user, **FULL)
    year_2025.agreement_shows_targets = True
    year_2025.save()
    ag.agreement_agree(actor=ministry_user, agreement=with_projects)
    signed = sign_both(with_projects, ministry_user)
    path = tmp_path / f"zv.{fmt}"
    path.write_bytes(render(agreement_document(signed), fmt))
    parsed = agreement_read(path)
    data = agreement_data(Agreement.objects.get(pk=signed.pk))
    read = parsed.to_json_dict()
    assert read["targets"] == data["targets"]
    assert [p["label"] for m in read["measures"] for p in m["projects"]] == [
        t["label"] for t in data["targets"]]
    # importing the document stores the same targets in a new version
    imported = agreement_import_save(actor=ministry_user, parsed=parsed,
                                     content=path.read_bytes(), filename=path.name)
    assert agreement_data(imported)["targets"] == data["targets"]


def test_a_document_without_targets_reads_without_the_key():
    from .test_reading import REGIONS, SEED

    assert "targets" not in parse_agreement(SEED, regions=REGIONS).to_json_dict()


def test_agreement_data_carries_targets_and_sums(with_projects, ministry_user):
    _set(with_projects, ministry_user, **FULL)
    data = agreement_data(Agreement.objects.get(pk=with_projects.pk))
    assert data["targets"][0] == {
        "measure": 1, "label": "AVIA (Aktivierung und Vermittlung von Migranten)",
        "planned_participants": 24, "planned_amount": "120000.00", "outcome_target": "50.00"}
    assert data["target_sums"]["region"] == {
        "planned_participants": 62, "planned_amount": "165000.50", "outcome_target": "53.10"}
    assert data["target_sums"]["measures"][0]["number"] == 1


# --- pages ------------------------------------------------------------------------------------

def test_the_detail_page_shows_the_targets_table(client, with_projects, ministry_user,
                                                 region_user):
    _set(with_projects, ministry_user, **FULL)
    client.force_login(region_user)
    page = client.get(f"/zielvereinbarungen/{with_projects.pk}/").content.decode()
    assert 'id="ziele"' in page and "<caption" in page
    assert "Summe Maßnahmeart 1" in page and "Landkreis Waldeck-Frankenberg insgesamt" in page
    assert "165.000,50" in page and "53,1" in page
    assert "Ziele bearbeiten" not in page
    assert client.get(f"/zielvereinbarungen/{with_projects.pk}/ziele/").status_code in (403, 404)


def test_the_ministry_edits_targets_in_german_notation(client, with_projects, ministry_user):
    client.force_login(ministry_user)
    url = f"/zielvereinbarungen/{with_projects.pk}/ziele/"
    detail = client.get(f"/zielvereinbarungen/{with_projects.pk}/").content.decode()
    assert url in detail
    form = client.get(url)
    assert form.status_code == 200
    e = _entries(with_projects)
    ws = e["Werkstattschule"].pk
    bad = client.post(url, {f"planned_participants_{ws}": "-3", f"planned_amount_{ws}": "-1",
                            f"outcome_target_{ws}": "120"})
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "Ziel Eintritte (Teilnehmende): Werkstattschule (Maßnahmeart 1): Die Zahl darf " \
           "nicht negativ sein." in page
    assert "zwischen 0 und 100 Prozent" in page and "nicht negativ" in page
    assert _entries(with_projects)["Werkstattschule"].planned_participants is None
    ok = client.post(url, {f"planned_participants_{ws}": "8",
                           f"planned_amount_{ws}": "45.000,50",
                           f"outcome_target_{ws}": "62,5"})
    assert ok.status_code == 302
    w = _entries(with_projects)["Werkstattschule"]
    assert (w.planned_participants, w.planned_amount, w.outcome_target) == (
        8, Decimal("45000.50"), Decimal("62.50"))
    # a field left empty means: no target
    avia = _entries(with_projects)["AVIA (Aktivierung und Vermittlung von Migranten)"]
    assert avia.planned_participants is None  # posted empty: no target


def test_a_frozen_agreement_refuses_target_changes(client, with_projects, ministry_user):
    ag.agreement_agree(actor=ministry_user, agreement=with_projects)
    client.force_login(ministry_user)
    url = f"/zielvereinbarungen/{with_projects.pk}/ziele/"
    entry = next(iter(_entries(with_projects).values()))
    r = client.post(url, {f"planned_participants_{entry.pk}": "5"})
    assert r.status_code == 400 and "festgeschrieben" in r.content.decode()
    assert "Ziele bearbeiten" not in client.get(
        f"/zielvereinbarungen/{with_projects.pk}/").content.decode()
