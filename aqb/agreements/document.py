"""The agreement as a document: one structured source that every renderer draws from.

`agreement_document(agreement)` fills the clauses of the agreement's template version with the
region's grammatical forms, the ministry's name valid on the agreement's date, the budget
lines, the measure types with their projects and the signatures. The renderers in `render/`
turn the result into text, HTML, PDF (Typst) and DOCX.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from aqb.german.dates import format_date
from aqb.german.grammar import GrammarError, NameForms, ministry_forms
from aqb.german.money import format_euro
from aqb.regions.selectors import granting_authority, ministry_on, signatory_on_unscoped

from . import default_template
from .targets import Targets, project_line


@dataclass(frozen=True)
class Paragraph:
    text: str  # one flowing paragraph (line breaks of the template are joined)


@dataclass(frozen=True)
class BudgetItem:
    """One budget line of § 4 when the total is broken down."""

    name: str     # "Arbeitsmarktbudget 2025"
    amount: str   # "83.100 Euro" or "Betrag nicht festgelegt"

    @property
    def text(self) -> str:
        return f"{self.name}: {self.amount}"


@dataclass(frozen=True)
class BudgetBlock:
    """§ 4: the total, the end of the sentence and, for more than one line, the lines.

    One line whose article is known: "773.920 Euro" / "aus dem Ausbildungs- und
    Qualifizierungsbudget 2025 zur Verfügung." Otherwise: the total / "zur Verfügung, und
    zwar:" / one "Name Jahr: Betrag" per line (no article needed, whatever the name).
    """

    total: str                      # "773.920 Euro"
    source: str                     # the rest of the sentence after the total
    items: tuple[BudgetItem, ...] = ()


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
    def signature_line(self) -> str:
        """What stands on the signature line of a copy: "gez. Heike Hofmann" once signed."""
        return f"gez. {self.name}" if self.signed and self.name else ""

    @property
    def lines(self) -> tuple[str, ...]:
        """Name, title and institution below the signature line."""
        return tuple(x for x in (self.name, self.title, *self.institution) if x)

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
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


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


NO_AMOUNT = "Betrag nicht festgelegt"

#: Endings of budget names whose dative article is "dem" (neuter or masculine nouns):
#: "aus dem Ausbildungs- und Qualifizierungsbudget", "aus dem Landesprogramm", "aus dem
#: Sozialfonds". Other names (plural "Landesmittel", feminine "Förderung", free text) are
#: listed as "Name Jahr: Betrag", which needs no article.
_DATIVE_DEM = re.compile(r"(?:budget|programm|fonds|etat|haushalt|kontingent)$", re.IGNORECASE)
_YEAR_WORD = re.compile(r"(?:19|20)\d{2}")
_ARTICLES = frozenset({"aus", "der", "die", "das", "dem", "den", "des"})


def budget_label(name: str, year: int) -> str:
    """The name of a budget line with its year: "Arbeitsmarktbudget 2025" (a name that already
    ends in a year keeps it)."""
    name = " ".join(name.split())
    return name if _YEAR_WORD.fullmatch(name.rsplit(" ", 1)[-1]) else f"{name} {year}"


def budget_source(name: str, year: int) -> str | None:
    """ "aus dem <Name> <Jahr>" where the name's article is known by rule, else None."""
    words = [w for w in name.split() if not _YEAR_WORD.fullmatch(w)]
    if any(w in _ARTICLES for w in words):  # "Mittel aus dem Landesprogramm": no rule
        return None
    if words and _DATIVE_DEM.search(words[-1]):
        return f"aus dem {budget_label(name, year)}"
    return None


def budget_block(lines: list[tuple[str, Decimal | None]], year: int) -> BudgetBlock:
    """§ 4 from the budget lines: a total, and each line named when there is more than one
    (or when its name takes no known article)."""
    amounts = [amount for _, amount in lines]
    if lines and all(a is not None for a in amounts):
        total = format_euro(sum(amounts, Decimal(0)))
    else:
        total = f"({NO_AMOUNT})"
    if not lines:
        return BudgetBlock(total, "zur Verfügung.")
    if len(lines) == 1:
        source = budget_source(lines[0][0], year)
        if source:
            return BudgetBlock(total, f"{source} zur Verfügung.")
    items = tuple(
        BudgetItem(budget_label(name, year),
                   format_euro(amount) if amount is not None else NO_AMOUNT)
        for name, amount in lines)
    return BudgetBlock(total, "zur Verfügung, und zwar:", items)


def _split_after_designation(text: str) -> tuple[str, ...]:
    """ "des Landkreises Waldeck-Frankenberg" → ("des Landkreises", "Waldeck-Frankenberg"):
    a long genitive breaks after the article and designation, never inside the name; a short
    one ("der Stadt Kassel") stays on one line."""
    words = text.split()
    if len(text) > 24 and len(words) >= 3 and words[0] in ("der", "des", "die", "dem"):
        return (" ".join(words[:2]), " ".join(words[2:]))
    return (text,)


def ministry_institution(ministry_name: str) -> tuple[str, ...]:
    """The ministry under the signature, in the nominative, broken before its scope:
    ("Hessisches Ministerium", "für Arbeit, Integration, Jugend und Soziales")."""
    head, sep, scope = " ".join(ministry_name.split()).partition(" für ")
    return (head, f"für {scope}") if sep else (head,)


def region_institution(region, *, with_person: bool) -> tuple[str, ...]:
    """The region under the signature.

    Below a name or title it is the genitive ("Landrat" / "des Landkreises" /
    "Waldeck-Frankenberg"); with nobody named it is the body that represents the region in
    law (Kreisausschuss of a district, § 45 HKO; Magistrat of a city, § 71 HGO), never a lone
    genitive.
    """
    genitive = _split_after_designation(region.forms.genitive)
    if with_person:
        return genitive
    return ("Magistrat" if region.is_city else "Kreisausschuss", *genitive)


def build_document(*, year: int, region, ministry_name: str, ministry_short: str,
                   authority_name: str, purpose: str, clauses: list[dict],
                   budget_lines: list[tuple[str, Decimal | None]],
                   measures: list[MeasureEntry], signatures: list[dict], status_label: str,
                   is_draft: bool, is_demo: bool, version: int = 1,
                   signatories: dict[str, dict] | None = None) -> AgreementDocument:
    """The document from plain data.

    ``signatures`` are the recorded signatures (party, place, date, name, title);
    ``signatories`` name who is to sign while a party has not signed yet (party → name, title,
    place; from the master data: the minister of the ministry's name valid on the date, the
    region's signatory), so that a draft's signature blocks carry names and titles.
    """
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
                # a paragraph flows: line breaks of a mail-merge template are joined
                blocks.append(Paragraph(_LINE_BREAK.sub(" ", fill(stripped, values))))
        sections.append(Section(clause["heading"],
                                tuple(fill(t, values) for t in clause.get("titles", [])),
                                tuple(blocks)))
    by_party = {s["party"]: s for s in signatures}
    planned = signatories or {}
    sig_blocks = []
    for party in ("ministry", "region"):
        s = by_party.get(party)
        plan = planned.get(party) or {}
        if s is not None:  # signed: the name and title as signed
            name, title = s.get("name") or "", s.get("title") or ""
        else:  # a draft: who is to sign, from the master data
            name, title = plan.get("name") or "", plan.get("title") or ""
        if party == "ministry":
            institution = ministry_institution(ministry_name)
            default_place = plan.get("place") or "Wiesbaden"
        else:
            institution = region_institution(region, with_person=bool(name or title))
            default_place = plan.get("place") or region.seat
        sig_blocks.append(SignatureBlock(
            party=party,
            place=(s or {}).get("place") or default_place,
            date=(s or {}).get("date"),
            name=name,
            title=title,
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
    # § 5 lists the projects' targets when the programme year says so (docs/steering.md)
    shows_targets = agreement.programme_year.agreement_shows_targets
    measures = [
        MeasureEntry(m.number, m.title, tuple(
            project_line(p.label, Targets(p.planned_participants, p.planned_amount,
                                          p.outcome_target)) if shows_targets else p.label
            for p in m.projects.all()))
        for m in agreement.measures.prefetch_related("projects").order_by("number")
    ]
    signatures = [
        {"party": s.party, "place": s.place, "date": s.date, "name": s.name, "title": s.title}
        for s in agreement.signatures.all()
    ]
    region_signatory = signatory_on_unscoped(agreement.region, when)
    signatories = {
        "ministry": {"name": ministry.minister, "title": ministry.minister_title,
                     "place": ministry.seat},
        "region": {"name": region_signatory.name, "title": region_signatory.title,
                   "place": region_signatory.place} if region_signatory else {},
    }
    return build_document(
        year=agreement.programme_year.year, region=agreement.region,
        ministry_name=ministry.name, ministry_short=ministry.short_name,
        authority_name=authority.name if authority else "Regierungspräsidium Kassel",
        purpose=purpose, clauses=clauses,
        budget_lines=[(b.name, b.amount) for b in agreement.budget_lines.order_by("order")],
        measures=measures, signatures=signatures, signatories=signatories,
        status_label=agreement.get_status_display(),
        is_draft=not agreement.is_signed, is_demo=agreement.is_demo,
        version=agreement.version,
    )
