"""Pages of the proof of use: the proofs of a notice, the region's form (plan against actual
per project, voucher list), the detail with planned/actual/difference, the authority's review
(query, checked without objection, checked with a refund)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from aqb.accounts import policy
from aqb.accounts.policy import REGION_EDIT, REGION_OBJECT, STATE, access
from aqb.audit.selectors import history_for
from aqb.german.money import format_eur
from aqb.ui.forms import confirm_page, form_page

from . import participants, proofs
from .models import ProofKind
from .proof_forms import (
    ProofForm,
    ProofLineFormSet,
    ProofQueryForm,
    ProofRefundForm,
    VoucherFormSet,
)
from .proof_selectors import PROOF, PROOF_NOTICE, proof_list
from .selectors import proof_revision

ZERO = Decimal("0")
EXTRA_VOUCHER_ROWS = 5


def _list_url(notice) -> str:
    return f"/foerderung/bescheide/{notice.pk}/nachweise/"


def _url(proof) -> str:
    return f"/foerderung/nachweise/{proof.pk}/"


def _due(notice) -> dict:
    current = notice.versions.filter(is_current=True).first()
    return {"interim": current.interim_proof_due if current else None,
            "final": current.final_proof_due if current else None}


@access(REGION_OBJECT, PROOF_NOTICE)
def proof_index(request, notice):
    rows = list(proof_list(user=request.user, notice=notice))
    has_final = any(p.kind == ProofKind.FINAL for p in rows)
    return render(request, "funding/proofs.html", {
        "notice": notice, "rows": rows, "due": _due(notice),
        "may_submit": proofs.may_submit(notice, request.user),
        "has_final": has_final,
    })


# --- the region's form ---------------------------------------------------------------------

def _plan_rows(notice, formset):
    """(form, project, planned line) for each project of the financing plan."""
    plan = proofs.plan_lines(notice)
    out = []
    for f in formset.forms:
        pid = f.initial.get("project") if f.initial else None
        if pid is None:
            try:
                pid = int(f["project"].value())
            except (TypeError, ValueError):
                continue
        planned = plan.get(pid)
        if planned is None:
            continue
        for name in proofs.LINE_FIELDS:
            f.fields[name].help_text = (
                f"laut Finanzierungsplan: {format_eur(getattr(planned, name))}")
        out.append((f, planned.project, planned))
    return out


def _summary(rows, vouchers) -> list[tuple[str, str]]:
    """Field errors of the lines and vouchers, each naming project (or voucher row) and field,
    for the error summary at the top of the page."""
    out = []
    for f, project, _ in rows:
        for name, errors in f.errors.items():
            if name in f.fields:
                label = proofs.LABELS.get(name, f.fields[name].label)
                out += [(f[name].id_for_label, f"{project}, {label} (Ist): {e}") for e in errors]
    for n, f in enumerate(vouchers.forms, start=1):
        for name, errors in f.errors.items():
            if name in f.fields:
                out += [(f[name].id_for_label,
                         f"Belegliste, Zeile {n}, {f.fields[name].label}: {e}") for e in errors]
    return out


def _proof_form(request, notice, proof=None):
    """Shared by the first submission and the correction after a query."""
    plan = proofs.plan_lines(notice)
    data = request.POST if request.method == "POST" else None
    if proof is not None:
        existing = {li.project_id: li for li in proof.lines.all()}
        head_initial = {"date": proof.date, "report": proof.report,
                        "revision": proof_revision(proof)}
        voucher_initial = [{"date": v.date, "payee": v.payee, "purpose": v.purpose,
                            "amount": v.amount, "number": v.number}
                           for v in proof.vouchers.all()]
    else:
        existing = {}
        kind = request.GET.get("art")
        head_initial = {"kind": kind if kind in ProofKind.values else ProofKind.FINAL}
        voucher_initial = []
    try:
        extra = min(max(int(request.GET.get("belegzeilen", "")), 0), 200)
    except ValueError:
        extra = EXTRA_VOUCHER_ROWS
    voucher_initial += [{} for _ in range(extra)]
    initial = [{"project": pid, **({f: getattr(existing[pid], f) for f in proofs.LINE_FIELDS}
                                   if pid in existing else {})} for pid in plan]
    head = ProofForm(data, initial=head_initial, with_kind=proof is None)
    formset = ProofLineFormSet(data, initial=initial, prefix="ist")
    vouchers = VoucherFormSet(data, initial=voucher_initial, prefix="beleg")
    rows = _plan_rows(notice, formset)
    if data is not None and all([head.is_valid(), formset.is_valid(), vouchers.is_valid()]):
        lines = [proofs.ProofLineInput(
            project_id=f.cleaned_data["project"],
            **{k: f.cleaned_data.get(k) for k in proofs.LINE_FIELDS})
            for f in formset.forms if f.cleaned_data.get("project") in plan]
        given = [proofs.VoucherInput(**{k: f.cleaned_data.get(k) for k in
                                        ("date", "payee", "purpose", "amount", "number")})
                 for f in vouchers.forms if not f.is_blank()]
        c = head.cleaned_data
        try:
            if proof is None:
                saved = proofs.proof_submit(actor=request.user, notice=notice, kind=c["kind"],
                                            date=c["date"], report=c["report"], lines=lines,
                                            vouchers=given)
            else:
                saved = proofs.proof_correct(actor=request.user, proof=proof, date=c["date"],
                                             report=c["report"], lines=lines, vouchers=given,
                                             revision=c.get("revision") or None)
        except ValidationError as exc:
            for message in exc.messages:
                head.add_error(None, message)
        else:
            messages.success(request, f"{saved.get_kind_display()} eingereicht.")
            return redirect(_url(saved))
    title = (f"{proof.get_kind_display()} korrigieren" if proof is not None
             else "Nachweis der Verwendung einreichen")
    return render(request, "funding/proof_form.html", {
        "notice": notice, "proof": proof, "head": head, "formset": formset, "rows": rows,
        "vouchers": vouchers, "summary": _summary(rows, vouchers), "title": title,
        "more_rows": len(vouchers.forms) + EXTRA_VOUCHER_ROWS,
        "participants": participant_rows(notice, request.user), "programme_year":
        notice.programme_year.year,
        "cancel_url": _url(proof) if proof is not None else _list_url(notice),
    }, status=400 if data is not None else 200)


@access(REGION_EDIT, PROOF_NOTICE)
def proof_create(request, notice):
    if not proofs.may_submit(notice, request.user):
        raise PermissionDenied("Nur die Gebietskörperschaft reicht Nachweise ein.")
    return _proof_form(request, notice)


@access(REGION_EDIT, PROOF)
def proof_edit(request, proof):
    # a form sent after someone else changed the proof goes on to the service, which refuses
    # it with the request to reload (400) instead of the redirect below
    stale = (request.method == "POST" and bool(request.POST.get("revision"))
             and request.POST["revision"] != proof_revision(proof))
    if "correct" not in proofs.proof_steps(proof, request.user) and not stale:
        messages.error(request, f"Ein Nachweis im Status „{proof.get_status_display()}“ kann "
                                "nicht geändert werden; Korrekturen sind nur nach einer "
                                "Rückfrage der Bewilligungsbehörde möglich.")
        return redirect(_url(proof))
    return _proof_form(request, proof.notice, proof)


# --- participants from monitoring (registered by the app above, `funding.participants`) -----

def participant_rows(notice, user) -> list[dict] | None:
    """Per project of the financing plan: planned participants and the entries recorded in
    monitoring for the notice's programme year; None while monitoring gives no figures.
    Readers who may not see the project's records (the state) get 1 and 2 hidden."""
    year = notice.programme_year.year
    rows, known = [], False
    for line in proofs.plan_lines(notice).values():
        project = line.project
        n = participants.count(project, year)
        known = known or n is not None
        hidden = n is not None and 0 < n < 3 and not policy.can_see_records(
            user, project.region_id, project.provider_id)
        rows.append({"project": project, "planned": project.planned_participants,
                     "count": None if hidden else n, "hidden": hidden})
    return rows if known or participants.available() else None


# --- the detail ----------------------------------------------------------------------------

def comparison(proof) -> tuple[list[dict], dict]:
    """Per project and line: planned, actual, difference (actual minus plan); and the sums."""
    plan = proofs.plan_lines(proof.notice)
    actual = {li.project_id: li for li in proof.lines.select_related("project")}
    rows, sums = [], {}
    for pid in [*plan, *[p for p in actual if p not in plan]]:
        planned, ist = plan.get(pid), actual.get(pid)
        project = (planned or ist).project
        cells = []
        for name in (*proofs.COST_FIELDS, "costs", *proofs.FUND_FIELDS):
            p = getattr(planned, name) if planned else ZERO
            a = getattr(ist, name) if ist else ZERO
            cells.append({"label": proofs.LABELS.get(name, "Ausgaben gesamt"), "key": name,
                          "plan": p, "actual": a, "diff": a - p})
            s = sums.setdefault(name, {"label": cells[-1]["label"], "plan": ZERO,
                                       "actual": ZERO})
            s["plan"] += p
            s["actual"] += a
        rows.append({"project": project, "cells": cells})
    for s in sums.values():
        s["diff"] = s["actual"] - s["plan"]
    return rows, sums


@access(REGION_OBJECT, PROOF)
def proof_detail(request, proof):
    rows, sums = comparison(proof)
    return render(request, "funding/proof_detail.html", {
        "proof": proof, "notice": proof.notice, "rows": rows, "sums": sums,
        "vouchers": list(proof.vouchers.all()),
        "voucher_sum": sum((v.amount for v in proof.vouchers.all()), ZERO),
        "steps": proofs.proof_steps(proof, request.user),
        "is_authority": policy.principal(request.user).authority,
        "history": history_for(proof)[:50],
        "participants": participant_rows(proof.notice, request.user),
        "programme_year": proof.notice.programme_year.year,
    })


# --- the authority's review ----------------------------------------------------------------

@access(STATE, PROOF)
def proof_query(request, proof):
    form = ProofQueryForm(request.POST or None)
    return form_page(
        request, form=form, title=f"Rückfrage zum {proof.get_kind_display()}",
        target=_url(proof), success="Rückfrage gestellt; der Nachweis liegt wieder bei der "
                                    "Gebietskörperschaft.",
        save=lambda f: proofs.proof_query(
            actor=request.user, proof=proof, question=f.cleaned_data["question"],
            vouchers_required=f.cleaned_data["vouchers_required"]),
        context={"submit_label": "Rückfrage senden", "intro": str(proof)})


@access(STATE, PROOF)
def proof_accept(request, proof):
    return confirm_page(
        request, template="confirm.html", target=_url(proof),
        act=lambda: proofs.proof_accept(actor=request.user, proof=proof),
        success=f"{proof.get_kind_display()} geprüft ohne Beanstandung.",
        context={"title": "Geprüft ohne Beanstandung", "subject": str(proof),
                 "question": f"Den {proof.get_kind_display()} als „geprüft ohne Beanstandung“ "
                             f"abschließen? Nachgewiesene Ausgaben: {format_eur(proof.costs)}.",
                 "confirm_label": "Ohne Beanstandung abschließen", "cancel_url": _url(proof)})


@access(STATE, PROOF)
def proof_refund(request, proof):
    form = ProofRefundForm(request.POST or None)
    return form_page(
        request, form=form, title="Geprüft mit Rückforderung", target=_url(proof),
        success=f"{proof.get_kind_display()} geprüft mit Rückforderung; die Abrechnung folgt.",
        save=lambda f: proofs.proof_refund(actor=request.user, proof=proof,
                                           note=f.cleaned_data["note"]),
        context={"submit_label": "Mit Rückforderung abschließen",
                 "intro": f"{proof}: nachgewiesene Ausgaben {format_eur(proof.costs)}. Die "
                          "Rückforderung selbst setzt die Schlussabrechnung fest."})
