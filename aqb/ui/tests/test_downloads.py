from urllib.parse import unquote

from django.http import HttpResponse

from aqb.ui.downloads import attachment, content_disposition, safe_filename


def test_it_keeps_a_plain_name():
    assert content_disposition("kassenplan-2025.csv") == \
        'attachment; filename="kassenplan-2025.csv"'


def test_it_sends_umlauts_as_utf8_with_an_ascii_fallback():
    header = content_disposition("Änderungen 2025.csv")
    assert 'filename="Aenderungen-2025.csv"' in header
    assert unquote(header.split("filename*=UTF-8''")[1]) == "Änderungen 2025.csv"


def test_it_removes_line_breaks_quotes_and_path_separators():
    name = safe_filename('../grafik-2025-Arbeitslose\r\nSGB "II"/x\\y.csv')
    assert "\n" not in name and "\r" not in name
    assert "/" not in name and "\\" not in name and '"' not in name
    assert not name.startswith(".")
    assert name.endswith(".csv")


def test_it_falls_back_when_nothing_is_left():
    assert safe_filename("../\n") == "download"
    assert content_disposition("Ω.csv") == \
        "attachment; filename=\"download.csv\"; filename*=UTF-8''%CE%A9.csv"


def test_it_shortens_long_names_and_keeps_the_extension():
    name = safe_filename("x" * 500 + ".xlsx")
    assert len(name) <= 150 and name.endswith(".xlsx")


def test_attachment_sets_the_header_django_accepts_and_nosniff():
    response = attachment(HttpResponse("x"), 'a\nb"c.csv', inline=False)
    assert response["Content-Disposition"].startswith("attachment; ")
    assert response["X-Content-Type-Options"] == "nosniff"
    inline = attachment(HttpResponse("x"), "doc.pdf", inline=True)
    assert inline["Content-Disposition"] == 'inline; filename="doc.pdf"'
