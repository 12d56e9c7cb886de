"""Pages of the autumn review meetings (/steuerung/besprechungen/): list, scheduling, the
review (agenda, frozen figures, minutes, feedback), the minutes as PDF and the action list.
The ministry prepares and edits; a region reads its own reviews, comments, confirms and
completes its actions; the granting authority reads."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from aqb.accounts import policy
from aqb.accounts.policy import LOGIN, MINISTRY, REGION_EDIT, REGION_OBJECT, access
from aqb.audit.selectors import history_for
from aqb.ui.forms import apply_service_errors, form_page

from . import reviews as svc
from .forms_reviews import (
    ActionForm,
    AgendaItemForm,
    CancelForm,
    DoneForm,
    FeedbackForm,
    MinutesForm,
    ScheduleForm,
)
from .models import ActionStatus, AgendaItem, Review, ReviewAction, ReviewStatus
from .reviews_pdf import render_pdf, snapshot_facts, snapshot_tables

REVIEW = policy.Resolver(
    "review", {"pk": int},
    load=lambda pk: Review.objects.select_related("region", "programme_year").filter(
        pk=pk).first(),
    region_of=lambda r: r.region_id, not_found="Umsetzungsbesprechung nicht gefunden.")
REVIEW_ACTION = policy.Resolver(
    "action", {"pk": int},
    load=lambda pk: ReviewAction.objects.select_related("review__region").filter(
        pk=pk).first(),
    region_of=lambda a: a.review.region_id, not_found="Maßnahme nicht gefunden.")

FILTERS = {"offen": "open", "ueberfaellig": "overdue", "erledigt": "done", "alle": "all"}
FILTER_LABELS = {"offen": "offen", "ueberfaellig": "überfällig", "erledigt": "erledigt",
                 "alle": "alle"}


@access(LOGIN)
def review_index(request):
    year = request.GET.get("jahr")
    year = int(year) if year and year.isdigit() else None
    return render(request, "steering/review_list.html", {
        "reviews": svc.review_list(user=request.user, year=year),
        "can_schedule": policy.is_ministry(request.user), "year": year})


@access(MINISTRY)
def review_schedule(request):
    form = ScheduleForm(request.POST or None)
    created = {}

    def save(f):
        d = f.cleaned_data
        created["review"] = svc.review_schedule(
            actor=request.user, region=d["region"], programme_year=d["programme_year"],
            starts_at=f.starts_at(), place=d["place"], video_link=d["video_link"],
            participants=d["participants"], external_participants=d["external_participants"])

    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Die Besprechung ist angesetzt; die Teilnehmenden sind "
                                      "eingeladen.")
            return redirect(svc.review_url(created["review"]))
    return render(request, "form_page.html", {
        "form": form, "title": "Umsetzungsbesprechung ansetzen",
        "intro": "Die Tagesordnung wird aus den Zahlen der Gebietskörperschaft erzeugt und "
                 "kann danach bearbeitet werden.",
        "cancel_url": reverse("steering:review_index"), "submit_label": "Ansetzen"},
        status=400 if request.method == "POST" else 200)


@access(MINISTRY, REVIEW)
def review_edit(request, review: Review):
    initial = {"day": timezone.localtime(review.starts_at).date(),
               "at": timezone.localtime(review.starts_at).time(), "place": review.place,
               "video_link": review.video_link,
               "participants": list(review.participants.all()),
               "external_participants": review.external_participants}
    form = ScheduleForm(request.POST or None, initial=initial, review=review)
    return form_page(request, form=form, title=f"Termin ändern: {svc._repr(review)}",
                     save=lambda f: svc.review_reschedule(
                         actor=request.user, review=review, starts_at=f.starts_at(),
                         place=f.cleaned_data["place"],
                         video_link=f.cleaned_data["video_link"],
                         participants=f.cleaned_data["participants"],
                         external_participants=f.cleaned_data["external_participants"]),
                     success="Der Termin ist geändert; die Teilnehmenden sind informiert.",
                     target=svc.review_url(review))


@access(MINISTRY, REVIEW)
def review_cancel(request, review: Review):
    form = CancelForm(request.POST or None)
    return form_page(request, form=form, title=f"Absagen: {svc._repr(review)}",
                     save=lambda f: svc.review_cancel(actor=request.user, review=review,
                                                      reason=f.cleaned_data["reason"]),
                     success="Die Besprechung ist abgesagt.", target=svc.review_url(review))


def _detail(request, review: Review, *, forms: dict | None = None, status: int = 200):
    user = request.user
    ministry = policy.is_ministry(user)
    in_region = review.region_id in policy.principal(user).region_ids
    forms = forms or {}
    ctx = {
        "review": review, "ministry": ministry,
        "agenda": list(review.agenda.all()),
        "participants": list(review.participants.all()),
        "externals": [x.strip() for x in review.external_participants.splitlines()
                      if x.strip()],
        "decisions": [p.strip() for p in review.decisions.split("\n\n") if p.strip()],
        "actions": list(review.actions.select_related("owner")),
        "comments": list(review.comments.select_related("author")),
        "history": history_for(review),
        "planned": review.status == ReviewStatus.PLANNED,
        "held": review.status == ReviewStatus.HELD,
        "can_feedback": in_region and review.status in (ReviewStatus.SHARED,
                                                        ReviewStatus.CONFIRMED)
        or (ministry and review.status in (ReviewStatus.SHARED, ReviewStatus.CONFIRMED)),
        "can_complete": policy.can_edit_region_data(user, review.region_id)
        and review.status in (ReviewStatus.SHARED, ReviewStatus.CONFIRMED),
    }
    if review.snapshot:
        ctx["tables"] = snapshot_tables(review.snapshot)
        ctx["facts"] = snapshot_facts(review.snapshot)
    if ministry and ctx["planned"]:
        ctx["item_form"] = forms.get("item") or AgendaItemForm(prefix="neu")
    if ministry and ctx["held"]:
        ctx["minutes_form"] = forms.get("minutes") or MinutesForm(
            initial={"decisions": review.decisions})
        ctx["action_form"] = forms.get("action") or ActionForm(review=review)
    if ctx["can_feedback"]:
        ctx["feedback_form"] = forms.get("feedback") or FeedbackForm(
            ministry=ministry and not in_region)
    return render(request, "steering/review_detail.html", ctx, status=status)


@access(REGION_OBJECT, REVIEW)
def review_detail(request, review: Review):
    return _detail(request, review)


@access(MINISTRY, REVIEW)
def review_act(request, review: Review):
    """The ministry's steps on a review (POST `op`): agenda, freeze, hold, minutes, actions,
    share. A GET goes back to the review."""
    if request.method != "POST":
        return redirect(svc.review_url(review))
    op = request.POST.get("op", "")
    user = request.user
    forms = {}
    success = ""

    def item():
        try:
            return AgendaItem.objects.get(pk=int(request.POST.get("item", "")), review=review)
        except (ValueError, AgendaItem.DoesNotExist):
            raise Http404("Tagesordnungspunkt nicht gefunden.") from None

    try:
        if op == "regenerate":
            svc.agenda_regenerate(actor=user, review=review)
            success = "Die Tagesordnung ist aus den aktuellen Zahlen neu erzeugt."
        elif op == "add_item":
            form = forms["item"] = AgendaItemForm(request.POST, prefix="neu")
            if form.is_valid():
                svc.agenda_item_save(actor=user, review=review, item=None, **form.cleaned_data)
                success = "Der Tagesordnungspunkt ist hinzugefügt."
        elif op == "save_item":
            it = item()
            form = AgendaItemForm(request.POST, prefix=f"p{it.pk}")
            if form.is_valid():
                svc.agenda_item_save(actor=user, review=review, item=it, **form.cleaned_data)
                success = "Der Tagesordnungspunkt ist gespeichert."
            else:
                forms["item"] = form
        elif op in ("up", "down"):
            svc.agenda_item_move(actor=user, item=item(), up=op == "up")
            success = "Die Reihenfolge ist geändert."
        elif op == "delete_item":
            svc.agenda_item_delete(actor=user, item=item())
            success = "Der Tagesordnungspunkt ist entfernt."
        elif op == "freeze":
            svc.review_freeze(actor=user, review=review)
            success = "Die Zahlen sind eingefroren."
        elif op == "hold":
            svc.review_hold(actor=user, review=review)
            success = "Die Besprechung ist als durchgeführt vermerkt; die Zahlen sind " \
                      "eingefroren."
        elif op == "minutes":
            form = forms["minutes"] = MinutesForm(request.POST)
            if form.is_valid():
                svc.review_minutes_save(actor=user, review=review, **form.cleaned_data)
                success = "Die Beschlüsse sind gespeichert."
        elif op == "action_add":
            form = forms["action"] = ActionForm(request.POST, review=review)
            if form.is_valid():
                svc.action_add(actor=user, review=review, **form.cleaned_data)
                success = "Die Maßnahme ist festgehalten."
        elif op == "action_remove":
            try:
                action = review.actions.get(pk=int(request.POST.get("action", "")))
            except (ValueError, ReviewAction.DoesNotExist):
                raise Http404("Maßnahme nicht gefunden.") from None
            svc.action_remove(actor=user, action=action)
            success = "Die Maßnahme ist entfernt."
        elif op == "share":
            svc.review_share(actor=user, review=review)
            success = "Das Protokoll ist mit der Gebietskörperschaft geteilt."
        else:
            raise Http404("Unbekannter Schritt.")
    except ValidationError as exc:
        target = next((f for f in forms.values()), None)
        if target is not None:
            apply_service_errors(target, exc)
        else:
            messages.error(request, " ".join(exc.messages))
            return redirect(svc.review_url(review))
    if success:
        messages.success(request, success)
        return redirect(svc.review_url(review))
    review.refresh_from_db()
    return _detail(request, review, forms=forms, status=400)


@access(REGION_OBJECT, REVIEW, post=REGION_EDIT)
def review_feedback(request, review: Review):
    """The region comments on, objects to or confirms the shared minutes."""
    if request.method != "POST":
        return redirect(svc.review_url(review))
    in_region = review.region_id in policy.principal(request.user).region_ids
    form = FeedbackForm(request.POST, ministry=policy.is_ministry(request.user) and not in_region)
    if form.is_valid():
        try:
            svc.review_comment(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Ihre Rückmeldung ist gespeichert.")
            return redirect(svc.review_url(review))
    return _detail(request, review, forms={"feedback": form}, status=400)


@access(REGION_OBJECT, REVIEW)
def review_pdf(request, review: Review):
    pdf = render_pdf(review, is_demo=getattr(settings, "AQB_DEMO", False))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="umsetzungsbesprechung-{review.region.ags}-'
        f'{review.programme_year.year}-{review.pk}.pdf"')
    return response


@access(LOGIN)
def review_actions(request):
    key = request.GET.get("status", "offen")
    key = key if key in FILTERS else "offen"
    today = timezone.localdate()
    actions = list(svc.action_list(user=request.user, state=FILTERS[key], today=today))
    for a in actions:
        a.overdue = a.status == ActionStatus.OPEN and a.due_on < today
        a.can_complete = a.status == ActionStatus.OPEN and policy.can_edit_region_data(
            request.user, a.review.region_id)
    return render(request, "steering/review_actions.html", {
        "actions": actions, "filter": key, "filters": FILTER_LABELS.items()})


@access(REGION_OBJECT, REVIEW_ACTION, post=REGION_EDIT)
def review_action_done(request, action: ReviewAction):
    if action.status != ActionStatus.OPEN:
        messages.info(request, "Diese Maßnahme ist bereits erledigt.")
        return redirect("steering:review_actions")
    form = DoneForm(request.POST or None, initial={"done_on": timezone.localdate()})
    return form_page(request, form=form, title=f"Maßnahme erledigt: {action.what[:80]}",
                     save=lambda f: svc.action_complete(
                         actor=request.user, action=action, done_on=f.cleaned_data["done_on"],
                         note=f.cleaned_data["note"]),
                     success="Die Maßnahme ist als erledigt vermerkt.",
                     target=reverse("steering:review_actions"))
