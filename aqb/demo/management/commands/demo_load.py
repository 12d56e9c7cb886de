"""Load the demo: users, programme year 2025 with allocations. Idempotent; never in production.

Besides the allocations (set directly: Waldeck-Frankenberg's real 773,920 EUR, the other 25
invented) the demo has planning data for 2025, plainly named "Demo-…": an indicator set with
invented values per region and one scenario computed from it, *not adopted* — shown for
comparison only, so the adopted allocations stay as they are. The indicator set also gives the
figures page its "Euro je Einwohnerinnen und Einwohner 15–64" map.

The scenario uses a "2023-like key": the key the ministry really uses is not published, so
this one only copies the *shape* of the 2023 budget — 27.7 Mio EUR distributed by the general
key (the 28.7 Mio EUR total minus the earmark of 1 Mio EUR for Teilzeitausbildung, which stays
apart) — with invented weights: Arbeitslose SGB II 50 %, Jugendliche ohne Ausbildungsplatz
30 %, Einwohnerinnen und Einwohner 15–64 20 %; floor 300,000 EUR per region; rounded to 10 EUR.
"""

import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from aqb.accounts import services as account_services
from aqb.accounts.models import Provider, Role, User
from aqb.accounts.services import SYSTEM, MembershipSpec
from aqb.budgets import planning as budget_planning
from aqb.budgets import services as budget_services
from aqb.budgets.models import Allocation, IndicatorSet, ProgrammeYear, Scenario
from aqb.demo import conferences as conferences_demo
from aqb.demo import funding as funding_demo
from aqb.demo import monitoring as monitoring_demo
from aqb.demo import opendata as opendata_demo
from aqb.demo import passon as passon_demo
from aqb.demo import reviews as reviews_demo
from aqb.demo import surveys as surveys_demo
from aqb.demo import targets as targets_demo
from aqb.regions import services as region_services
from aqb.regions.models import Region

DEMO_PASSWORD = "demo"
YEAR = 2025
TOTAL = Decimal("28700000.00")          # demo figure: 27,7 Mio + 1 Mio Teilzeitausbildung
PART_TIME = Decimal("1000000.00")       # demo figure
REAL_ALLOCATIONS = {"06635": Decimal("773920.00")}   # signed agreement 2025 (seed)
SEED_AGREEMENT = {  # the signed 2025 agreement of Landkreis Waldeck-Frankenberg
    "06635": {
        "projects": [
            (1, "Aktivierung und Vermittlung von Migranten", "AVIA", ""),
            (3, "Checkpoint", "", ""),
            (3, "Restart", "", ""),
            (3, "Fit für die Berufswelt", "FiB", ""),
            (3, "Berufs- und Sprachscout Projekt", "BSP",
             "Berufs- und Sprachscout Projekt (BSP)"),
        ],
        "signatures": [
            ("ministry", "Wiesbaden", date(2025, 8, 2), "Heike Hofmann", "Staatsministerin"),
            ("region", "Korbach", date(2025, 8, 13), "Karl-Friedrich Frese",
             "Erster Kreisbeigeordneter"),
        ],
    },
}

# Planning demo (see the module docstring): invented values, named plainly as demo.
DEMO_INDICATOR_SET = "Demo-Indikatoren 2025 (erfundene Werte)"
DEMO_INDICATOR_FILE = "demo-indikatoren-2025.csv"
DEMO_SCENARIO = "Demo-Szenario: Schlüssel nach Art von 2023 (nicht übernommen)"
INHABITANTS = "Einwohnerinnen und Einwohner 15–64"
UNEMPLOYED = "Arbeitslose SGB II"
YOUTH = "Jugendliche ohne Ausbildungsplatz"
DEMO_WEIGHTS = {UNEMPLOYED: Decimal("0.5"), YOUTH: Decimal("0.3"), INHABITANTS: Decimal("0.2")}
DEMO_FLOOR = Decimal("300000")
DEMO_UNIT = Decimal("10")
# AGS: (inhabitants 15-64, unemployed SGB II, young people without a training place) -
# invented round figures of a plausible size, not statistics.
DEMO_INDICATORS: dict[str, tuple[int, int, int]] = {
    "06411": (106_000, 3_900, 140), "06412": (520_000, 18_500, 610),
    "06413": (87_000, 5_600, 120), "06414": (184_000, 9_800, 260),
    "06431": (172_000, 4_300, 150), "06432": (192_000, 4_100, 160),
    "06433": (183_000, 5_200, 170), "06434": (150_000, 2_900, 90),
    "06435": (275_000, 7_400, 240), "06436": (155_000, 2_800, 95),
    "06437": (61_000, 1_300, 45), "06438": (232_000, 6_400, 190),
    "06439": (120_000, 2_700, 85), "06440": (200_000, 4_900, 150),
    "06531": (180_000, 5_300, 170), "06532": (157_000, 4_200, 130),
    "06533": (110_000, 2_600, 80), "06534": (160_000, 3_700, 120),
    "06535": (65_000, 1_300, 40), "06611": (130_000, 7_100, 210),
    "06631": (145_000, 2_600, 90), "06632": (73_000, 1_600, 50),
    "06633": (150_000, 3_000, 95), "06634": (114_000, 2_400, 80),
    "06635": (98_000, 1_900, 60), "06636": (58_000, 1_800, 55),
}


def _german_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def demo_amounts(regions: list[Region], available: Decimal) -> dict[str, Decimal]:
    """Plainly invented amounts that add up exactly: a weight per region, rounded to 10 Euro."""
    weights = {r.ags: 3 + (int(r.ags) * 7) % 11 + (4 if r.is_city else 0) for r in regions}
    total_weight = sum(weights.values())
    unit = Decimal("10")
    amounts = {ags: (available * w / total_weight // unit) * unit for ags, w in weights.items()}
    rest = available - sum(amounts.values())
    for ags in sorted(amounts):
        if rest <= 0:
            break
        amounts[ags] += unit
        rest -= unit
    amounts[min(amounts)] += rest  # cents, if any
    return amounts


class Command(BaseCommand):
    help = "Lädt die Demodaten (nur Entwicklung und Vorführung, nie im Produktivbetrieb)."

    def handle(self, *args, **options):
        if getattr(settings, "AQB_PRODUCTION", False):
            raise CommandError(
                "demo_load ist im Produktivbetrieb gesperrt: Demodaten dürfen nicht in eine "
                "echte Datenbank gelangen.")
        if Region.objects.count() != 26:
            raise CommandError("Die 26 Gebietskörperschaften fehlen. Bitte zuerst "
                               "„aqb migrate“ ausführen.")
        with transaction.atomic():
            ministry = self._user("ministerium", "Mara", "Ministerium (Demo)", Role.MINISTRY)
            authority = self._user("rp-kassel", "Rita", "Regierungspräsidium (Demo)",
                                   Role.AUTHORITY)
            wf = Region.objects.get(ags="06635")
            wf_user = self._user("region-06635", "Rolf", "Waldeck-Frankenberg (Demo)", Role.REGION,
                       region=wf)
            provider = Provider.objects.filter(name="Demo-Bildungsträger gGmbH").first() or \
                account_services.provider_save(actor=SYSTEM, name="Demo-Bildungsträger gGmbH",
                                               city="Korbach", is_demo=True)
            self._user("traeger-demo", "Tara", "Träger (Demo)", Role.PROVIDER, provider=provider)
            if not wf.signatories.exists():
                region_services.signatory_save(
                    actor=ministry, region=wf, name="Karl-Friedrich Frese",
                    title="Erster Kreisbeigeordneter", place="Korbach")
            self._programme_year(ministry)
            self._planning(ministry)
            self._agreements(ministry)
            funding_demo.load(region_users={"06635": wf_user}, authority=authority)
            passon_demo.load(region_actor=wf_user)
            monitoring_demo.load()
            reviews_demo.load(ministry=ministry, region_users={"06635": wf_user})
            surveys_demo.load(ministry=ministry, region_user=wf_user)
            conferences_demo.load(region_user=wf_user)
            opendata_demo.load(ministry=ministry)
        self.stdout.write(self.style.SUCCESS(
            "Demodaten geladen: 26 Gebietskörperschaften, Programmjahr 2025 mit 26 "
            "Zielvereinbarungen, Demo-Indikatoren und einem Vergleichsszenario, Benutzer "
            "ministerium, rp-kassel, region-06635, traeger-demo (Passwort: demo)."))

    def _agreements(self, ministry: User) -> None:
        """One 2025 agreement per region: Waldeck-Frankenberg's as signed (seed), published;
        the other 25 plainly marked demo drafts with invented projects."""
        from aqb.agreements import services as ag
        from aqb.agreements.models import Agreement

        py = ProgrammeYear.objects.get(year=YEAR)
        for region in Region.objects.order_by("ags"):
            if Agreement.objects.filter(region=region, programme_year=py).exists():
                continue
            real = region.ags in SEED_AGREEMENT
            a = ag.agreement_create_draft(actor=ministry, region=region, programme_year=py,
                                          is_demo=not real)
            projects = SEED_AGREEMENT.get(region.ags, {}).get("projects") or [
                (1, f"Demo-Projekt Ausbildungsvorbereitung {region.seat.split(' (')[0]}",
                 "DAV", ""),
                (3, "Demo-Qualifizierung Pflegehilfe", "", ""),
            ]
            for number, name, short, label in projects:
                ag.agreement_add_project(actor=ministry, agreement=a, measure_number=number,
                                         name=name, short_name=short, label=label)
            targets_demo.load(ministry=ministry, agreement=a)
            if real:
                seed = SEED_AGREEMENT[region.ags]
                ag.agreement_agree(actor=ministry, agreement=a)
                for party, place, day, name, title in seed["signatures"]:
                    ag.agreement_sign(actor=ministry, agreement=a, party=party, place=place,
                                      day=day, name=name, title=title)
                ag.agreement_publish(actor=ministry, agreement=a)

    def _planning(self, ministry: User) -> None:
        """The demo indicator set (uploaded as a German CSV, like the ministry would) and the
        2023-like scenario; never adopted, so the allocations above stay unchanged."""
        py = ProgrammeYear.objects.get(year=YEAR)
        indicator_set = IndicatorSet.objects.filter(programme_year=py,
                                                    name=DEMO_INDICATOR_SET).first()
        if indicator_set is None:
            lines = [";".join(["ags", INHABITANTS, UNEMPLOYED, YOUTH])] + [
                ";".join([ags, *map(_german_int, values)])
                for ags, values in sorted(DEMO_INDICATORS.items())]
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / DEMO_INDICATOR_FILE
                path.write_text("\n".join(lines) + "\n", encoding="utf-8")
                indicator_set = budget_planning.indicator_set_create(
                    actor=ministry, programme_year=py, name=DEMO_INDICATOR_SET, path=path,
                    filename=DEMO_INDICATOR_FILE)
        if not Scenario.objects.filter(programme_year=py, name=DEMO_SCENARIO).exists():
            budget_planning.scenario_create(
                actor=ministry, programme_year=py, name=DEMO_SCENARIO,
                indicator_set=indicator_set, weights=DEMO_WEIGHTS, floor=DEMO_FLOOR,
                unit=DEMO_UNIT)

    def _user(self, username, first, last, role, region=None, provider=None) -> User:
        """A demo account with one membership, through the audited account services as
        "System"; an existing account only gets the membership it lacks."""
        user = User.objects.filter(username=username).first()
        if user is None:
            return account_services.user_create(
                actor=SYSTEM, username=username, password=DEMO_PASSWORD, first_name=first,
                last_name=last, check_password=False, must_change_password=False,
                memberships=[MembershipSpec(role=role, region=region, provider=provider)])
        if not user.memberships.filter(role=role, region=region, provider=provider).exists():
            account_services.membership_add(actor=SYSTEM, user=user, role=role, region=region,
                                            provider=provider)
        return user

    def _programme_year(self, ministry: User) -> None:
        py = ProgrammeYear.objects.filter(year=YEAR).first()
        if py is None:
            py = budget_services.programme_year_create(
                actor=ministry, year=YEAR, total=TOTAL, application_deadline=date(YEAR, 3, 31),
                notes="Gesamtbetrag und die mit „Demo“ markierten Zuweisungen sind Demowerte.",
                is_demo=True)
            budget_services.earmark_save(actor=ministry, programme_year=py,
                                         name="Teilzeitausbildung", amount=PART_TIME)
            budget_services.strategy_document_save(
                actor=ministry, programme_year=py,
                title="Bündnis für Ausbildung für die Jahre 2025 bis 2029")
            budget_services.strategy_document_save(
                actor=ministry, programme_year=py, title="Fachkonzept „Arbeitswelt Hessen“")
        if Allocation.objects.filter(programme_year=py).exists():
            return
        regions = list(Region.objects.order_by("ags"))
        real_sum = sum(REAL_ALLOCATIONS.values())
        others = [r for r in regions if r.ags not in REAL_ALLOCATIONS]
        amounts = demo_amounts(others, TOTAL - PART_TIME - real_sum)
        for region in regions:
            real = REAL_ALLOCATIONS.get(region.ags)
            budget_services.allocation_set(
                actor=ministry, programme_year=py, region=region,
                amount=real if real is not None else amounts[region.ags],
                is_demo=real is None)
