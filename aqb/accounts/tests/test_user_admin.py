"""User management of the ministry: services (validation, audit, self-lockout), HTTP views,
and the `aqb user_add` command for first-time setup."""

import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from aqb.accounts import services
from aqb.accounts.models import Membership, Provider, Role, User
from aqb.accounts.services import MembershipSpec
from aqb.audit.models import AuditEntry
from aqb.audit.selectors import audit_chain_verify
from aqb.regions.models import Region
from conftest import make_user

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Kassel-Anfang-2025!"


@pytest.fixture
def kassel(db) -> Region:
    return Region.objects.get(ags="06611")


def _create(actor, **overrides):
    kwargs = {"username": "kassel-meier", "first_name": "Mira", "last_name": "Meier",
              "email": "mira.meier@kassel.de", "password": GOOD_PASSWORD,
              "memberships": [MembershipSpec(role=Role.REGION,
                                             region=Region.objects.get(ags="06611"))]}
    kwargs.update(overrides)
    return services.user_create(actor=actor, **kwargs)


def _audit_text() -> str:
    return json.dumps(list(AuditEntry.objects.values("summary", "changes", "object_repr")),
                      ensure_ascii=False)


# --- services ------------------------------------------------------------------------------

def test_create_makes_an_active_user_with_memberships_and_one_audit_entry(ministry_user,
                                                                          kassel):
    user = _create(ministry_user)
    assert user.is_active and user.check_password(GOOD_PASSWORD)
    assert list(user.memberships.values_list("role", "region__ags")) == [("region", "06611")]
    entry = AuditEntry.objects.get(action="user.create")
    assert entry.object_id == str(user.pk) and entry.actor == ministry_user
    assert entry.changes["Benutzername"] == {"before": None, "after": "kassel-meier"}
    assert entry.changes["Mitgliedschaften"]["after"] == "Gebietskörperschaft: Stadt Kassel"
    assert GOOD_PASSWORD not in _audit_text() and user.password not in _audit_text()
    assert audit_chain_verify() == AuditEntry.objects.count()


@pytest.mark.parametrize(("spec", "field", "message"), [
    (lambda k, p: MembershipSpec(role=Role.REGION), "region",
     "Für die Rolle Gebietskörperschaft ist eine Gebietskörperschaft anzugeben."),
    (lambda k, p: MembershipSpec(role=Role.MINISTRY, region=k), "region",
     "nur bei der Rolle Gebietskörperschaft"),
    (lambda k, p: MembershipSpec(role=Role.PROVIDER), "provider",
     "Für die Rolle Träger ist ein Träger anzugeben."),
    (lambda k, p: MembershipSpec(role=Role.REGION, region=k, provider=p), "provider",
     "nur bei der Rolle Träger"),
    (lambda k, p: MembershipSpec(role="chef"), "role", "Bitte wählen Sie eine Rolle."),
])
def test_a_membership_must_fit_its_role(ministry_user, kassel, provider, spec, field, message):
    with pytest.raises(ValidationError) as exc:
        _create(ministry_user, memberships=[spec(kassel, provider)])
    assert any(message in m for m in exc.value.message_dict[field])
    assert not User.objects.filter(username="kassel-meier").exists()
    assert not AuditEntry.objects.exists()


def test_create_needs_a_membership_and_no_duplicates(ministry_user, kassel):
    with pytest.raises(ValidationError, match="mindestens eine Mitgliedschaft"):
        _create(ministry_user, memberships=[])
    twice = [MembershipSpec(role=Role.REGION, region=kassel)] * 2
    with pytest.raises(ValidationError, match="doppelt"):
        _create(ministry_user, memberships=twice)
    assert not User.objects.filter(username="kassel-meier").exists()


def test_several_memberships_at_once(ministry_user, kassel, provider):
    user = _create(ministry_user, memberships=[
        MembershipSpec(role=Role.REGION, region=kassel),
        MembershipSpec(role=Role.PROVIDER, provider=provider)])
    assert user.memberships.count() == 2


def test_passwords_are_checked_by_the_validators_in_german(ministry_user):
    for weak, text in [("kurz", "zu kurz"), ("12345678901234", "komplett numerisch"),
                       ("kassel-meier1", "Benutzername")]:
        with pytest.raises(ValidationError) as exc:
            _create(ministry_user, password=weak)
        assert any(text in m for m in exc.value.message_dict["password"]), weak
    assert not User.objects.filter(username="kassel-meier").exists()


def test_user_names_are_unique_regardless_of_case(ministry_user):
    _create(ministry_user)
    with pytest.raises(ValidationError) as exc:
        _create(ministry_user, username="Kassel-Meier")
    assert "bereits vergeben" in exc.value.message_dict["username"][0]


def test_only_the_ministry_manages_accounts(authority_user, region_user, kassel):
    for actor in (authority_user, region_user, None):
        with pytest.raises(PermissionDenied):
            _create(actor)
        with pytest.raises(PermissionDenied):
            services.provider_save(actor=actor, name="X")
    assert not AuditEntry.objects.exists()


def test_update_records_before_and_after(ministry_user, region_user):
    services.user_update(actor=ministry_user, user=region_user, first_name="Wolf",
                         last_name="Franke", email="w.franke@lkwafkb.de")
    region_user.refresh_from_db()
    assert region_user.email == "w.franke@lkwafkb.de"
    entry = AuditEntry.objects.get(action="user.update")
    assert entry.changes["E-Mail"] == {"before": "", "after": "w.franke@lkwafkb.de"}
    with pytest.raises(ValidationError) as exc:
        services.user_update(actor=ministry_user, user=region_user, email="kein-at")
    assert "email" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.user_update(actor=ministry_user, user=region_user, username="anders")
    # Nothing changed: no second entry.
    services.user_update(actor=ministry_user, user=region_user, first_name="Wolf")
    assert AuditEntry.objects.filter(action="user.update").count() == 1


def test_a_new_password_is_audited_without_the_hash(ministry_user, region_user, client):
    services.user_set_password(actor=ministry_user, user=region_user, password=GOOD_PASSWORD)
    region_user.refresh_from_db()
    entry = AuditEntry.objects.get(action="user.password")
    # the ministry knows it now: the holder must change it at the next login
    assert entry.summary == "Passwort neu gesetzt (bei der nächsten Anmeldung zu ändern)"
    assert entry.changes == {"Passwort bei der nächsten Anmeldung ändern": {
        "before": "nein", "after": "ja"}}
    assert region_user.must_change_password
    assert region_user.password not in _audit_text() and GOOD_PASSWORD not in _audit_text()
    assert client.login(username="wf", password=GOOD_PASSWORD)
    with pytest.raises(ValidationError) as exc:
        services.user_set_password(actor=ministry_user, user=region_user, password="passwort")
    assert any("zu kurz" in m for m in exc.value.message_dict["password"])


def test_deactivate_and_reactivate_never_delete(ministry_user, region_user, client):
    services.user_set_active(actor=ministry_user, user=region_user, active=False)
    assert not client.login(username="wf", password="geheim-und-lang-genug")
    assert User.objects.filter(pk=region_user.pk, is_active=False).exists()
    services.user_set_active(actor=ministry_user, user=region_user, active=True)
    assert client.login(username="wf", password="geheim-und-lang-genug")
    assert list(AuditEntry.objects.order_by("seq").values_list("summary", flat=True)) == [
        "Benutzerkonto deaktiviert", "Benutzerkonto reaktiviert"]


def test_nobody_locks_themselves_out(ministry_user, region_wf):
    with pytest.raises(ValidationError, match="eigenes Benutzerkonto nicht deaktivieren"):
        services.user_set_active(actor=ministry_user, user=ministry_user, active=False)
    own = ministry_user.memberships.get(role=Role.MINISTRY)
    with pytest.raises(ValidationError, match="letzte Mitgliedschaft beim Ministerium"):
        services.membership_remove(actor=ministry_user, membership=own)
    assert ministry_user.memberships.filter(role=Role.MINISTRY).exists()
    assert User.objects.get(pk=ministry_user.pk).is_active
    # Other memberships of one's own account can go; another ministry user may remove it.
    extra = services.membership_add(actor=ministry_user, user=ministry_user, role=Role.REGION,
                                    region=region_wf)
    services.membership_remove(actor=ministry_user, membership=extra)
    colleague = make_user("min2", Role.MINISTRY)
    services.membership_remove(actor=colleague, membership=own)
    assert not ministry_user.memberships.exists()


def test_memberships_added_and_removed_are_audited_on_the_user(ministry_user, region_user,
                                                               kassel):
    m = services.membership_add(actor=ministry_user, user=region_user, role=Role.REGION,
                                region=kassel)
    with pytest.raises(ValidationError, match="besteht bereits"):
        services.membership_add(actor=ministry_user, user=region_user, role=Role.REGION,
                                region=kassel)
    with pytest.raises(ValidationError) as exc:
        services.membership_add(actor=ministry_user, user=region_user, role=Role.REGION)
    assert "region" in exc.value.message_dict
    services.membership_remove(actor=ministry_user, membership=m)
    entries = AuditEntry.objects.filter(object_id=str(region_user.pk)).order_by("seq")
    assert [e.summary for e in entries] == [
        "Mitgliedschaft hinzugefügt: Gebietskörperschaft: Stadt Kassel",
        "Mitgliedschaft entfernt: Gebietskörperschaft: Stadt Kassel"]
    assert entries[0].changes["Mitgliedschaften"] == {
        "before": "Gebietskörperschaft: Landkreis Waldeck-Frankenberg",
        "after": "Gebietskörperschaft: Landkreis Waldeck-Frankenberg; "
                 "Gebietskörperschaft: Stadt Kassel"}


def test_providers_are_created_and_changed_with_audit(ministry_user):
    p = services.provider_save(actor=ministry_user, name="Werkstatt Kassel e. V.", city="Kassel")
    services.provider_save(actor=ministry_user, provider=p, name="Werkstatt Kassel e. V.",
                           city="Baunatal")
    with pytest.raises(ValidationError) as exc:
        services.provider_save(actor=ministry_user, name="werkstatt kassel e. V.")
    assert "bereits eingetragen" in exc.value.message_dict["name"][0]
    with pytest.raises(ValidationError) as exc:
        services.provider_save(actor=ministry_user, name=" ")
    assert "name" in exc.value.message_dict
    assert [(e.action, e.changes) for e in AuditEntry.objects.order_by("seq")] == [
        ("provider.create", {"Name": {"before": None, "after": "Werkstatt Kassel e. V."},
                             "Ort": {"before": None, "after": "Kassel"}}),
        ("provider.update", {"Ort": {"before": "Kassel", "after": "Baunatal"}})]


# --- HTTP ----------------------------------------------------------------------------------

@pytest.fixture
def ministry_client(ministry_user) -> Client:
    c = Client()
    c.force_login(ministry_user)
    return c


def _create_post(**overrides):
    data = {"username": "kassel-meier", "first_name": "Mira", "last_name": "Meier",
            "email": "mira.meier@kassel.de", "password": GOOD_PASSWORD,
            "password_repeat": GOOD_PASSWORD,
            "mitgliedschaft-TOTAL_FORMS": "2", "mitgliedschaft-INITIAL_FORMS": "0",
            "mitgliedschaft-MIN_NUM_FORMS": "1", "mitgliedschaft-MAX_NUM_FORMS": "1000",
            "mitgliedschaft-0-role": "region",
            "mitgliedschaft-0-region": str(Region.objects.get(ags="06611").pk),
            "mitgliedschaft-0-provider": "",
            "mitgliedschaft-1-role": "", "mitgliedschaft-1-region": "",
            "mitgliedschaft-1-provider": ""}
    data.update(overrides)
    return data


def test_other_roles_may_not_open_user_management(client, authority_user, region_user,
                                                  provider_user):
    for user in (authority_user, region_user, provider_user):
        client.force_login(user)
        assert client.get("/benutzerkonten/").status_code == 403
        assert client.post("/benutzerkonten/neu/", _create_post()).status_code == 403
        assert "Benutzerkonten" not in client.get("/").content.decode()
    assert not User.objects.filter(username="kassel-meier").exists()


def test_the_list_shows_roles_and_filters(ministry_client, region_user, provider_user):
    page = ministry_client.get("/benutzerkonten/").content.decode()
    assert "Gebietskörperschaft: Landkreis Waldeck-Frankenberg" in page
    assert "Träger: Bildungswerk Test gGmbH" in page
    assert "noch nie" in page
    only_providers = ministry_client.get("/benutzerkonten/?rolle=provider").content.decode()
    assert ">tr<" in only_providers and ">wf<" not in only_providers
    search = ministry_client.get("/benutzerkonten/?suche=waldeck").content.decode()
    assert ">wf<" in search and ">tr<" not in search and "1 Benutzerkonto gefunden" in search


def test_the_ministry_creates_a_user(ministry_client):
    response = ministry_client.post("/benutzerkonten/neu/", _create_post())
    assert response.status_code == 302
    user = User.objects.get(username="kassel-meier")
    assert response["Location"] == f"/benutzerkonten/{user.pk}/"
    page = ministry_client.get(response["Location"]).content.decode()
    assert "Gebietskörperschaft: Stadt Kassel" in page
    assert "Verlauf" in page and "Benutzerkonto angelegt" in page
    assert Client().login(username="kassel-meier", password=GOOD_PASSWORD)


@pytest.mark.parametrize(("overrides", "named"), [
    ({"mitgliedschaft-0-region": ""}, "Mitgliedschaft 1 – Gebietskörperschaft: Für die Rolle "
                                      "Gebietskörperschaft ist eine Gebietskörperschaft"),
    ({"mitgliedschaft-0-role": "provider"}, "Mitgliedschaft 1 – Träger: Für die Rolle Träger"),
    ({"mitgliedschaft-1-role": "ministry", "mitgliedschaft-1-region": "1"},
     "Mitgliedschaft 2 – Gebietskörperschaft: Eine Gebietskörperschaft wird nur"),
    ({"mitgliedschaft-0-role": ""}, "Mitgliedschaft 1 – Rolle:"),
    ({"password": "kurz", "password_repeat": "kurz"}, "Anfangspasswort: Dieses Passwort ist "
                                                      "zu kurz"),
    ({"password_repeat": "anders-als-oben-1"}, "Anfangspasswort wiederholen: Die beiden "
                                               "Passwörter stimmen nicht überein."),
    ({"email": "kein-at"}, "E-Mail:"),
    ({"username": ""}, "Benutzername:"),
    ({"username": "min"}, "Benutzername: Der Benutzername „min“ ist bereits vergeben."),
])
def test_bad_input_names_the_field_and_saves_nothing(ministry_client, overrides, named):
    before = (User.objects.count(), Membership.objects.count(), AuditEntry.objects.count())
    response = ministry_client.post("/benutzerkonten/neu/", _create_post(**overrides))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bitte korrigieren Sie die markierten Felder." in page
    assert named in page
    assert 'aria-invalid="true"' in page
    assert GOOD_PASSWORD not in page  # passwords are not sent back
    assert (User.objects.count(), Membership.objects.count(),
            AuditEntry.objects.count()) == before


def test_a_membership_given_twice_is_marked_at_its_row(ministry_client, kassel):
    response = ministry_client.post("/benutzerkonten/neu/", _create_post(**{
        "mitgliedschaft-1-role": "region", "mitgliedschaft-1-region": str(kassel.pk)}))
    assert response.status_code == 400
    assert ('href="#id_mitgliedschaft-1-role">Mitgliedschaft 2 – Rolle: Diese Mitgliedschaft '
            'ist schon als Mitgliedschaft 1 angegeben.') in response.content.decode()
    assert not User.objects.filter(username="kassel-meier").exists()


@pytest.mark.parametrize("view", ["user_create", "user_password"])
def test_error_reports_mask_the_passwords(rf, ministry_user, region_user, view):
    from django.views.debug import SafeExceptionReporterFilter

    from aqb.accounts import views

    request = rf.post("/", {"password": GOOD_PASSWORD, "password_repeat": "anders-als-oben-1"})
    request.user = ministry_user
    kwargs = {"pk": region_user.pk} if view == "user_password" else {}
    assert getattr(views, view)(request, **kwargs).status_code == 400
    shown = SafeExceptionReporterFilter().get_post_parameters(request)
    assert GOOD_PASSWORD not in json.dumps(dict(shown))


def test_edit_names_and_email(ministry_client, region_user):
    url = f"/benutzerkonten/{region_user.pk}/bearbeiten/"
    bad = ministry_client.post(url, {"first_name": "Wolf", "last_name": "Franke",
                                     "email": "kein-at"})
    assert bad.status_code == 400 and "E-Mail:" in bad.content.decode()
    assert User.objects.get(pk=region_user.pk).first_name == ""
    ok = ministry_client.post(url, {"first_name": "Wolf", "last_name": "Franke",
                                    "email": "w.franke@lkwafkb.de"})
    assert ok.status_code == 302
    assert User.objects.get(pk=region_user.pk).get_full_name() == "Wolf Franke"


def test_deactivation_by_http_and_not_of_oneself(ministry_client, ministry_user, region_user):
    own = ministry_client.post(f"/benutzerkonten/{ministry_user.pk}/status/", {"aktiv": "nein"})
    assert own.status_code == 400
    assert "Sie können Ihr eigenes Benutzerkonto nicht deaktivieren." in own.content.decode()
    assert User.objects.get(pk=ministry_user.pk).is_active
    other = ministry_client.post(f"/benutzerkonten/{region_user.pk}/status/", {"aktiv": "nein"})
    assert other.status_code == 302
    assert not User.objects.get(pk=region_user.pk).is_active
    page = ministry_client.get("/benutzerkonten/").content.decode()
    assert "deaktiviert" in page
    ministry_client.post(f"/benutzerkonten/{region_user.pk}/status/", {"aktiv": "ja"})
    assert User.objects.get(pk=region_user.pk).is_active


def test_memberships_by_http(ministry_client, ministry_user, region_user, provider):
    url = f"/benutzerkonten/{region_user.pk}/mitgliedschaften/neu/"
    bad = ministry_client.post(url, {"role": "provider", "region": "", "provider": ""})
    assert bad.status_code == 400 and "Träger: Für die Rolle Träger" in bad.content.decode()
    assert region_user.memberships.count() == 1
    ok = ministry_client.post(url, {"role": "provider", "provider": str(provider.pk)})
    assert ok.status_code == 302 and region_user.memberships.count() == 2
    m = region_user.memberships.get(role=Role.PROVIDER)
    ministry_client.post(f"/benutzerkonten/{region_user.pk}/mitgliedschaften/{m.pk}/entfernen/")
    assert region_user.memberships.count() == 1
    own = ministry_user.memberships.get()
    response = ministry_client.post(
        f"/benutzerkonten/{ministry_user.pk}/mitgliedschaften/{own.pk}/entfernen/")
    assert response.status_code == 400
    assert "letzte Mitgliedschaft beim Ministerium" in response.content.decode()
    assert ministry_user.memberships.count() == 1
    # A membership of another user is not reachable under this user.
    foreign = ministry_client.get(
        f"/benutzerkonten/{ministry_user.pk}/mitgliedschaften/{region_user.memberships.get().pk}"
        "/entfernen/")
    assert foreign.status_code == 404


def test_setting_a_password_by_http(ministry_client, ministry_user, region_user):
    url = f"/benutzerkonten/{region_user.pk}/passwort/"
    bad = ministry_client.post(url, {"password": "kurz", "password_repeat": "kurz"})
    assert bad.status_code == 400 and "Neues Passwort: Dieses Passwort ist zu kurz" in \
        bad.content.decode()
    ok = ministry_client.post(url, {"password": GOOD_PASSWORD, "password_repeat": GOOD_PASSWORD})
    assert ok.status_code == 302
    assert Client().login(username="wf", password=GOOD_PASSWORD)
    detail = ministry_client.get(f"/benutzerkonten/{region_user.pk}/").content.decode()
    assert "Passwort neu gesetzt" in detail
    # The own password: the session stays valid.
    ministry_client.post(f"/benutzerkonten/{ministry_user.pk}/passwort/",
                         {"password": GOOD_PASSWORD, "password_repeat": GOOD_PASSWORD})
    assert ministry_client.get("/benutzerkonten/").status_code == 200


def test_providers_by_http(ministry_client):
    bad = ministry_client.post("/benutzerkonten/traeger/neu/", {"name": "", "city": "Kassel"})
    assert bad.status_code == 400 and "Name:" in bad.content.decode()
    assert not Provider.objects.exists()
    ok = ministry_client.post("/benutzerkonten/traeger/neu/",
                              {"name": "Werkstatt Kassel e. V.", "city": "Kassel"})
    assert ok.status_code == 302
    p = Provider.objects.get()
    ministry_client.post(f"/benutzerkonten/traeger/{p.pk}/",
                         {"name": "Werkstatt Kassel e. V.", "city": "Baunatal"})
    page = ministry_client.get(f"/benutzerkonten/traeger/{p.pk}/").content.decode()
    assert "Verlauf" in page and "Träger geändert" in page and "Baunatal" in page
    listing = ministry_client.get("/benutzerkonten/traeger/").content.decode()
    assert "Werkstatt Kassel e. V." in listing


# --- command -------------------------------------------------------------------------------

def _command(*args, stdin: str = GOOD_PASSWORD + "\n") -> str:
    out = io.StringIO()
    call_command("user_add", *args, stdin=io.StringIO(stdin), stdout=out)
    return out.getvalue()


def test_user_add_creates_the_first_ministry_account_as_system(db):
    out = _command("ministerium-mueller", "--role", "ministry", "--password-stdin")
    assert "„ministerium-mueller“ angelegt (Ministerium)" in out
    user = User.objects.get(username="ministerium-mueller")
    assert user.check_password(GOOD_PASSWORD)
    entry = AuditEntry.objects.get()
    assert entry.actor is None and entry.actor_label == "System"
    assert user.password not in _audit_text()


def test_user_add_with_region_and_provider(kassel, provider):
    _command("kassel-1", "--role", "region", "--region", "06611", "--password-stdin")
    _command("traeger-1", "--role", "provider", "--provider", "bildungswerk test ggmbh",
             "--password-stdin")
    assert User.objects.get(username="kassel-1").memberships.get().region == kassel
    assert User.objects.get(username="traeger-1").memberships.get().provider == provider


def test_user_add_asks_interactively(monkeypatch, db):
    answers = iter([GOOD_PASSWORD, GOOD_PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    _command("rp-kassel-1", "--role", "authority")
    assert User.objects.get(username="rp-kassel-1").check_password(GOOD_PASSWORD)
    answers = iter([GOOD_PASSWORD, "anders"])
    with pytest.raises(CommandError, match="stimmen nicht überein"):
        _command("rp-kassel-2", "--role", "authority")


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["x1", "--role", "chef", "--password-stdin"], GOOD_PASSWORD, "„chef“ ist keine Rolle"),
    (["x1", "--password-stdin"], GOOD_PASSWORD, "Bitte geben Sie --role an"),
    ([], GOOD_PASSWORD, "Bitte geben Sie einen Benutzernamen an"),
    (["x1", "--role", "region", "--password-stdin"], GOOD_PASSWORD,
     "Gebietskörperschaft: Für die Rolle Gebietskörperschaft ist eine"),
    (["x1", "--role", "region", "--region", "99999", "--password-stdin"], GOOD_PASSWORD,
     "Keine Gebietskörperschaft mit dem Schlüssel „99999“"),
    (["x1", "--role", "ministry", "--region", "06611", "--password-stdin"], GOOD_PASSWORD,
     "nur bei der Rolle Gebietskörperschaft"),
    (["x1", "--role", "provider", "--provider", "Gibt es nicht", "--password-stdin"],
     GOOD_PASSWORD, "Kein Träger mit dem Namen"),
    (["x1", "--role", "ministry", "--password-stdin"], "kurz\n",
     "Passwort: Dieses Passwort ist zu kurz"),
    (["x1", "--role", "ministry", "--password-stdin"], "", "kein Passwort"),
    (["min", "--role", "ministry", "--password-stdin"], GOOD_PASSWORD, "bereits vergeben"),
])
def test_user_add_refuses_bad_input_in_german(ministry_user, args, stdin, message):
    before = (User.objects.count(), AuditEntry.objects.count())
    with pytest.raises(CommandError, match=message):
        _command(*args, stdin=stdin)
    assert (User.objects.count(), AuditEntry.objects.count()) == before


def test_user_add_exits_non_zero_on_the_command_line(db, capsys, monkeypatch):
    from django.core.management import ManagementUtility

    monkeypatch.setattr("sys.stdin", io.StringIO(GOOD_PASSWORD + "\n"))
    # run_from_argv closes all connections at the end, which would close the test database's.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    with pytest.raises(SystemExit) as exc:
        ManagementUtility(["aqb", "user_add", "x1", "--role", "region",
                           "--password-stdin"]).execute()
    assert exc.value.code == 1
    assert "Für die Rolle Gebietskörperschaft" in capsys.readouterr().err
    ManagementUtility(["aqb", "user_add", "x1", "--role", "region", "--region", "06611",
                       "--password-stdin"]).execute()
    assert User.objects.filter(username="x1", is_active=True).exists()


def test_a_status_post_without_a_known_action_changes_nothing(ministry_client, region_user):
    response = ministry_client.post(f"/benutzerkonten/{region_user.pk}/status/", {})
    assert response.status_code == 400
    assert "Unbekannte Aktion" in response.content.decode()
    region_user.refresh_from_db()
    assert region_user.is_active


def test_user_add_speaks_german_about_bad_options(db):
    with pytest.raises(CommandError) as info:
        call_command("user_add", "anna", "--rolle", "ministry")
    assert str(info.value) == "Fehler: unbekannte Angabe: --rolle ministry"
    with pytest.raises(CommandError, match="--role braucht einen Wert"):
        call_command("user_add", "anna", "--role")


def test_user_add_help_is_german():
    from aqb.accounts.management.commands.user_add import Command

    text = Command().create_parser("aqb", "user_add").format_help()
    assert text.startswith("Aufruf: aqb user_add")
    assert "Diese Hilfe anzeigen und beenden." in text and "Optionen:" in text
    for english in ("usage:", "show this help", "options:", "Verbosity level", "Display a full"):
        assert english not in text
