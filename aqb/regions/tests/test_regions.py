import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from aqb.audit.models import AuditEntry
from aqb.regions import services
from aqb.regions.models import MinistryName, Region
from aqb.regions.selectors import MinistryNameMissing, granting_authority, ministry_on

# ags: (nominative, dative, genitive), for all 26 regions
FORMS = {
    "06411": ("die Wissenschaftsstadt Darmstadt", "der Wissenschaftsstadt Darmstadt",
              "der Wissenschaftsstadt Darmstadt"),
    "06412": ("die Stadt Frankfurt am Main", "der Stadt Frankfurt am Main",
              "der Stadt Frankfurt am Main"),
    "06413": ("die Stadt Offenbach am Main", "der Stadt Offenbach am Main",
              "der Stadt Offenbach am Main"),
    "06414": ("die Landeshauptstadt Wiesbaden", "der Landeshauptstadt Wiesbaden",
              "der Landeshauptstadt Wiesbaden"),
    "06431": ("der Kreis Bergstraße", "dem Kreis Bergstraße", "des Kreises Bergstraße"),
    "06432": ("der Landkreis Darmstadt-Dieburg", "dem Landkreis Darmstadt-Dieburg",
              "des Landkreises Darmstadt-Dieburg"),
    "06433": ("der Kreis Groß-Gerau", "dem Kreis Groß-Gerau", "des Kreises Groß-Gerau"),
    "06434": ("der Hochtaunuskreis", "dem Hochtaunuskreis", "des Hochtaunuskreises"),
    "06435": ("der Main-Kinzig-Kreis", "dem Main-Kinzig-Kreis", "des Main-Kinzig-Kreises"),
    "06436": ("der Main-Taunus-Kreis", "dem Main-Taunus-Kreis", "des Main-Taunus-Kreises"),
    "06437": ("der Odenwaldkreis", "dem Odenwaldkreis", "des Odenwaldkreises"),
    "06438": ("der Kreis Offenbach", "dem Kreis Offenbach", "des Kreises Offenbach"),
    "06439": ("der Rheingau-Taunus-Kreis", "dem Rheingau-Taunus-Kreis",
              "des Rheingau-Taunus-Kreises"),
    "06440": ("der Wetteraukreis", "dem Wetteraukreis", "des Wetteraukreises"),
    "06531": ("der Landkreis Gießen", "dem Landkreis Gießen", "des Landkreises Gießen"),
    "06532": ("der Lahn-Dill-Kreis", "dem Lahn-Dill-Kreis", "des Lahn-Dill-Kreises"),
    "06533": ("der Landkreis Limburg-Weilburg", "dem Landkreis Limburg-Weilburg",
              "des Landkreises Limburg-Weilburg"),
    "06534": ("der Landkreis Marburg-Biedenkopf", "dem Landkreis Marburg-Biedenkopf",
              "des Landkreises Marburg-Biedenkopf"),
    "06535": ("der Vogelsbergkreis", "dem Vogelsbergkreis", "des Vogelsbergkreises"),
    "06611": ("die Stadt Kassel", "der Stadt Kassel", "der Stadt Kassel"),
    "06631": ("der Landkreis Fulda", "dem Landkreis Fulda", "des Landkreises Fulda"),
    "06632": ("der Landkreis Hersfeld-Rotenburg", "dem Landkreis Hersfeld-Rotenburg",
              "des Landkreises Hersfeld-Rotenburg"),
    "06633": ("der Landkreis Kassel", "dem Landkreis Kassel", "des Landkreises Kassel"),
    "06634": ("der Schwalm-Eder-Kreis", "dem Schwalm-Eder-Kreis", "des Schwalm-Eder-Kreises"),
    "06635": ("der Landkreis Waldeck-Frankenberg", "dem Landkreis Waldeck-Frankenberg",
              "des Landkreises Waldeck-Frankenberg"),
    "06636": ("der Werra-Meißner-Kreis", "dem Werra-Meißner-Kreis",
              "des Werra-Meißner-Kreises"),
}

# ags: accusative ("Sie arbeiten für den Landkreis ..."), for all 26 regions
ACCUSATIVE = {
    "06411": "die Wissenschaftsstadt Darmstadt",
    "06412": "die Stadt Frankfurt am Main",
    "06413": "die Stadt Offenbach am Main",
    "06414": "die Landeshauptstadt Wiesbaden",
    "06431": "den Kreis Bergstraße",
    "06432": "den Landkreis Darmstadt-Dieburg",
    "06433": "den Kreis Groß-Gerau",
    "06434": "den Hochtaunuskreis",
    "06435": "den Main-Kinzig-Kreis",
    "06436": "den Main-Taunus-Kreis",
    "06437": "den Odenwaldkreis",
    "06438": "den Kreis Offenbach",
    "06439": "den Rheingau-Taunus-Kreis",
    "06440": "den Wetteraukreis",
    "06531": "den Landkreis Gießen",
    "06532": "den Lahn-Dill-Kreis",
    "06533": "den Landkreis Limburg-Weilburg",
    "06534": "den Landkreis Marburg-Biedenkopf",
    "06535": "den Vogelsbergkreis",
    "06611": "die Stadt Kassel",
    "06631": "den Landkreis Fulda",
    "06632": "den Landkreis Hersfeld-Rotenburg",
    "06633": "den Landkreis Kassel",
    "06634": "den Schwalm-Eder-Kreis",
    "06635": "den Landkreis Waldeck-Frankenberg",
    "06636": "den Werra-Meißner-Kreis",
}


@pytest.mark.django_db
def test_the_migration_brings_all_26_regions():
    assert Region.objects.count() == 26
    assert Region.objects.filter(kind="kreisfreie_stadt").count() == 5
    wf = Region.objects.get(ags="06635")
    assert (wf.seat, wf.regierungsbezirk) == ("Korbach", "Kassel")


@pytest.mark.django_db
@pytest.mark.parametrize("ags", sorted(FORMS))
def test_each_region_has_correct_grammatical_forms(ags):
    f = Region.objects.get(ags=ags).forms
    assert (f.nominative, f.dative, f.genitive) == FORMS[ags]
    assert f.accusative == ACCUSATIVE[ags]


@pytest.mark.django_db
def test_the_regions_command_prints_all_26_as_json(capsys):
    call_command("regions", "--format", "json")
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 26
    assert set(rows[0]) == {"ags", "name", "kind", "seat", "regierungsbezirk", "nominative",
                            "accusative", "dative", "genitive"}
    by_ags = {r["ags"]: r for r in rows}
    for ags, (nom, dat, gen) in FORMS.items():
        assert (by_ags[ags]["nominative"], by_ags[ags]["dative"], by_ags[ags]["genitive"]) == \
            (nom, dat, gen)
        assert by_ags[ags]["accusative"] == ACCUSATIVE[ags]


@pytest.mark.django_db
def test_an_override_wins_over_the_rule(ministry_user):
    region = Region.objects.get(ags="06633")
    services.region_update(actor=ministry_user, region=region,
                           genitive_override="des Landkreises Kassel (Nordhessen)")
    region.refresh_from_db()
    assert region.forms.genitive == "des Landkreises Kassel (Nordhessen)"
    assert region.forms.dative == "dem Landkreis Kassel"
    entry = AuditEntry.objects.get(action="region.update")
    assert entry.changes["genitive_override"]["after"] == "des Landkreises Kassel (Nordhessen)"


@pytest.mark.django_db
def test_only_the_ministry_edits_master_data(region_user, authority_user):
    region = Region.objects.get(ags="06635")
    for user in (region_user, authority_user):
        with pytest.raises(PermissionDenied):
            services.region_update(actor=user, region=region, seat="Anderswo")
    region.refresh_from_db()
    assert region.seat == "Korbach"


@pytest.mark.django_db
def test_a_bad_region_edit_names_the_field_and_saves_nothing(ministry_user):
    region = Region.objects.get(ags="06635")
    with pytest.raises(ValidationError) as info:
        services.region_update(actor=ministry_user, region=region, name="", seat="Neu")
    assert "name" in info.value.message_dict
    region.refresh_from_db()
    assert region.seat == "Korbach"
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("day, short, minister", [
    (date(2013, 6, 1), "HSM", ""),
    (date(2016, 5, 1), "HMSI", "Stefan Grüttner"),
    (date(2020, 6, 23), "HMSI", "Kai Klose"),
    (date(2024, 1, 17), "HMSI", "Kai Klose"),
    (date(2024, 1, 18), "HMAIJS", "Heike Hofmann"),
    (date(2025, 8, 2), "HMAIJS", "Heike Hofmann"),
])
def test_the_ministry_name_follows_the_date(day, short, minister):
    m = ministry_on(day)
    assert (m.short_name, m.minister) == (short, minister)


@pytest.mark.django_db
def test_a_gap_in_the_ministry_names_is_reported_in_german():
    MinistryName.objects.filter(short_name="HSM").delete()
    with pytest.raises(MinistryNameMissing, match="kein Name des Ministeriums"):
        ministry_on(date(2010, 1, 1))


@pytest.mark.django_db
def test_overlapping_ministry_periods_are_refused(ministry_user):
    with pytest.raises(ValidationError) as info:
        services.ministry_name_save(actor=ministry_user, name="Neues Ministerium",
                                    short_name="NM", valid_from=date(2025, 1, 1))
    assert "überschneidet" in str(info.value)


@pytest.mark.django_db
def test_the_granting_authority_is_rp_kassel_dezernat_57():
    a = granting_authority()
    assert (a.name, a.department, a.city) == ("Regierungspräsidium Kassel", "Dezernat 57",
                                              "Kassel")


@pytest.mark.django_db
def test_a_signatory_is_recorded_on_the_region_history(ministry_user, region_wf):
    services.signatory_save(actor=ministry_user, region=region_wf, name="Karl-Friedrich Frese",
                            title="Erster Kreisbeigeordneter", place="Korbach")
    entry = AuditEntry.objects.get(action="signatory.create")
    assert entry.object_id == str(region_wf.pk)
    assert entry.changes["name"]["after"] == "Karl-Friedrich Frese"


@pytest.mark.django_db
def test_a_name_without_rule_needs_all_three_forms(ministry_user):
    region = Region.objects.get(ags="06633")
    with pytest.raises(ValidationError) as info:
        services.region_update(actor=ministry_user, region=region,
                               name="Kreisfreie Gemeinde Kassel-Land")
    assert {"name", "dative_override", "genitive_override"} <= set(info.value.message_dict)
    services.region_update(
        actor=ministry_user, region=region, name="Kreisfreie Gemeinde Kassel-Land",
        nominative_override="die Gemeinde Kassel-Land",
        dative_override="der Gemeinde Kassel-Land", genitive_override="der Gemeinde Kassel-Land")
    region.refresh_from_db()
    assert region.forms.dative == "der Gemeinde Kassel-Land"
