"""The participant import: every error with line and column, encodings, dates, dashes,
re-entries in one file, all or nothing."""

import datetime

import pytest

from aqb.audit.models import AuditEntry
from aqb.monitoring import pseudonym
from aqb.monitoring.importing import FileUnreadable, participants_check, participants_import
from aqb.monitoring.models import Participant

HEADER = "teilnehmer_id;eintritt;austritt;geschlecht;geburtsjahr;rechtskreis;bildung;" \
         "wohnort_ags;verbleib_6_monate;einwilligung"
GOOD = "A-1;13.02.2025;30.06.2025;w;2004;SGB II;ISCED 0-2;06635;;nein"


def write(tmp_path, text, name="liste.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def errors_of(result):
    return [(e["row"], e["column"]) for e in result.errors]


@pytest.mark.django_db
def test_every_error_is_reported_with_line_and_column(tmp_path):
    lines = [HEADER, GOOD,
             "A-2;31.02.2025;;q;2004;SGB II;;06635;;",                 # 3: date, gender
             "A-3;13.02.2025;01.01.2025;m;2020;SGB 9;ISCED 9;06999;;",  # 4: exit, age, scheme...
             "A-4;13.02.2025;;m;1930;SGB II;;06635;Ausbildung;nein",     # 5: age, outcome_6m
             ";13.02.2025;;m;2004;SGB II;;;;",                           # 6: id, residence
             "A-6;13.02.2025;;m;04;SGB II;;06635;;vielleicht"]           # 7: year, consent
    result = participants_check(write(tmp_path, "\n".join(lines)), "liste.csv")
    assert result.rows == 6
    assert sorted(errors_of(result)) == sorted([
        (3, "eintritt"), (3, "geschlecht"),
        (4, "austritt"), (4, "geburtsjahr"), (4, "rechtskreis"), (4, "bildung"),
        (4, "wohnort_ags"),
        (5, "geburtsjahr"), (5, "verbleib_6_monate"),
        (6, "wohnort_ags"), (6, "teilnehmer_id"),
        (7, "geburtsjahr"), (7, "einwilligung")])
    messages = {(e["row"], e["column"]): e["message"] for e in result.errors}
    assert messages[(3, "geschlecht")] == "„q“ ist nicht zulässig. Zulässig: w, m, d, " \
                                          "keine Angabe."
    assert "Alter bei Eintritt 5 Jahre" in messages[(4, "geburtsjahr")]
    assert "liegt vor dem Eintritt" in messages[(4, "austritt")]
    assert "kein Kreis in Hessen" in messages[(4, "wohnort_ags")]
    assert "Einwilligung" in messages[(5, "verbleib_6_monate")]
    assert messages[(6, "wohnort_ags")] == "Pflichtangabe fehlt."


@pytest.mark.django_db
def test_the_list_of_errors_is_capped_but_counted_in_full(tmp_path, monkeypatch):
    monkeypatch.setattr("aqb.monitoring.importing.MAX_ERRORS", 3)
    bad = "\n".join(f"A-{i};13.02.2025;;q;2004;SGB II;;06635;;" for i in range(10))
    result = participants_check(write(tmp_path, HEADER + "\n" + bad), "liste.csv")
    assert len(result.errors) == 3 and result.error_count == 10
    assert result.as_json()["errors_total"] == 10


@pytest.mark.django_db
def test_unknown_and_missing_columns(tmp_path):
    result = participants_check(write(tmp_path, HEADER + ";lieblingsfarbe\n" + GOOD + ";blau"),
                                "liste.csv")
    assert errors_of(result) == [(1, "lieblingsfarbe")]
    with pytest.raises(FileUnreadable, match="fehlen die Spalten eintritt, geburtsjahr"):
        participants_check(write(tmp_path, "teilnehmer_id;geschlecht;rechtskreis;wohnort_ags\n"
                                           "A;w;SGB II;06635"), "liste.csv")
    with pytest.raises(FileUnreadable, match=r"teilnehmer_id \(oder vorname"):
        participants_check(write(tmp_path, HEADER.replace("teilnehmer_id", "vorname")),
                           "liste.csv")


@pytest.mark.django_db
def test_limits_are_enforced_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr("aqb.monitoring.reading.MAX_FILE_BYTES", 100)
    with pytest.raises(FileUnreadable, match="größer als"):
        participants_check(write(tmp_path, HEADER + "\n" + GOOD * 3), "liste.csv")
    monkeypatch.setattr("aqb.monitoring.reading.MAX_FILE_BYTES", 10_000)
    with pytest.raises(FileUnreadable, match="länger als 200 Zeichen"):
        participants_check(write(tmp_path, HEADER + "\n" + "x" * 300 + GOOD), "liste.csv")
    monkeypatch.setattr("aqb.monitoring.reading.MAX_ROWS", 2)
    with pytest.raises(FileUnreadable, match="mehr als 2 Zeilen"):
        participants_check(write(tmp_path, "\n".join([HEADER] + [GOOD] * 3)), "liste.csv")
    with pytest.raises(FileUnreadable, match="ist leer"):
        participants_check(write(tmp_path, ""), "liste.csv")


@pytest.mark.django_db
@pytest.mark.parametrize("encoding,delimiter", [("utf-8", ";"), ("utf-8-sig", ";"),
                                                ("cp1252", ";"), ("utf-8", ",")])
def test_encodings_and_delimiters(tmp_path, encoding, delimiter):
    text = (HEADER + ";austrittsgrund\n" + GOOD + ";Regulär").replace(";", delimiter)
    result = participants_check(write(tmp_path, text, encoding=encoding), "liste.csv")
    assert result.rows == 1 and result.errors == []


@pytest.mark.django_db
def test_cp1252_value_that_is_wrong_is_quoted_readably(tmp_path):
    text = HEADER + ";austrittsgrund\n" + GOOD + ";Vorzeitiggrün"
    result = participants_check(write(tmp_path, text, encoding="cp1252"), "liste.csv")
    assert "„Vorzeitiggrün“" in result.errors[0]["message"]


@pytest.mark.django_db
def test_iso_and_german_dates_and_dash_variants_are_one_value(project, provider_user, tmp_path):
    lines = [HEADER, "A-1;2025-02-13;2025-06-30;w;2004;SGB II;isced 0–2;06635;;nein",
             "A-2;13.02.2025;;W ;2004; sgb ii ;ISCED 0 — 2;6635;Ausbildung;Ja"]
    result = participants_import(actor=provider_user, project=project, year=2025,
                                 path=write(tmp_path, "\n".join(lines)), name="liste.csv")
    assert result.errors == [] and result.stored == 2
    one, two = Participant.objects.order_by("pseudonym")
    assert (one.entry_date, one.exit_date, one.education) == (
        datetime.date(2025, 2, 13), datetime.date(2025, 6, 30), "isced02")
    assert (two.gender, two.scheme, two.residence_ags, two.outcome_6m, two.consent) == (
        "w", "sgb2", "06635", "ausbildung", True)


@pytest.mark.django_db
def test_names_become_a_pseudonym_and_are_not_stored(project, provider_user, tmp_path):
    header = "vorname;nachname;geburtsdatum;eintritt;geschlecht;geburtsjahr;rechtskreis;" \
             "wohnort_ags"
    lines = [header, "Jürgen;Müller;17.05.2004;01.03.2025;m;2004;SGB III;06635",
             "Ayşe;Yılmaz;01.01.2003;01.03.2025;w;2004;SGB III;06635"]
    path = write(tmp_path, "\n".join(lines))
    result = participants_check(path, "liste.csv")
    assert errors_of(result) == [(3, "geburtsjahr")]
    assert "passt nicht zum Geburtsdatum" in result.errors[0]["message"]
    assert "Ayşe" not in str(result.errors) and "2003" not in str(result.errors)
    path = write(tmp_path, "\n".join(lines[:2]))
    participants_import(actor=provider_user, project=project, year=2025, path=path,
                        name="liste.csv")
    record = Participant.objects.get()
    assert record.pseudonym == pseudonym.from_person("Jürgen", "Müller",
                                                     datetime.date(2004, 5, 17))
    entry = AuditEntry.objects.filter(action="monitoring.import").get()
    assert "Müller" not in str(entry.changes) + entry.summary


@pytest.mark.django_db
def test_a_reentry_in_the_file_is_one_participant(project, provider_user, tmp_path):
    lines = [HEADER, GOOD, "A-1;01.09.2025;;w;2004;SGB II;;06635;;nein"]
    result = participants_import(actor=provider_user, project=project, year=2025,
                                 path=write(tmp_path, "\n".join(lines)), name="liste.csv")
    assert (result.stored, result.created, result.reentries) == (2, 1, 1)
    record = Participant.objects.get()
    assert (record.entry_date, record.entries) == (datetime.date(2025, 2, 13), 2)


@pytest.mark.django_db
def test_one_error_stores_nothing(project, provider_user, tmp_path):
    lines = [HEADER, GOOD, "A-2;13.02.2025;;w;2004;SGB II;;06635;;nein",
             "A-3;13.02.2025;;w;2004;SGB II;;06999;;nein"]
    result = participants_import(actor=provider_user, project=project, year=2025,
                                 path=write(tmp_path, "\n".join(lines)), name="liste.csv")
    assert result.stored == 0 and errors_of(result) == [(4, "wohnort_ags")]
    assert not Participant.objects.exists()
    assert not AuditEntry.objects.filter(action="monitoring.import").exists()


@pytest.mark.django_db
def test_check_only_stores_nothing(project, provider_user, tmp_path):
    result = participants_import(actor=provider_user, project=project, year=2025,
                                 path=write(tmp_path, HEADER + "\n" + GOOD), name="liste.csv",
                                 check_only=True)
    assert (result.rows, result.stored, result.errors) == (1, 0, [])
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_an_xlsx_file_with_dates_and_numbers_as_cells(project, provider_user, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(";"))
    sheet.append(["A-1", datetime.date(2025, 2, 13), "30.06.2025", "w", 2004, "SGB II",
                  "ISCED 3-4", 6635, None, "nein"])
    sheet.append(["A-2", datetime.date(2025, 2, 13), None, "w", 2004, "SGB II", None,
                  "06635", "Ausbildung", "nein"])
    path = tmp_path / "liste.xlsx"
    book.save(path)
    result = participants_import(actor=provider_user, project=project, year=2025, path=path,
                                 name="liste.xlsx")
    assert errors_of(result) == [(3, "verbleib_6_monate")]
    with pytest.raises(FileUnreadable, match="keine lesbare XLSX"):
        participants_check(write(tmp_path, "PK\x03\x04kaputt", "kaputt.xlsx"), "kaputt.xlsx")


@pytest.mark.django_db
def test_the_templates_filled_in_import_cleanly(project, provider_user, tmp_path):
    from openpyxl import load_workbook

    from aqb.monitoring import blanks

    csv_path = tmp_path / "vorlage.csv"
    row = "A-1;;;;13.02.2025;;w;2004;SGB II;arbeitslos;ISCED 3-4;EU;nein;06635;ja;;;;nein"
    csv_path.write_bytes(blanks.template_csv() + (row + "\r\n").encode())
    text = blanks.template_csv().decode("utf-8-sig")
    assert "# geschlecht: Pflicht; w, m, d, keine Angabe" in text
    assert "# bildung: freiwillig (leer = nicht bekannt); ISCED 0-2, ISCED 3-4, ISCED 5-8" \
        in text
    result = participants_import(actor=provider_user, project=project, year=2025,
                                 path=csv_path, name="vorlage.csv")
    assert (result.rows, result.stored, result.errors) == (1, 1, [])

    xlsx_path = tmp_path / "vorlage.xlsx"
    xlsx_path.write_bytes(blanks.template_xlsx())
    book = load_workbook(xlsx_path)
    assert book.sheetnames == ["Teilnehmende", "Zulässige Werte"]
    explained = {r[0]: r[2] for r in book["Zulässige Werte"].iter_rows(values_only=True)}
    assert explained["verbleib"].startswith("Ausbildung, Beschäftigung, schulische Bildung")
    book["Teilnehmende"].append(row.replace("A-1", "A-2").split(";"))
    book["Teilnehmende"].append(["A-3", None, None, None, datetime.date(2025, 3, 1), None, "d",
                                 2000, "AsylbLG", None, None, "Drittstaat", None, "06611"])
    book.save(xlsx_path)
    result = participants_import(actor=provider_user, project=project, year=2025,
                                 path=xlsx_path, name="vorlage.xlsx")
    assert (result.rows, result.stored, result.errors) == (2, 2, [])
    assert Participant.objects.count() == 3


@pytest.mark.django_db
def test_a_big_xlsx_sheet_is_streamed_with_the_same_result(project, provider_user, tmp_path,
                                                           monkeypatch):
    """Above the sheet size calamine may hold, the streaming reader takes over: same rows,
    same errors, same records."""
    from openpyxl import Workbook

    from aqb.monitoring import reading

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(";"))
    sheet.append(["A-1", datetime.date(2025, 2, 13), "30.06.2025", "w", 2004, "SGB II",
                  "ISCED 3-4", 6635, None, "nein"])
    sheet.append(["A-2", datetime.date(2025, 2, 13), None, "w & m", 2004, "SGB II", None,
                  "06635", "Ausbildung", "nein"])
    sheet.append([])
    sheet.append(["A-3", "2025-03-01", None, "d", 2001, "keiner", None, "06611", None, None])
    path = tmp_path / "gross.xlsx"
    book.save(path)
    small = participants_check(path, "gross.xlsx")
    rows_small = list(reading.rows(path, "gross.xlsx"))
    monkeypatch.setattr(reading, "MAX_XLSX_SHEET_BYTES", 0)
    rows_big = list(reading.rows(path, "gross.xlsx"))
    assert [line for line, _ in rows_big] == [line for line, _ in rows_small] == [1, 2, 3, 5]
    big = participants_check(path, "gross.xlsx")
    assert big.errors == small.errors and errors_of(big) == [(3, "geschlecht"),
                                                            (3, "verbleib_6_monate")]
    assert "„w & m“" in big.errors[0]["message"]
    sheet.delete_rows(3)
    book.save(path)
    result = participants_import(actor=provider_user, project=project, year=2025, path=path,
                                 name="gross.xlsx")
    assert (result.stored, result.errors) == (2, [])
    one = Participant.objects.get(pseudonym="t:A-1")
    assert (one.entry_date, one.exit_date, one.residence_ags, one.education) == (
        datetime.date(2025, 2, 13), datetime.date(2025, 6, 30), "06635", "isced34")
