"""Response schemas of the API. Money is a decimal string with two places ("773920.00")."""

from __future__ import annotations

from datetime import date

from ninja import Schema


class FieldError(Schema):
    field: str
    detail: str


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None


class RegionOut(Schema):
    ags: str
    name: str
    kind: str
    seat: str
    regierungsbezirk: str
    nominative: str
    dative: str
    genitive: str


class EarmarkOut(Schema):
    name: str
    amount: str


class MeasureTypeOut(Schema):
    number: int
    title: str


class YearOut(Schema):
    year: int
    total: str
    application_deadline: date | None
    earmarks: list[EarmarkOut]
    measure_types: list[MeasureTypeOut]
    is_demo: bool


class AllocationOut(Schema):
    region: str
    region_name: str
    year: int
    initial: str
    changes: str
    amount: str


class BudgetOut(Schema):
    name: str
    amount: str | None


class ProjectRef(Schema):
    label: str
    short: str
    long: str


class MeasureOut(Schema):
    number: int
    title: str
    projects: list[ProjectRef]


class RegionRef(Schema):
    ags: str
    name: str


class SignatureOut(Schema):
    party: str
    place: str
    date: date
    name: str
    title: str


class TargetValues(Schema):
    planned_participants: int | None
    planned_amount: str | None
    outcome_target: str | None


class TargetOut(TargetValues):
    measure: int
    label: str


class MeasureTargetsOut(TargetValues):
    number: int


class TargetSumsOut(Schema):
    measures: list[MeasureTargetsOut]
    region: TargetValues


class AgreementOut(Schema):
    id: int
    status: str
    status_label: str
    version: int
    is_current: bool
    year: int
    ministry: str
    region: RegionRef
    budgets: list[BudgetOut]
    measures: list[MeasureOut]
    granting_authority: str | None
    signatures: list[SignatureOut]
    missing: list[str]
    unread: list[str]
    targets: list[TargetOut] = []
    target_sums: TargetSumsOut | None = None


class ProjectOut(Schema):
    id: int
    region: str
    measure_type: int
    measure_title: str | None
    name: str
    short_name: str
    provider: str | None
    planned_amount: str | None
    planned_participants: int | None
    first_year: int
    last_year: int | None


class AgreementPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AgreementOut]


class ProjectPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ProjectOut]
