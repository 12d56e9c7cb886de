"""Pages of the grant notice (Zuwendungsbescheid): issue from a ready application, the notice
with all versions and the difference of each amendment, amendment with confirmation, legal
force (authority) and waiver of appeal (region), the documents of every version and the
refund notice's document."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from aqb.accounts import policy
from aqb.accounts.policy import REGION_EDIT, REGION_OBJECT, STATE, access
from aqb.audit.selectors import history_for
from aqb.budgets.selectors import allocation_current_unscoped
from aqb.ui.downloads import attachment as as_attachment
from aqb.ui.forms import apply_service_errors, form_page

from . import notices
from .forms_notice import AmendForm, LegalForceForm, NoticeForm, WaiverForm
from .legal_force import legal_force_date
from .letters import CONTENT_TYPES, FORMATS
from .letters import render as render_letter
from .models import Notice, NoticeVersion, Refund, Status
from .refunds import NOTICE
from .selectors import APPLICATION


def _url(notice: Notice) -> str:
    return f"/foerderung/bescheide/{notice.pk}/"


def _today() -> date:
    return timezone.localdate()


@access(STATE, APPLICATION)
def notice_issue(request, application):
    existing = Notice.objects.filter(application=application).first()
    if existing is not None:
        return redirect(_url(existing))
    initial = NoticeForm.initial_from(notices.notice_defaults(application, _today()))
    form = NoticeForm(request.POST or None, initial=initial)
    created = {}

    def save(f):
        created["notice"] = notices.notice_issue(actor=request.user, application=application,
                                                 data=f.notice_input())

    alloc = allocation_current_unscoped(application.region, application.programme_year)
    response = form_page(
        request, form=form, title=f"Zuwendungsbescheid erlassen: {application.region.name}",
        save=save, success="Zuwendungsbescheid erlassen.",
        target=f"/foerderung/antraege/{application.pk}/",
        context={"submit_label": "Zuwendungsbescheid erlassen", "intro": _issue_intro(
            application, alloc)})
    if "notice" in created:
        return redirect(_url(created["notice"]))
    return response


def _issue_intro(application, alloc) -> str:
    from aqb.german.money import format_eur

    limit = format_eur(alloc.current) if alloc else "keine"
    text = (f"Förderantrag {application.programme_year.year}, Status "
            f"„{application.status_label}“. Aktuelle Zuweisung: {limit}.")
    if application.status != Status.READY:
        text += " Ein Bescheid kann erst erlassen werden, wenn der Antrag bewilligungsreif ist."
    return text


@access(REGION_OBJECT, NOTICE)
def notice_detail(request, notice):
    versions = list(notice.versions.select_related("created_by").prefetch_related("cash"))
    current = next(v for v in versions if v.is_current)
    chosen = request.GET.get("fassung", "")
    shown = next((v for v in versions if str(v.version) == chosen), current)
    previous = next((v for v in versions if v.version == shown.version - 1), None)
    p = policy.principal(request.user)
    refund = Refund.objects.filter(notice=notice).order_by("-date", "-pk").first()
    return render(request, "funding/notice_detail.html", {
        "n": notice, "v": shown, "current": current, "versions": versions,
        "changes": notices.version_diff(previous, shown) if previous else [],
        "cash": list(shown.cash.all()), "previous": previous,
        "provisions": [x for x in shown.provisions.splitlines() if x.strip()],
        "is_authority": p.authority,
        "is_region": notice.region_id in p.region_ids,
        "legal_force_default": legal_force_date(current.date),
        "refund": refund, "formats": FORMATS,
        "history": history_for(notice)[:50],
    })


@access(STATE, NOTICE)
def notice_amend(request, notice):
    current = notice.current
    initial = {**NoticeForm.initial_from(notices.notice_input_from(current, day=_today())),
               "reason": ""}
    data = request.POST if request.method == "POST" else None
    form = AmendForm(data, initial=initial)
    preview = None
    if data is not None and form.is_valid():
        values = form.notice_input()
        if "confirm" in data:
            try:
                version = notices.notice_amend(actor=request.user, notice=notice, data=values,
                                               reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, f"{version.version - 1}. Änderungsbescheid erlassen.")
                return redirect(_url(notice))
        else:
            preview = _preview(notice, current, form, values)
    return render(request, "funding/notice_amend.html", {
        "n": notice, "form": form, "preview": preview, "cancel_url": _url(notice),
        "title": f"Änderungsbescheid zu {notice.number}",
    }, status=400 if data is not None and form.errors else 200)


def _preview(notice, current, form, values):
    """The changes the amendment would make (nothing is written), or the refusal."""
    try:
        checked = notices.check_notice_input(notice.application, values)
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None
    cash = checked.pop("cash")
    draft = NoticeVersion(notice=notice, version=current.version + 1, **checked)
    changes = notices.version_diff(current, draft, new_cash=cash)
    if not changes:
        form.add_error(None, "Der Änderungsbescheid ändert nichts am geltenden Bescheid.")
        return None
    return {"changes": changes, "number": current.version}


@access(STATE, NOTICE)
def notice_legal_force(request, notice):
    current = notice.current
    form = LegalForceForm(request.POST if request.method == "POST" else None)
    return form_page(
        request, form=form, title="Bestandskraft feststellen", target=_url(notice),
        success="Bestandskraft festgestellt.",
        save=lambda f: notices.notice_record_legal_force(
            actor=request.user, notice=notice, day=f.cleaned_data["day"],
            posted_on=f.cleaned_data["posted_on"]),
        context={"submit_label": "Bestandskraft feststellen", "intro": (
            f"{current.kind_label} vom {current.date:%d.%m.%Y}: ohne Angaben bestandskräftig "
            f"ab {legal_force_date(current.date):%d.%m.%Y}.")})


@access(REGION_EDIT, NOTICE)
def notice_waive(request, notice):
    current = notice.current
    form = WaiverForm(request.POST or None, initial={"day": _today()})
    return form_page(
        request, form=form, title="Rechtsbehelfsverzicht erklären", target=_url(notice),
        success="Rechtsbehelfsverzicht erklärt; der Bescheid ist bestandskräftig.",
        save=lambda f: notices.notice_waive_appeal(actor=request.user, notice=notice,
                                                   day=f.cleaned_data["day"]),
        context={"submit_label": "Verzicht erklären", "intro": (
            f"Auf Rechtsbehelfe gegen den {current.kind_label} vom {current.date:%d.%m.%Y} "
            "verzichten. Der Bescheid wird damit sofort bestandskräftig.")})


def _download(letter, fmt: str, name: str):
    if fmt not in FORMATS:
        raise Http404("Unbekanntes Format.")
    response = HttpResponse(render_letter(letter, fmt), content_type=CONTENT_TYPES[fmt])
    return as_attachment(response, f"{name}.{fmt}")


@access(REGION_OBJECT, NOTICE)
def notice_document(request, notice, version: int, fmt: str):
    from .letters.notice import notice_letter, subject

    v = notice.versions.filter(version=version).first()
    if v is None:
        raise Http404("Diese Fassung gibt es nicht.")
    return _download(notice_letter(v), fmt, f"{subject(v)} {notice.number}")


@access(REGION_OBJECT, NOTICE)
def refund_document(request, notice, fmt: str):
    from .letters.refund import refund_letter

    refund = Refund.objects.filter(notice=notice).select_related(
        "settlement", "notice__region").order_by("-date", "-pk").first()
    if refund is None:
        raise Http404("Zu diesem Bescheid gibt es keinen Erstattungsbescheid.")
    return _download(refund_letter(refund), fmt, f"Erstattungsbescheid {refund.number}")
