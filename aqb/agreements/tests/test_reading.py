"""Parsing agreement texts: the signed 2025 seed and variants built from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aqb.agreements.reading import (
    NotAnAgreementError,
    RegionRef,
    parse_agreement,
    project_from_label,
    read_agreement,
    region_refs_from_csv,
)
from aqb.agreements.reading.regions import RegionMatcher
from aqb.agreements.reading.text import join_wrapped, merge_hyphenated

FIXTURES = Path(__file__).parent / "fixtures"
SEED_PATH = FIXTURES / "zielvereinbarung_2025_waldeck_frankenberg.txt"
SEED = SEED_PATH.read_text(encoding="utf-8")
REGIONS = region_refs_from_csv(FIXTURES / "regions.csv")

MEASURE_TITLES = [
    "Ausbildungsvorbereitung",
    "Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen",
    "Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung",
    "Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte in der "
    "fachlichen Verantwortung für Benachteiligte im Kontext der Arbeitsmarktförderung",
]


def _project(label: str, short: str, long: str) -> dict[str, str]:
    return {"label": label, "short": short, "long": long}


SEED_MEASURES = [
    {
        "number": 1,
        "title": MEASURE_TITLES[0],
        "projects": [
            _project(
                "AVIA (Aktivierung und Vermittlung von Migranten)",
                "AVIA",
                "Aktivierung und Vermittlung von Migranten",
            )
        ],
    },
    {"number": 2, "title": MEASURE_TITLES[1], "projects": []},
    {
        "number": 3,
        "title": MEASURE_TITLES[2],
        "projects": [
            _project("Checkpoint", "Checkpoint", "Checkpoint"),
            _project("Restart", "Restart", "Restart"),
            _project("FiB (Fit für die Berufswelt)", "FiB", "Fit für die Berufswelt"),
            _project(
                "Berufs- und Sprachscout Projekt (BSP)", "BSP", "Berufs- und Sprachscout Projekt"
            ),
        ],
    },
    {"number": 4, "title": MEASURE_TITLES[3], "projects": []},
]

SEED_JSON = {
    "year": 2025,
    "ministry": "Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales",
    "region": {"ags": "06635", "name": "Landkreis Waldeck-Frankenberg"},
    "budgets": [{"name": "Ausbildungs- und Qualifizierungsbudget", "amount": "773920.00"}],
    "measures": SEED_MEASURES,
    "granting_authority": "Regierungspräsidium Kassel",
    "signatures": [
        {
            "party": "ministry",
            "place": "Wiesbaden",
            "date": "2025-08-02",
            "name": "Heike Hofmann",
            "title": "Staatsministerin",
        },
        {
            "party": "region",
            "place": "Korbach",
            "date": "2025-08-13",
            "name": "Karl-Friedrich Frese",
            "title": "Erster Kreisbeigeordneter",
        },
    ],
    "missing": [],
    "unread": [],
}

SEED_SECTION_4 = """Das HMSI stellt dem Landkreis Landkreis Waldeck-Frankenberg im Jahr 2025
Haushaltsmittel in Höhe von insgesamt

773.920 Euro

aus dem Ausbildungs- und Qualifizierungsbudget 2025 zur Verfügung."""

SEED_SIGNATURES = SEED[SEED.index("Wiesbaden, den") :]


def replace_all(text: str, *pairs: tuple[str, str]) -> str:
    """Apply replacements in order; each must change the text (guards against typos)."""
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    return text


def parse(text: str) -> dict:
    return parse_agreement(text, regions=REGIONS).to_json_dict()


# ------------------------------------------------------------------------ the seed


def test_seed_parses_to_expected_json() -> None:
    assert parse(SEED) == SEED_JSON


def test_seed_via_read_agreement_is_complete() -> None:
    agreement = read_agreement(SEED_PATH, regions=REGIONS)
    assert agreement.is_complete
    assert agreement.missing == ()
    assert agreement.to_json_dict() == SEED_JSON
    assert agreement.signature("region").institution == (
        "des Landkreises Landkreis Waldeck-Frankenberg"
    )


def test_seed_with_windows_line_endings_and_nbsp() -> None:
    text = SEED.replace("\n", "\r\n").replace("773.920 Euro", "773.920\u00a0Euro")
    assert parse(text) == SEED_JSON


# -------------------------------------------------------------- a 2020 agreement


def odenwald_2020(section_4: str) -> str:
    """The seed turned into a 2020 agreement of the Odenwaldkreis with the HMSI."""
    text = replace_all(
        SEED,
        (SEED_SECTION_4, section_4),
        (
            "Hessisches Ministerium\nfür Arbeit, Integration,\nJugend und Soziales",
            "Hessisches Ministerium\nfür Soziales und Integration",
        ),
        ("des Landkreises\nLandkreis Waldeck-\nFrankenberg", "des Odenwaldkreises"),
        ("Arbeit, Integration, Jugend und Soziales", "Soziales und Integration"),
        ("Landkreises Landkreis Waldeck-Frankenberg", "Odenwaldkreises"),
        ("Landkreis Landkreis Waldeck-Frankenberg", "Odenwaldkreis"),
        ("Landkreis Waldeck-Frankenberg", "Odenwaldkreis"),
        ("Wiesbaden, den 2. 8. 2025", "Wiesbaden, den 23. Juni 2020"),
        ("Korbach, den 13. Aug. 2025", "Erbach, 23.06.2020"),
        ("Heike Hofmann", "Kai Klose"),
        ("Staatsministerin", "Staatsminister"),
        ("Karl-Friedrich Frese", "Frank Matiaske"),
        ("Erster Kreisbeigeordneter", "Landrat"),
        ("2025", "2020"),
        (
            "2. Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen\n",
            "2. Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen\n - keine -\n",
        ),
        ("Arbeitsmarktförderung\n", "Arbeitsmarktförderung\nkeine\n"),
    )
    return text


ODENWALD_JSON = {
    **SEED_JSON,
    "year": 2020,
    "ministry": "Hessisches Ministerium für Soziales und Integration",
    "region": {"ags": "06437", "name": "Odenwaldkreis"},
    "budgets": [
        {"name": "Ausbildungs- und Qualifizierungsbudget", "amount": "452700.00"},
        {"name": "Arbeitsmarktbudget", "amount": "83100.00"},
    ],
    "signatures": [
        {
            "party": "ministry",
            "place": "Wiesbaden",
            "date": "2020-06-23",
            "name": "Kai Klose",
            "title": "Staatsminister",
        },
        {
            "party": "region",
            "place": "Erbach",
            "date": "2020-06-23",
            "name": "Frank Matiaske",
            "title": "Landrat",
        },
    ],
}

TWO_BUDGETS_IN_ONE_SENTENCE = (
    "Das HMSI stellt dem Odenwaldkreis im Jahr 2020 Haushaltsmittel in Höhe von\n"
    "insgesamt 452.700 Euro aus dem Ausbildungs- und Qualifizierungsbudget 2020 und\n"
    "83.100 Euro aus dem Arbeitsmarktbudget 2020 zur Verfügung."
)
TWO_AMOUNT_LINES = (
    "Das HMSI stellt dem Odenwaldkreis im Jahr 2020 Haushaltsmittel in Höhe von\n\n"
    "452.700,00 € aus dem Ausbildungs- und Qualifizierungsbudget 2020\n\n"
    "83.100,00 € aus dem Arbeitsmarktbudget 2020\n\nzur Verfügung."
)
BUDGETS_AS_LIST = (
    "Das HMSI stellt dem Odenwaldkreis im Jahr 2020 folgende Haushaltsmittel zur Verfügung:\n\n"
    "Ausbildungs- und Qualifizierungsbudget 2020: 452.700 Euro\n"
    "Arbeitsmarktbudget 2020: 83.100 Euro"
)


@pytest.mark.parametrize(
    "section_4", [TWO_BUDGETS_IN_ONE_SENTENCE, TWO_AMOUNT_LINES, BUDGETS_AS_LIST]
)
def test_2020_agreement_with_two_budgets(section_4: str) -> None:
    assert parse(odenwald_2020(section_4)) == ODENWALD_JSON


def test_budget_years_are_kept() -> None:
    agreement = parse_agreement(odenwald_2020(TWO_AMOUNT_LINES), regions=REGIONS)
    assert [budget.year for budget in agreement.budgets] == [2020, 2020]


def test_budget_without_amount_is_null_and_reported_missing() -> None:
    text = replace_all(SEED, ("773.920 Euro", "___ Euro"))
    result = parse(text)
    assert result["budgets"] == [{"name": "Ausbildungs- und Qualifizierungsbudget", "amount": None}]
    assert result["missing"] == ["budgets"]


def test_budget_named_without_any_amount() -> None:
    text = replace_all(
        SEED,
        ("Haushaltsmittel in Höhe von insgesamt\n\n773.920 Euro\n\n", "Haushaltsmittel\n"),
    )
    result = parse(text)
    assert result["budgets"] == [{"name": "Ausbildungs- und Qualifizierungsbudget", "amount": None}]


# ------------------------------------------------------------ names and forms


def test_ministry_as_hessisches_sozialministerium_and_spaced_region_name() -> None:
    text = replace_all(
        SEED,
        (
            "dem Hessischen Ministerium für Arbeit, Integration, Jugend und Soziales\n",
            "dem Hessischen Sozialministerium\n",
        ),
        ("und dem Landkreis Landkreis Waldeck-Frankenberg", "und dem Main - Kinzig - Kreis"),
    )
    result = parse(text)
    assert result["ministry"] == "Hessisches Sozialministerium"
    assert result["region"] == {"ags": "06435", "name": "Main-Kinzig-Kreis"}


def test_stadt_kassel_is_not_landkreis_kassel() -> None:
    text = replace_all(
        SEED,
        ("des Landkreises\nLandkreis Waldeck-\nFrankenberg", "der Stadt Kassel"),
        ("Korbach, den", "Kassel, den"),
        ("Karl-Friedrich Frese", "Christian Geselle"),
        ("Erster Kreisbeigeordneter", "Oberbürgermeister"),
        ("Der Landkreis Landkreis Waldeck-Frankenberg", "Die Stadt Kassel"),
        ("des Landkreises Landkreis Waldeck-Frankenberg", "der Stadt Kassel"),
        ("dem Landkreis Landkreis Waldeck-Frankenberg", "der Stadt Kassel"),
        ("den Landkreis Landkreis Waldeck-Frankenberg", "die Stadt Kassel"),
        ("der Landkreis Waldeck-Frankenberg", "die Stadt Kassel"),
        ("dem Landkreis Waldeck-Frankenberg", "der Stadt Kassel"),
    )
    assert "Waldeck" not in text
    result = parse(text)
    assert result["region"] == {"ags": "06611", "name": "Stadt Kassel"}
    assert result["signatures"][1] == {
        "party": "region",
        "place": "Kassel",
        "date": "2025-08-13",
        "name": "Christian Geselle",
        "title": "Oberbürgermeister",
    }
    assert result["granting_authority"] == "Regierungspräsidium Kassel"
    assert result["missing"] == []


@pytest.mark.parametrize(
    ("partner", "ags"),
    [
        ("dem Landkreis Kassel", "06633"),
        ("der Stadt Kassel", "06611"),
        ("dem Kreis Bergstraße", "06431"),
        ("dem Landkreis Bergstraße", "06431"),
        ("der Wissenschaftsstadt Darmstadt", "06411"),
        ("dem Landkreis Darmstadt-Dieburg", "06432"),
        ("der Landeshauptstadt Wiesbaden", "06414"),
        ("dem Kreis Offenbach", "06438"),
        ("der Stadt Offenbach am Main", "06413"),
        ("dem Main - Kinzig - Kreis", "06435"),
        ("dem Landkreis Landkreis Waldeck-\nFrankenberg", "06635"),
        ("dem Kreis Groß-Gerau", "06433"),
        ("dem Werra-Meißner-Kreis", "06636"),
    ],
)
def test_region_in_head(partner: str, ags: str) -> None:
    text = replace_all(SEED, ("und dem Landkreis Landkreis Waldeck-Frankenberg", f"und {partner}"))
    # The body still names Waldeck-Frankenberg: the head must win.
    assert parse(text)["region"]["ags"] == ags


def test_region_name_is_first_known_spelling() -> None:
    regions = [RegionRef("06411", ("Stadt Darmstadt", "Wissenschaftsstadt Darmstadt"))]
    text = replace_all(
        SEED,
        ("und dem Landkreis Landkreis Waldeck-Frankenberg", "und der Wissenschaftsstadt Darmstadt"),
    )
    assert parse_agreement(text, regions=regions).to_json_dict()["region"] == {
        "ags": "06411",
        "name": "Stadt Darmstadt",
    }


def test_region_matcher_ignores_regierungspraesidium() -> None:
    matcher = RegionMatcher(REGIONS)
    assert matcher.first("vom Regierungspräsidium Kassel erlassenen Bescheid") is None
    assert matcher.first("des Main-Kinzig-Kreises").ags == "06435"
    assert matcher.first("des Landkreises Waldeck-Frankenberg").ags == "06635"


def test_unknown_region_is_missing() -> None:
    regions = [r for r in REGIONS if r.ags != "06635"]
    result = parse_agreement(SEED, regions=regions)
    assert result.region is None
    assert result.missing == ("region",)


# ------------------------------------------------------------------ measures


def test_measure_with_keine_marks_and_wrapped_titles() -> None:
    text = replace_all(
        SEED,
        (
            " - AVIA (Aktivierung und Vermittlung von Migranten)",
            " - AVIA (Aktivierung und Vermittlung von\n   Migranten)",
        ),
        (
            "2. Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen\n",
            "2. Ausbildung und Ausbildungscoaching in an-\nerkannten Ausbildungsberufen\n  keine\n",
        ),
        ("Berufs- und Sprachscout Projekt (BSP)", "Berufs- und\nSprachscout Projekt (BSP)"),
    )
    assert parse(text)["measures"] == SEED_MEASURES


def test_measures_with_bullets_and_blank_lines() -> None:
    text = replace_all(
        SEED,
        (" - AVIA", "\n• AVIA"),
        (" - Checkpoint", "\n– Checkpoint"),
        ("2. Ausbildung und", "\n2. Ausbildung und"),
        ("\n4. Weiterbildungs", "\n(keine)\n\n4. Weiterbildungs"),
    )
    assert parse(text)["measures"] == SEED_MEASURES


@pytest.mark.parametrize(
    ("label", "short", "long"),
    [
        (
            "AVIA (Aktivierung und Vermittlung von Migranten)",
            "AVIA",
            "Aktivierung und Vermittlung von Migranten",
        ),
        ("Berufs- und Sprachscout Projekt (BSP)", "BSP", "Berufs- und Sprachscout Projekt"),
        ("FiB (Fit für die Berufswelt)", "FiB", "Fit für die Berufswelt"),
        ("Checkpoint", "Checkpoint", "Checkpoint"),
        (
            "Jugend stärken (im Quartier)",
            "Jugend stärken (im Quartier)",
            "Jugend stärken (im Quartier)",
        ),
        ("Werkstatt (2025)", "Werkstatt (2025)", "Werkstatt (2025)"),
    ],
)
def test_project_short_and_long(label: str, short: str, long: str) -> None:
    project = project_from_label(label)
    assert (project.label, project.short, project.long) == (label, short, long)


# ---------------------------------------------------------------- signatures


def test_signatures_side_by_side() -> None:
    columns = (
        "Wiesbaden, den 2. 8. 2025          Korbach, den 13. Aug. 2025\n"
        "\n"
        "Heike Hofmann                      Karl-Friedrich Frese\n"
        "\n"
        "Heike Hofmann                      Karl-Friedrich Frese\n"
        "Staatsministerin                   Erster Kreisbeigeordneter\n"
        "Hessisches Ministerium             des Landkreises\n"
        "für Arbeit, Integration,           Landkreis Waldeck-\n"
        "Jugend und Soziales                Frankenberg\n"
    )
    assert parse(SEED.replace(SEED_SIGNATURES, columns)) == SEED_JSON


def test_signatures_side_by_side_with_wrapped_date_and_title() -> None:
    columns = (
        "Wiesbaden, den 2. 8.      Korbach, den 13. Aug.\n"
        "2025                      2025\n"
        "Heike Hofmann             Karl-Friedrich Frese\n"
        "Staatsministerin          Erster Kreisbeigeordne-\n"
        "Hessisches Ministerium    ter\n"
        "für Arbeit, Integration,  des Landkreises\n"
        "Jugend und Soziales       Landkreis Waldeck-\n"
        "                          Frankenberg\n"
    )
    assert parse(SEED.replace(SEED_SIGNATURES, columns)) == SEED_JSON


def test_signature_blocks_classified_by_institution_not_order() -> None:
    ministry, region = SEED_SIGNATURES.split("Korbach, den")
    swapped = "Korbach, den" + region + "\n\n" + ministry
    result = parse(SEED.replace(SEED_SIGNATURES, swapped))
    assert result["signatures"] == SEED_JSON["signatures"]


def test_signature_part_cut_off() -> None:
    text = SEED[: SEED.index("Wiesbaden, den")]
    agreement = parse_agreement(text, regions=REGIONS)
    assert agreement.missing == ("signature:ministry", "signature:region")
    assert not agreement.is_complete
    result = agreement.to_json_dict()
    assert result["signatures"] == []
    assert result["missing"] == ["signature:ministry", "signature:region"]
    assert {k: v for k, v in result.items() if k not in ("signatures", "missing")} == {
        k: v for k, v in SEED_JSON.items() if k not in ("signatures", "missing")
    }


def test_region_signature_missing() -> None:
    text = SEED[: SEED.index("Korbach, den")]
    assert parse(text)["missing"] == ["signature:region"]


# ------------------------------------------------------------ not an agreement


NOT_AN_AGREEMENT = """Pressemitteilung

Neue Radwege im Landkreis Fulda

Der Kreistag hat am 3. März 2025 beschlossen, drei neue Radwege zu bauen.
Die Kosten betragen 1.200.000 Euro.
"""


def test_not_an_agreement() -> None:
    with pytest.raises(NotAnAgreementError, match="keine Zielvereinbarung"):
        parse_agreement(NOT_AN_AGREEMENT, regions=REGIONS)


def test_empty_text_is_not_an_agreement() -> None:
    with pytest.raises(NotAnAgreementError):
        parse_agreement("", regions=REGIONS)


def test_not_an_agreement_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "upload-1234.txt"
    path.write_text(NOT_AN_AGREEMENT, encoding="utf-8")
    with pytest.raises(NotAnAgreementError, match="„Radwege.txt“") as caught:
        read_agreement(path, regions=REGIONS, filename="Radwege.txt")
    assert caught.value.filename == "Radwege.txt"
    assert isinstance(caught.value, ValueError)


def test_agreement_without_title_word_but_with_parts_is_read() -> None:
    text = SEED.replace("Zielvereinbarungen", "Vereinbarungen").replace(
        "Zielvereinbarung", "Vereinbarung"
    )
    assert "Zielvereinbarung" not in text
    assert parse(text)["measures"] == SEED_MEASURES


def test_fragment_with_title_only_lists_everything_missing() -> None:
    agreement = parse_agreement("Zielvereinbarung\n\nEntwurf", regions=REGIONS)
    assert agreement.missing == (
        "year",
        "ministry",
        "region",
        "budgets",
        "measures",
        "granting_authority",
        "signature:ministry",
        "signature:region",
    )


# ------------------------------------------------------- layout robustness


def test_join_wrapped_undoes_hyphenation() -> None:
    assert join_wrapped(["Ausbildungs- und Qualifizierungs-", "budget"]) == (
        "Ausbildungs- und Qualifizierungsbudget"
    )
    assert join_wrapped(["Ausbildungs-", "und Qualifizierungsbudget"]) == (
        "Ausbildungs- und Qualifizierungsbudget"
    )
    assert (
        join_wrapped(["Landkreis Waldeck-", "", "Frankenberg"]) == "Landkreis Waldeck-Frankenberg"
    )
    assert merge_hyphenated(["Erster Kreisbeigeordne-", "ter", "des Landkreises"]) == [
        "Erster Kreisbeigeordneter",
        "des Landkreises",
    ]


_LETTER_PAIR = re.compile(r"(?<=[a-zäöüß]{3})(?=[a-zäöüß]{3})")
_NOT_A_TAIL = {"und", "oder", "sowie", "bis", "als", "wie"}


def layout(text: str, width: int, choose: st.DataObject) -> str:
    """Re-wrap each line like a layout engine: greedy, hyphenating words that do not fit."""
    out: list[str] = []
    for line in text.split("\n"):
        words, current = line.split(), ""
        while words:
            word = words.pop(0)
            candidate = f"{current} {word}" if current else word
            if len(candidate) <= width or not current:
                current = candidate
                continue
            cuts = [
                m.start()
                for m in _LETTER_PAIR.finditer(word)
                if len(current) + m.start() + 2 <= width
                and word[m.start() :].split("-")[0] not in _NOT_A_TAIL
            ]
            if cuts and choose.draw(st.booleans()):
                cut = choose.draw(st.sampled_from(cuts))
                out.append(f"{current} {word[:cut]}-")
                current = word[cut:]
            else:
                out.append(current)
                current = word
        out.append(current)
    return "\n".join(out)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(width=st.integers(min_value=28, max_value=90), choose=st.data())
def test_rewrapped_and_hyphenated_seed_parses_the_same(width: int, choose: st.DataObject) -> None:
    head_and_body = SEED[: SEED.index("Wiesbaden, den")]
    text = layout(head_and_body, width, choose) + "\n" + SEED_SIGNATURES
    assert parse(text) == SEED_JSON


# ---------------------------------------------------------------- more layouts


def test_undated_blocks_with_printed_names_are_no_signatures() -> None:
    """A draft prints place, a line and the signatories' names; nobody has signed yet."""
    signatures = (
        "Wiesbaden, den ____________\t\tKorbach, den ____________\n\n"
        "Heike Hofmann, Staatsministerin\t\tKarl-Friedrich Frese, Erster Kreisbeigeordneter\n"
        "Hessisches Ministerium für Arbeit,\t\tdes Landkreises Waldeck-Frankenberg\n"
        "Integration, Jugend und Soziales\n"
    )
    result = parse(SEED.replace(SEED_SIGNATURES, signatures))
    assert result["signatures"] == []
    assert result["missing"] == ["signature:ministry", "signature:region"]


def test_empty_signature_blocks_of_a_draft_are_no_signatures() -> None:
    signatures = (
        "Wiesbaden, den ________________\n\n________________________\n\n"
        "Hessisches Ministerium\nfür Arbeit, Integration,\nJugend und Soziales\n\n"
        "Korbach, den ________________\n\n________________________\n\n"
        "des Landkreises\nWaldeck-Frankenberg\n"
    )
    result = parse(SEED.replace(SEED_SIGNATURES, signatures))
    assert result["signatures"] == []
    assert result["missing"] == ["signature:ministry", "signature:region"]


def test_a_dated_block_without_a_name_is_no_signature() -> None:
    text = replace_all(SEED, ("Karl-Friedrich Frese\n", ""))
    assert "Frese" not in text
    assert parse(text)["missing"] == ["signature:region"]


def test_sentence_with_comma_and_den_is_no_signature() -> None:
    text = (
        SEED[: SEED.index("Wiesbaden, den")]
        + "Die Mittel, den Regionen zugewiesen, sind zu verwenden."
    )
    assert parse(text)["missing"] == ["signature:ministry", "signature:region"]


def test_budget_abbreviated_as_aqb() -> None:
    text = replace_all(
        SEED,
        ("aus dem Ausbildungs- und Qualifizierungsbudget 2025 zur", "aus dem AQB 2025 zur"),
    )
    assert parse(text)["budgets"] == SEED_JSON["budgets"]


def test_amount_after_a_year_is_not_glued_to_it() -> None:
    text = replace_all(
        SEED, ("insgesamt\n\n773.920 Euro", "insgesamt für das Jahr 2025 773.920 Euro")
    )
    assert parse(text)["budgets"] == SEED_JSON["budgets"]
