"""A form page whose target is a wrong URL name fails loudly; it never sends the user to "/"."""

import pytest
from django import forms
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory
from django.urls import NoReverseMatch

from aqb.ui.forms import confirm_page, form_page


class NameForm(forms.Form):
    name = forms.CharField()


def _request(method: str, data=None):
    rf = RequestFactory()
    request = rf.post("/x/", data or {}) if method == "POST" else rf.get("/x/")
    request._messages = CookieStorage(request)
    return request


def test_it_fails_loudly_for_a_wrong_url_name_after_saving():
    request = _request("POST", {"name": "x"})
    with pytest.raises(NoReverseMatch):
        form_page(request, form=NameForm(request.POST), title="T", save=lambda f: None,
                  success="gespeichert", target="regions:no_such_page")


def test_it_fails_loudly_for_a_wrong_cancel_name_on_get():
    request = _request("GET")
    with pytest.raises(NoReverseMatch):
        form_page(request, form=NameForm(), title="T", save=lambda f: None,
                  success="gespeichert", target="regions:no_such_page")


def test_confirm_page_fails_loudly_for_a_wrong_url_name():
    request = _request("POST")
    with pytest.raises(NoReverseMatch):
        confirm_page(request, template="form_page.html", context={}, act=lambda: None,
                     success="erledigt", target="no_such_page")


def test_a_url_name_and_a_path_are_followed():
    request = _request("POST", {"name": "x"})
    response = form_page(request, form=NameForm(request.POST), title="T", save=lambda f: None,
                         success="gespeichert", target="regions:master_data")
    assert response.status_code == 302 and response.url == "/stammdaten/"
    response = form_page(request, form=NameForm(request.POST), title="T", save=lambda f: None,
                         success="gespeichert", target="/regionen/06635/")
    assert response.url == "/regionen/06635/"
