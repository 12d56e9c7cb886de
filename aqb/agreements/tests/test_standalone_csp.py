"""The standalone HTML file keeps its inline stylesheet (it must read well from disk); served
here, exactly that stylesheet is allowed by its hash, and nothing else inline."""

import base64
import hashlib
import re


def test_the_html_file_is_styled_under_the_policy_by_its_hash_only(client, wf_draft,
                                                                     region_user):
    client.force_login(region_user)
    response = client.get(f"/zielvereinbarungen/{wf_draft.pk}/dokument.html")
    assert response.status_code == 200
    html = response.content.decode()
    styles = re.findall(r"<style>(.*?)</style>", html, re.S)
    assert len(styles) == 1 and "font-family" in styles[0]
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    policy = response["Content-Security-Policy"]
    style_src = next(d for d in policy.split("; ") if d.startswith("style-src "))
    assert style_src == f"style-src 'self' 'sha256-{digest}'"
    assert "unsafe-inline" not in policy and "<script" not in html and "style=" not in html


def test_the_agreement_page_itself_allows_no_inline_style(client, wf_draft, region_user):
    client.force_login(region_user)
    response = client.get(f"/zielvereinbarungen/{wf_draft.pk}/")
    assert "sha256" not in response["Content-Security-Policy"]
