"""Small PDF files for upload tests: a real one-page PDF, an encrypted one, and a fake."""

import io

from pypdf import PdfWriter


def tiny_pdf(*, password: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Gescanntes Original"})
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


EVIL_HTML = (b"%PDF-1.4\n<html><body><script>document.title='pwned'</script>"
             b"<img src=x onerror=alert(document.cookie)></body></html>\n")
