from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters

from aqb.audit.selectors import history_for
from aqb.ui.forms import apply_service_errors, confirm_page, form_page

from . import selectors, services
from .forms import (
    LoginForm,
    MembershipForm,
    MembershipFormSet,
    PasswordChangeOwnForm,
    PasswordSetForm,
    ProviderForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from .policy import LOGIN, MINISTRY, PUBLIC, access
from .services import MembershipSpec

# Masked in error reports (Django's debug page, mailed or logged 500s).
PASSWORD_FIELDS = ("password", "password_repeat")
OWN_PASSWORD_FIELDS = ("old_password", *PASSWORD_FIELDS)


@access(PUBLIC)
def login(request):
    return auth_views.LoginView.as_view(
        template_name="accounts/login.html", authentication_form=LoginForm,
        redirect_authenticated_user=True,
        extra_context={"two_factor_off": not settings.AQB_2FA_REQUIRED},
    )(request)


@access(PUBLIC)
def logout(request):
    return auth_views.LogoutView.as_view(template_name="accounts/logged_out.html")(request)


@access(LOGIN)
@sensitive_post_parameters(*OWN_PASSWORD_FIELDS)
def password_change(request):
    """The holder's own password. Until an account set up by someone else has changed its
    password, this page and logout are all it reaches (middleware.PasswordChangeGate)."""
    user = request.user
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = reverse("home")
    required = user.must_change_password

    def save(form):
        changed = services.user_change_own_password(
            user=user, old_password=form.cleaned_data["old_password"],
            password=form.cleaned_data["password"])
        update_session_auth_hash(request, changed)  # stay logged in after the own change

    return form_page(
        request, form=PasswordChangeOwnForm(request.POST or None), title="Passwort ändern",
        save=save, success="Ihr Passwort wurde geändert.", target=target,
        template="accounts/password_change.html",
        context={"submit_label": "Passwort ändern", "required": required, "next": target})


# --- user management (ministry) --------------------------------------------------------------
# Thin views: forms parse, services change (audited), selectors read.

def _error_items(form, *formsets) -> list[tuple[str | None, str]]:
    """The error summary: (anchor id or None, text) for the form and each membership row."""
    items: list[tuple[str | None, str]] = []

    def add(f, prefix: str = "") -> None:
        for e in f.non_field_errors():
            items.append((None, prefix + e))
        for field in f:
            for e in field.errors:
                items.append((field.id_for_label, f"{prefix}{field.label}: {e}"))

    add(form)
    for fs in formsets:
        for e in fs.non_form_errors():
            items.append((None, e))
        for n, f in enumerate(fs.forms, start=1):
            add(f, f"Mitgliedschaft {n} – ")
    return items


def _render(request, template: str, context: dict, *, invalid: bool = False):
    return render(request, f"accounts/{template}", context, status=400 if invalid else 200)


def _spec(data: dict) -> MembershipSpec:
    return MembershipSpec(role=data["role"], region=data.get("region"),
                          provider=data.get("provider"))


@access(MINISTRY)
def user_list(request):
    form = UserFilterForm(request.GET or None)
    role = query = ""
    if form.is_valid():
        role, query = form.cleaned_data["rolle"], form.cleaned_data["suche"]
    return render(request, "accounts/user_list.html", {
        "form": form, "users": selectors.user_list(user=request.user, role=role,
                                                       query=query),
        "filtered": bool(role or query),
    })


@access(MINISTRY)
@sensitive_post_parameters(*PASSWORD_FIELDS)
def user_create(request):
    data = request.POST if request.method == "POST" else None
    form = UserCreateForm(data)
    memberships = MembershipFormSet(data, prefix="mitgliedschaft", error_messages={
        "too_few_forms": "Bitte geben Sie mindestens eine Mitgliedschaft an."})
    if data is not None:
        form_ok = form.is_valid()
        if memberships.is_valid() and form_ok:
            specs = [_spec(f.cleaned_data) for f in memberships.forms if f.cleaned_data]
            try:
                user = services.user_create(
                    actor=request.user, username=form.cleaned_data["username"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"], email=form.cleaned_data["email"],
                    password=form.cleaned_data["password"], memberships=specs)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, f"Das Benutzerkonto „{user.username}“ wurde angelegt.")
                return redirect("accounts:user_detail", pk=user.pk)
    return _render(request, "user_create.html", {
        "form": form, "memberships": memberships,
        "error_items": _error_items(form, memberships)}, invalid=data is not None)


@access(MINISTRY)
def user_detail(request, pk: int):
    user = selectors.user_get(user=request.user, pk=pk)
    return render(request, "accounts/user_detail.html", {
        "account": user, "is_self": user.pk == request.user.pk,
        "membership_form": MembershipForm(),
        "history": history_for(user)[:50],
    })


def _detail_url(user) -> str:
    return reverse("accounts:user_detail", args=[user.pk])


@access(MINISTRY)
def user_edit(request, pk: int):
    user = selectors.user_get(user=request.user, pk=pk)
    form = UserEditForm(request.POST or None, initial={
        "first_name": user.first_name, "last_name": user.last_name, "email": user.email})
    return form_page(
        request, form=form, title=f"Angaben zur Person: {user.username}",
        save=lambda f: services.user_update(actor=request.user, user=user, **f.cleaned_data),
        success="Die Angaben zur Person wurden gespeichert.", target=_detail_url(user))


@access(MINISTRY)
@sensitive_post_parameters(*PASSWORD_FIELDS)
def user_password(request, pk: int):
    user = selectors.user_get(user=request.user, pk=pk)

    def save(form):
        changed = services.user_set_password(actor=request.user, user=user,
                                             password=form.cleaned_data["password"])
        if changed.pk == request.user.pk:
            update_session_auth_hash(request, changed)  # stay logged in after the own change

    return form_page(
        request, form=PasswordSetForm(request.POST or None),
        title=f"Passwort neu setzen: {user.username}", save=save,
        success="Das Passwort wurde neu gesetzt.", target=_detail_url(user),
        context={"submit_label": "Passwort setzen", "intro": (
            "Das bisherige Passwort gilt danach nicht mehr; angemeldete Sitzungen des Kontos "
            "enden. Teilen Sie das neue Passwort der Person auf einem sicheren Weg mit.")})


@access(MINISTRY)
def user_status(request, pk: int):
    """Deactivate or reactivate, after confirmation. Accounts are never deleted."""
    user = selectors.user_get(user=request.user, pk=pk)
    choice = request.POST.get("aktiv")

    def act():
        if choice not in ("ja", "nein"):
            raise ValidationError("Unbekannte Aktion: bitte über die Schaltfläche bestätigen.")
        services.user_set_active(actor=request.user, user=user, active=choice == "ja")

    return confirm_page(
        request, template="accounts/user_status.html",
        context={"account": user, "is_self": user.pk == request.user.pk}, act=act,
        success=f"Das Benutzerkonto „{user.username}“ wurde "
                f"{'reaktiviert' if choice == 'ja' else 'deaktiviert'}.",
        target=_detail_url(user))


@access(MINISTRY)
def membership_add(request, pk: int):
    user = selectors.user_get(user=request.user, pk=pk)
    return form_page(
        request, form=MembershipForm(request.POST or None),
        title=f"Mitgliedschaft hinzufügen: {user.username}",
        save=lambda f: services.membership_add(
            actor=request.user, user=user, role=f.cleaned_data["role"],
            region=f.cleaned_data.get("region"), provider=f.cleaned_data.get("provider")),
        success="Die Mitgliedschaft wurde hinzugefügt.", target=_detail_url(user),
        context={"submit_label": "Mitgliedschaft hinzufügen"})


@access(MINISTRY)
def membership_remove(request, pk: int, membership: int):
    user = selectors.user_get(user=request.user, pk=pk)
    row = selectors.membership_get(user=request.user, account=user, pk=membership)
    label = services.membership_label(row)
    return confirm_page(
        request, template="accounts/membership_remove.html",
        context={"account": user, "membership": row, "label": label},
        act=lambda: services.membership_remove(actor=request.user, membership=row),
        success=f"Die Mitgliedschaft „{label}“ wurde entfernt.", target=_detail_url(user))


@access(MINISTRY)
def provider_list(request):
    return render(request, "accounts/provider_list.html", {
        "providers": selectors.provider_list(user=request.user).annotate(
            accounts=Count("memberships"))})


@access(MINISTRY)
def provider_edit(request, pk: int | None = None):
    provider = selectors.provider_get(user=request.user, pk=pk) if pk is not None else None
    initial = {"name": provider.name, "city": provider.city} if provider else None
    form = ProviderForm(request.POST or None, initial=initial)
    name = (form.data.get("name") or "").strip()
    return form_page(
        request, form=form, title=f"Träger {provider.name}" if provider else "Neuer Träger",
        save=lambda f: services.provider_save(actor=request.user, provider=provider,
                                              **f.cleaned_data),
        success=f"Der Träger „{name}“ wurde gespeichert.", target="accounts:provider_list",
        template="accounts/provider_form.html",
        context={"history": history_for(provider)[:50] if provider else None})
