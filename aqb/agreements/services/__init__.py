"""Changes to agreements, split by concern; every public service is importable from here.

- `templates`: versions of the year's template
- `drafting`: drafts, budget lines (§ 4), projects (§ 5) and their targets
- `workflow`: festschreiben, signatures, the signed record, publishing
- `amendments`: a new version after signing

Reads (current template, version comparison) live in `aqb.agreements.selectors`.
"""

from ..models import Source
from ..selectors import AQB
from .amendments import agreement_amend
from .drafting import (
    agreement_add_project,
    agreement_create_draft,
    agreement_create_missing_drafts,
    agreement_remove_project,
    agreement_set_budgets,
    agreement_set_targets,
    agreement_take_allocation,
    agreement_take_allocations,
)
from .templates import template_ensure, template_save
from .workflow import (
    TRANSITIONS,
    Transition,
    agreement_agree,
    agreement_attach_scan,
    agreement_publish,
    agreement_sign,
    agreement_transition,
)

__all__ = [
    "AQB", "TRANSITIONS", "Source", "Transition", "agreement_add_project", "agreement_agree",
    "agreement_amend", "agreement_attach_scan", "agreement_create_draft",
    "agreement_create_missing_drafts", "agreement_publish", "agreement_remove_project",
    "agreement_set_budgets", "agreement_set_targets", "agreement_sign", "agreement_take_allocation",
    "agreement_take_allocations", "agreement_transition", "template_ensure", "template_save",
]
