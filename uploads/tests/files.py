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


def docx(name="plan.docx"):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/octet-stream")


def odt(name="minutes.odt"):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/vnd.oasis.opendocument.text")


def plain_zip(name="data.docx"):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("evil.exe", "MZ")
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/zip")


def html_as_png(name="innocent.png"):
    return SimpleUploadedFile(name, b"<html><script>alert(1)</script></html>", content_type="image/png")


def exe_as_pdf(name="invoice.pdf"):
    return SimpleUploadedFile(name, b"MZ\x90\x00" + b"\x00" * 100, content_type="application/pdf")


def truncated_png(name="broken.png"):
    data = png().read()
    return SimpleUploadedFile(name, data[:60], content_type="image/png")
