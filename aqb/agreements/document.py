"""The agreement as a document: one structured source that every renderer draws from.

`agreement_document(agreement)` fills the clauses of the agreement's template version with the
region's grammatical forms, the ministry's name valid on the agreement's date, the budget
lines, the measure types with their projects and the signatures. The renderers in `render/`
turn the result into text, HTML, PDF (Typst) and DOCX.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from aqb.german.dates import format_date
from aqb.german.grammar import GrammarError, NameForms, ministry_forms
from aqb.german.money import format_euro
from aqb.regions.selectors import granting_authority, ministry_on

from . import default_template


@dataclass(frozen=True)
class Paragraph:
    text: str  # may hold single line breaks


@dataclass(frozen=True)
class BudgetEntry:
    amount: str   # "773.920 Euro"
    source: str   # "aus dem Ausbildungs- und Qualifizierungsbudget 2025 zur Verfügung."


@dataclass(frozen=True)
class BudgetBlock:
    entries: tuple[BudgetEntry, ...]


@dataclass(frozen=True)
class MeasureEntry:
    number: int
    title: str
    projects: tuple[str, ...]


@dataclass(frozen=True)
class MeasureBlock:
    measures: tuple[MeasureEntry, ...]


Block = Paragraph | BudgetBlock | MeasureBlock


@dataclass(frozen=True)
class Section:
    heading: str
    titles: tuple[str, ...]
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class SignatureBlock:
    party: str
    place: str
    date: date | None
    name: str
    title: str
    institution: tuple[str, ...]
    signed: bool

    @property
    def place_line(self) -> str:
        when = format_date(self.date) if self.date else "________________"
        return f"{self.place or '________________'}, den {when}"


@dataclass(frozen=True)
class AgreementDocument:
    year: int
    region_ags: str
    region_name: str
    ministry_name: str
    ministry_short: str
    ministry_dative: str
    region_dative: str
    purpose: str
    sections: tuple[Section, ...]
    signatures: tuple[SignatureBlock, ...]
    status_label: str
    is_draft: bool
    is_demo: bool
    version: int = 1
    title: str = "Zielvereinbarung"
    meta: dict = field(default_factory=dict, compare=False)

    @property
    def filename_stem(self) -> str:
        return f"Zielvereinbarung_{self.year}_{self.region_ags}"


def _ministry_forms(name: str) -> NameForms:
    try:
        return ministry_forms(name)
    except GrammarError:
        return NameForms(name, name, name)


def agreement_date(agreement) -> date:
    """The date that decides the ministry's name: the ministry's signature, else the region's,
    else today (a draft speaks in the present)."""
    dates = {s.party: s.date for s in agreement.signatures.all()}
    return dates.get("ministry") or dates.get("region") or timezone.localdate()


def placeholder_values(*, year: int, ministry_name: str, ministry_short: str,
                       region_forms: NameForms, region_name: str,
                       authority_name: str) -> dict[str, str]:
    m = _ministry_forms(ministry_name)
    return {
        "jahr": str(year),
        "ministerium": ministry_name,
        "ministerium_nominativ": m.nominative,
        "Ministerium_nominativ": m.nominative_capitalized,
        "ministerium_dativ": m.dative,
        "ministerium_genitiv": m.genitive,
        "ministerium_kurz": ministry_short,
        "region": region_name,
        "region_nominativ": region_forms.nominative,
        "Region_nominativ": region_forms.nominative_capitalized,
        "region_dativ": region_forms.dative,
        "region_genitiv": region_forms.genitive,
        "region_akkusativ": region_forms.accusative,
        "bewilligungsbehoerde": authority_name,
    }


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class TemplateError(ValueError):
    pass


def fill(text: str, values: dict[str, str]) -> str:
    def sub(m: re.Match) -> str:
        key = m.group(1)
        if key not in values:
            raise TemplateError(f"Unbekannter Platzhalter „{{{key}}}“ in der Vorlage.")
        return values[key]

    return _PLACEHOLDER.sub(sub, text)


def check_template_text(text: str) -> list[str]:
    """German messages for unknown placeholders in a template text (for the editor)."""
    return [f"Unbekannter Platzhalter „{{{k}}}“." for k in _PLACEHOLDER.findall(text)
            if k not in default_template.PLACEHOLDERS]


def budget_block(lines: list[tuple[str, Decimal | None]], year: int) -> BudgetBlock:
    entries = []
    for i, (name, amount) in enumerate(lines):
        last = i == len(lines) - 1
        amount_text = format_euro(amount) if amount is not None else "(Betrag nicht festgelegt)"
        tail = " zur Verfügung." if last else " und"
        entries.append(BudgetEntry(amount_text, f"aus dem {name} {year}{tail}"))
    return BudgetBlock(tuple(entries))


def wrap_institution(text: str, width: int = 24) -> tuple[str, ...]:
    return tuple(textwrap.wrap(text, width=width, break_on_hyphens=False,
                               break_long_words=False))


def build_document(*, year: int, region, ministry_name: str, ministry_short: str,
                   authority_name: str, purpose: str, clauses: list[dict],
                   budget_lines: list[tuple[str, Decimal | None]],
                   measures: list[MeasureEntry], signatures: list[dict], status_label: str,
                   is_draft: bool, is_demo: bool, version: int = 1) -> AgreementDocument:
    forms = region.forms
    values = placeholder_values(year=year, ministry_name=ministry_name,
                                ministry_short=ministry_short, region_forms=forms,
                                region_name=region.name, authority_name=authority_name)
    sections = []
    for clause in clauses:
        blocks: list[Block] = []
        for para in re.split(r"\n\s*\n", clause["body"].strip()):
            stripped = para.strip()
            if stripped == "{haushaltsmittel}":
                blocks.append(budget_block(budget_lines, year))
            elif stripped == "{massnahmen}":
                blocks.append(MeasureBlock(tuple(measures)))
            elif stripped:
                blocks.append(Paragraph(fill(stripped, values)))
        sections.append(Section(clause["heading"],
                                tuple(fill(t, values) for t in clause.get("titles", [])),
                                tuple(blocks)))
    by_party = {s["party"]: s for s in signatures}
    sig_blocks = []
    for party in ("ministry", "region"):
        s = by_party.get(party)
        if party == "ministry":
            institution = wrap_institution(ministry_name)
            default_place = "Wiesbaden"
        else:
            institution = wrap_institution(forms.genitive)
            default_place = region.seat.split(" (")[0]
        sig_blocks.append(SignatureBlock(
            party=party,
            place=(s or {}).get("place") or default_place,
            date=(s or {}).get("date"),
            name=(s or {}).get("name", ""),
            title=(s or {}).get("title", ""),
            institution=institution,
            signed=s is not None,
        ))
    m = _ministry_forms(ministry_name)
    return AgreementDocument(
        year=year, region_ags=region.ags, region_name=region.name,
        ministry_name=ministry_name, ministry_short=ministry_short,
        ministry_dative=m.dative, region_dative=forms.dative, purpose=purpose,
        sections=tuple(sections), signatures=tuple(sig_blocks), status_label=status_label,
        is_draft=is_draft, is_demo=is_demo, version=version,
    )


def agreement_document(agreement) -> AgreementDocument:
    """The document of a stored agreement."""
    when = agreement_date(agreement)
    ministry = ministry_on(when)
    authority = granting_authority()
    template = agreement.template
    clauses = template.clauses if template else default_template.CLAUSES
    purpose = template.purpose if template else default_template.PURPOSE
    measures = [
        MeasureEntry(m.number, m.title, tuple(p.label for p in m.projects.all()))
        for m in agreement.measures.prefetch_related("projects").order_by("number")
    ]
    signatures = [
        {"party": s.party, "place": s.place, "date": s.date, "name": s.name, "title": s.title}
        for s in agreement.signatures.all()
    ]
    return build_document(
        year=agreement.programme_year.year, region=agreement.region,
        ministry_name=ministry.name, ministry_short=ministry.short_name,
        authority_name=authority.name if authority else "Regierungspräsidium Kassel",
        purpose=purpose, clauses=clauses,
        budget_lines=[(b.name, b.amount) for b in agreement.budget_lines.order_by("order")],
        measures=measures, signatures=signatures,
        status_label=agreement.get_status_display(),
        is_draft=not agreement.is_signed, is_demo=agreement.is_demo,
        version=agreement.version,
    )
