"""The breakdowns of the monitoring figures: keys, German labels and order of values, the
check of `by`, and which cells of a breakdown are hidden (small-cell suppression). Pure
helpers; the reads are in `figures.py`."""

from __future__ import annotations

from dataclasses import dataclass

from aqb.budgets.models import DEFAULT_MEASURE_TYPES, MeasureType
from aqb.projects.models import Project
from aqb.regions.models import Region

from . import vocab
from .suppression import suppress_cube
from .tally import ATTRIBUTES

ORG_KEYS = ("region", "measure", "project", "year", "quarter")
BY_KEYS = (*ORG_KEYS, *ATTRIBUTES)
NOT_GIVEN = "nicht angegeben"

KEY_LABELS = {
    "region": "Gebietskörperschaft", "measure": "Maßnahmeart", "project": "Projekt",
    "year": "Programmjahr", "quarter": "Quartal",
    "gender": "Geschlecht", "age": "Alter bei Eintritt", "scheme": "Rechtskreis",
    "employment": "Erwerbsstatus bei Eintritt", "education": "Bildung (ISCED)",
    "nationality": "Staatsangehörigkeit", "disability": "Behinderung",
    "residence": "Wohnort (Kreis)", "part_time": "Teilzeitausbildung",
    "exit_reason": "Austrittsgrund", "outcome": "Verbleib (4 Wochen nach Austritt)",
    "outcome_6m": "Verbleib nach 6 Monaten",
}
# attributes recorded at exit: their figures count exits, the others entries
EXIT_ATTRIBUTES = ("exit_reason", "outcome", "outcome_6m")
_CHOICES = {
    "gender": vocab.Gender, "scheme": vocab.Scheme, "employment": vocab.Employment,
    "education": vocab.Education, "nationality": vocab.Nationality,
    "disability": vocab.Disability, "exit_reason": vocab.ExitReason,
    "outcome": vocab.Outcome, "outcome_6m": vocab.Outcome,
}
FIELDS = {"region": ("region_id",), "measure": ("measure_number",),
           "project": ("project_id",), "year": ("year",),
           "quarter": ("period_year", "quarter")}


class ByError(ValueError):
    """A breakdown that does not exist or combines two attributes (German message)."""


def by_parse(text: str | list[str]) -> list[str]:
    """The keys of `by` ("region,gender"), checked: known, at most one attribute (a key named
    twice counts once)."""
    keys = [k.strip() for k in (text.split(",") if isinstance(text, str) else text)]
    keys = [k for k in keys if k]
    if not keys:
        raise ByError("Bitte mindestens eine Aufgliederung angeben, z. B. by=region.")
    unknown = [k for k in keys if k not in BY_KEYS]
    if unknown:
        raise ByError(f"Unbekannte Aufgliederung: {', '.join(unknown)}. Erlaubt sind: "
                      f"{', '.join(BY_KEYS)}.")
    keys = list(dict.fromkeys(keys))  # a key named twice counts once
    attrs = [k for k in keys if k in ATTRIBUTES]
    if len(attrs) > 1:
        raise ByError(f"Höchstens ein Merkmal je Abfrage (angegeben: {', '.join(attrs)}); "
                      "kombinierbar sind Gebiet, Maßnahmeart, Projekt, Jahr und Quartal mit "
                      "einem Merkmal.")
    return keys


def attribute_of(by: list[str]) -> str:
    return next((k for k in by if k in ATTRIBUTES), "")


# --- labels ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Labels:
    """German labels and order of the values of each key, for one programme year."""

    year: int

    def regions(self) -> dict[int, tuple[str, str]]:
        return {r.pk: (r.ags, r.name) for r in Region.objects.order_by("ags")}

    def measures(self) -> dict[int, str]:
        titles = dict(DEFAULT_MEASURE_TYPES)
        titles.update(MeasureType.objects.filter(programme_year__year=self.year)
                      .values_list("number", "title"))
        return titles


def value_order(attribute: str, values) -> list:
    """The values of an attribute in the order of its vocabulary, "" last."""
    if attribute == "age":
        known = [label for _, _, label in vocab.AGE_BANDS]
    elif attribute == "part_time":
        known = ["ja", "nein"]
    elif attribute in _CHOICES:
        known = list(_CHOICES[attribute].values)
    else:
        known = sorted(v for v in values if v)
    rest = sorted(v for v in values if v not in known and v)
    return [v for v in known] + rest + [""]


def value_label(attribute: str, value: str, residences: dict[str, str] | None = None) -> str:
    if value == "" or value is None:
        return NOT_GIVEN
    if attribute in _CHOICES:
        return str(dict(_CHOICES[attribute].choices).get(value, value))
    if attribute == "residence" and residences:
        return residences.get(value, value)
    return str(value)


def quarter_label(quarter: tuple[int, int]) -> str:
    return f"{quarter[1]}. Quartal {quarter[0]}"


def key_text(key: str, value, labels: Labels, cache: dict) -> str:
    """The German label of one key's value."""
    if key == "region":
        regions = cache.setdefault("regions", labels.regions())
        return regions.get(value, ("", str(value)))[1]
    if key == "measure":
        measures = cache.setdefault("measures", labels.measures())
        return f"{value} – {measures.get(value, '')}".rstrip(" –")
    if key == "project":
        projects = cache.setdefault("projects", dict(Project.objects.values_list("pk", "name")))
        return projects.get(value, str(value))
    if key == "quarter":
        return quarter_label(value)
    if key == "year":
        return str(value)
    residences = cache.setdefault("residences", dict(Region.objects.values_list("ags", "name")))
    return value_label(key, value, residences)


def _dims(by: list[str]) -> list[list[int]]:
    """Positions in `by` forming the dimensions of the table to suppress: a project lies in one
    region and measure type, so with `project` the organisational keys are one dimension;
    the year is fixed by the query and no dimension of its own."""
    org = [i for i, k in enumerate(by) if k in ("region", "measure", "project")]
    dims = [org] if "project" in by else [[i] for i in org]
    dims += [[i] for i, k in enumerate(by) if k == "quarter" or k in ATTRIBUTES]
    return dims or [[i for i, k in enumerate(by) if k == "year"]]


def suppress_counts(counts: dict[tuple, list[int]], by: list[str]
                    ) -> tuple[set[tuple], set[tuple]]:
    """The keys whose entries and whose exits are hidden: each measure is its own table, with
    every total along each dimension (`suppression.suppress_cube`)."""
    dims = _dims(by)

    def cube_key(key):
        return tuple(tuple(key[i] for i in d) for d in dims)

    hidden = []
    for n in (0, 1):
        base: dict[tuple, int] = {}
        for key, pair in counts.items():
            ck = cube_key(key)
            base[ck] = base.get(ck, 0) + pair[n]
        _, h = suppress_cube(base, len(dims))
        hidden.append({key for key in counts if cube_key(key) in h})
    return hidden[0], hidden[1]




def rollup(counts: dict[tuple, list[int]], by: list[str], keys: list[str]
           ) -> dict[tuple, list[int]]:
    """The counts of a finer breakdown summed to `keys` (a subset of `by`): a loop over
    aggregated rows, so one grouped query can feed several tables."""
    at = [by.index(k) for k in keys]
    out: dict[tuple, list[int]] = {}
    for key, (e, x) in counts.items():
        cell = out.setdefault(tuple(key[i] for i in at), [0, 0])
        cell[0] += e
        cell[1] += x
    return out
