"""Small valid (and invalid) files for upload tests."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png(name="chart.png", size=(1600, 900), color=(11, 95, 132)):
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def pdf(name="report.pdf"):
    body = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _zip(name, entries, content_type):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for entry, text in entries:
            archive.writestr(entry, text)
    return SimpleUploadedFile(name, out.getvalue(), content_type=content_type)


def docx(name="plan.docx"):
    entries = [("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")]
    return _zip(name, entries, "application/octet-stream")


def odt(name="minutes.odt"):
    mimetype = "application/vnd.oasis.opendocument.text"
    return _zip(name, [("mimetype", mimetype), ("content.xml", "<office:document-content/>")], mimetype)


def plain_zip(name="data.docx"):
    return _zip(name, [("evil.exe", "MZ")], "application/zip")


def html_as_png(name="innocent.png"):
    return SimpleUploadedFile(name, b"<html><script>alert(1)</script></html>", content_type="image/png")


def exe_as_pdf(name="invoice.pdf"):
    return SimpleUploadedFile(name, b"MZ\x90\x00" + b"\x00" * 100, content_type="application/pdf")


def truncated_png(name="broken.png"):
    data = png().read()
    return SimpleUploadedFile(name, data[:60], content_type="image/png")
