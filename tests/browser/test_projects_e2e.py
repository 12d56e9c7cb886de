"""Projects in Chromium: a provider sees the projects it runs and nothing else; the ministry
sees all; axe on every page visited."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _give_provider_a_project() -> tuple[int, int]:
    """The demo provider runs Checkpoint (Waldeck-Frankenberg); Restart stays without."""
    from aqb.accounts.models import Provider
    from aqb.projects.models import Project

    provider = Provider.objects.get(name="Demo-Bildungsträger gGmbH")
    checkpoint = Project.objects.get(region__ags="06635", name="Checkpoint")
    checkpoint.provider = provider
    checkpoint.save()
    return checkpoint.pk, Project.objects.get(region__ags="06635", name="Restart").pk


def test_a_provider_sees_only_the_projects_it_runs(page, live_server, demo_data, login,
                                                   check_a11y):
    own, other = _give_provider_a_project()
    base = live_server.url
    login(page, "traeger-demo")
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Checkpoint")).to_be_visible()
    expect(main).not_to_contain_text("Restart")
    check_a11y(page)
    main.get_by_role("link", name="Checkpoint").click()
    expect(page).to_have_url(f"{base}/projekte/{own}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Checkpoint")
    expect(main).to_contain_text("Demo-Bildungsträger gGmbH")
    expect(main).to_contain_text("unter Maßnahmeart 3")
    expect(main).not_to_contain_text("773.920")
    check_a11y(page)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Projekte").click()
    rows = page.get_by_role("table").get_by_role("row")
    # header + Checkpoint + the demo's Waldeck-Frankenberg project it receives money for
    expect(rows).to_have_count(3)
    expect(page.get_by_role("table")).not_to_contain_text("Restart")
    check_a11y(page)
    response = page.goto(f"{base}/projekte/{other}/")
    assert response is not None and response.status == 404
    expect(page.locator("body")).not_to_contain_text("Restart")
    check_a11y(page)


def test_the_ministry_sees_all_projects(page, live_server, demo_data, login, check_a11y):
    login(page, "ministerium")
    page.goto(f"{live_server.url}/projekte/")
    table = page.get_by_role("table")
    expect(table).to_contain_text("AVIA (Aktivierung und Vermittlung von Migranten)")
    expect(table).to_contain_text("Stadt Kassel")
    check_a11y(page)


def test_the_region_edits_a_project_and_gives_it_a_provider(page, live_server, demo_data,
                                                            login, check_a11y):
    from aqb.projects.models import Project

    restart = Project.objects.get(region__ags="06635", name="Restart")
    login(page, "region-06635")
    page.goto(f"{live_server.url}/projekte/{restart.pk}/")
    main = page.get_by_role("main")
    main.get_by_role("link", name="Projekt bearbeiten").click()
    check_a11y(page)
    page.get_by_label("geplante Teilnehmende").fill("25")
    page.get_by_label("geplante Mittel (Euro)").fill("84.500")
    page.get_by_role("button", name="Speichern").click()
    expect(page).to_have_url(f"{live_server.url}/projekte/{restart.pk}/")
    expect(main).to_contain_text("84.500")
    main.get_by_role("link", name="Träger zuweisen").click()
    check_a11y(page)
    page.get_by_label("Träger").select_option(label="Demo-Bildungsträger gGmbH")
    page.get_by_role("button", name="Träger speichern").click()
    expect(main).to_contain_text("Demo-Bildungsträger gGmbH")
    expect(page.get_by_role("link", name="Träger ändern")).to_be_visible()
    expect(main.get_by_role("region", name="Verlauf")).to_contain_text("Träger")
    check_a11y(page)
