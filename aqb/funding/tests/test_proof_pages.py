"""The proof pages through HTTP: the region lists, submits (plan beside actual), corrects after
a query; the authority reviews with confirmation; strangers see nothing."""

from decimal import Decimal

from django.test import Client

from aqb.funding.models import Proof, ProofStatus


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def form_post(projects, values, vouchers=(), **head):
    data = {"date": "01.03.2026", "report": "Sachbericht: alles planmäßig.", "kind": "final",
            "ist-TOTAL_FORMS": "1", "ist-INITIAL_FORMS": "1", "ist-MIN_NUM_FORMS": "0",
            "ist-MAX_NUM_FORMS": "1000", "ist-0-project": str(projects[0].pk),
            "beleg-TOTAL_FORMS": str(max(len(vouchers), 1)), "beleg-INITIAL_FORMS": "0",
            "beleg-MIN_NUM_FORMS": "0", "beleg-MAX_NUM_FORMS": "2000", **head}
    for k, v in values.items():
        data[f"ist-0-{k}"] = v
    for i, row in enumerate(vouchers):
        for k, v in row.items():
            data[f"beleg-{i}-{k}"] = v
    return data


def test_the_region_submits_a_proof_with_plan_beside_actual(notice, projects, region_user):
    c = client_for(region_user)
    page = c.get(f"/foerderung/bescheide/{notice.pk}/nachweise/").content.decode()
    assert "Verwendungsnachweis fällig: 30. Juni 2026" in page
    assert "Verwendungsnachweis einreichen" in page
    page = c.get(f"/foerderung/bescheide/{notice.pk}/nachweise/neu/?art=final").content.decode()
    assert str(projects[0]) in page and str(projects[1]) not in page  # only the plan's projects
    assert "laut Finanzierungsplan: 60.000,00\xa0€" in page
    # monitoring gives the figures (registered in its AppConfig.ready): none recorded yet
    assert "Teilnehmende laut Monitoring" in page and "keine erfasst" in page
    r = c.post(f"/foerderung/bescheide/{notice.pk}/nachweise/neu/",
               form_post(projects, {"personnel_costs": "55.000,00", "material_costs": "35.000",
                                    "own_funds": "20.000,00"}))
    proof = Proof.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/foerderung/nachweise/{proof.pk}/"
    assert (proof.kind, proof.costs, proof.own_funds) == ("final", Decimal("90000"),
                                                          Decimal("20000"))
    page = c.get(r["Location"]).content.decode()
    # planned, actual and difference per line
    assert "Personalkosten" in page and "60.000,00\xa0€" in page and "55.000,00\xa0€" in page
    assert "-5.000,00\xa0€" in page
    assert "Ausgaben gesamt" in page and "-10.000,00\xa0€" in page
    listing = c.get(f"/foerderung/bescheide/{notice.pk}/nachweise/").content.decode()
    assert "Verwendungsnachweis einreichen" not in listing  # one final proof per notice


def test_errors_name_project_and_field_and_save_nothing(notice, projects, region_user):
    c = client_for(region_user)
    r = c.post(f"/foerderung/bescheide/{notice.pk}/nachweise/neu/",
               form_post(projects, {"material_costs": "zwölf"}, report=""))
    assert r.status_code == 400
    page = r.content.decode()
    assert f"{projects[0]}, Sachkosten (Ist):" in page
    assert "Sachbericht:" in page
    r = c.post(f"/foerderung/bescheide/{notice.pk}/nachweise/neu/",
               form_post(projects, {"other_costs": "100", "own_funds": "200"}))
    assert r.status_code == 400
    assert f"{projects[0]}: Eigen- und Drittmittel" in r.content.decode()
    r = c.post(f"/foerderung/bescheide/{notice.pk}/nachweise/neu/",
               form_post(projects, {"other_costs": "100"}, vouchers=[
                   {"date": "01.06.2025", "payee": "Firma", "purpose": "Kurs",
                    "amount": "abc", "number": "1"}]))
    assert r.status_code == 400
    assert "Belegliste, Zeile 1, Betrag (Euro):" in r.content.decode()
    assert not Proof.objects.exists()


def test_the_authority_queries_the_region_corrects_the_authority_accepts(
        proof, projects, region_user, authority_user):
    auth, region = client_for(authority_user), client_for(region_user)
    url = f"/foerderung/nachweise/{proof.pk}/"
    page = auth.get(url).content.decode()
    assert "Rückfrage" in page and "Geprüft ohne Beanstandung" in page
    assert "Nachweis korrigieren" not in region.get(url).content.decode()
    # the region cannot review, the authority cannot correct
    assert region.post(f"{url}rueckfrage/", {"question": "?"}).status_code == 403
    assert auth.get(f"{url}korrigieren/").status_code == 403
    r = auth.post(f"{url}rueckfrage/", {"question": "Bitte Belege vorlegen.",
                                        "vouchers_required": "on"})
    assert r.status_code == 302
    proof.refresh_from_db()
    assert proof.status == ProofStatus.QUERY and proof.vouchers_required
    page = region.get(f"{url}korrigieren/").content.decode()
    assert "Bitte Belege vorlegen." in page and "Belegliste ist angefordert" in page
    r = region.post(f"{url}korrigieren/", form_post(projects, {"other_costs": "1.000"}))
    assert r.status_code == 400 and "Belegliste angefordert" in r.content.decode()
    r = region.post(f"{url}korrigieren/", form_post(projects, {"other_costs": "1.000"}, vouchers=[
        {"date": "01.06.2025", "payee": "Bildungswerk", "purpose": "Kursgebühr",
         "amount": "1.000,00", "number": "B-17"}]))
    assert r.status_code == 302
    proof.refresh_from_db()
    assert proof.status == ProofStatus.SUBMITTED and proof.costs == Decimal("1000")
    page = auth.get(url).content.decode()
    assert "Bildungswerk" in page and "B-17" in page
    # confirmation page first (GET changes nothing), then the step
    assert auth.get(f"{url}ohne-beanstandung/").status_code == 200
    proof.refresh_from_db()
    assert proof.status == ProofStatus.SUBMITTED
    assert auth.post(f"{url}ohne-beanstandung/").status_code == 302
    proof.refresh_from_db()
    assert proof.status == ProofStatus.ACCEPTED
    r = auth.post(f"{url}rueckforderung/", {"note": "zu spät"})
    assert r.status_code == 400 and "geprüft wird nur ein eingereichter" in r.content.decode()


def test_checked_with_refund_through_the_page(proof, authority_user):
    auth = client_for(authority_user)
    url = f"/foerderung/nachweise/{proof.pk}/rueckforderung/"
    assert auth.post(url, {"note": ""}).status_code == 400
    assert auth.post(url, {"note": "Sachkosten nicht belegt."}).status_code == 302
    proof.refresh_from_db()
    assert proof.status == ProofStatus.REFUND and proof.review_note == "Sachkosten nicht belegt."


def test_strangers_see_nothing(proof, notice, foreign_region_user, provider_user):
    for user in (foreign_region_user, provider_user):
        c = client_for(user)
        for url in (f"/foerderung/bescheide/{notice.pk}/nachweise/",
                    f"/foerderung/nachweise/{proof.pk}/",
                    f"/foerderung/bescheide/{notice.pk}/nachweise/neu/"):
            assert c.get(url).status_code == 404


def test_the_granted_application_links_to_its_proofs(notice, region_user):
    page = client_for(region_user).get(
        f"/foerderung/antraege/{notice.application_id}/").content.decode()
    assert f"/foerderung/bescheide/{notice.pk}/nachweise/" in page
