"""The region's start page names the region in the accusative ("für den Landkreis ...")."""

import pytest

from aqb.accounts.models import Role
from aqb.regions.models import Region
from conftest import make_user


@pytest.mark.django_db
@pytest.mark.parametrize(("ags", "expected"), [
    ("06635", "Sie arbeiten für den Landkreis Waldeck-Frankenberg."),
    ("06435", "Sie arbeiten für den Main-Kinzig-Kreis."),
    ("06611", "Sie arbeiten für die Stadt Kassel."),
    ("06411", "Sie arbeiten für die Wissenschaftsstadt Darmstadt."),
])
def test_the_start_page_says_for_whom_in_correct_german(client, ags, expected):
    client.force_login(make_user(f"r{ags}", Role.REGION, region=Region.objects.get(ags=ags)))
    page = client.get("/").content.decode()
    assert expected in page
    assert "für der " not in page
