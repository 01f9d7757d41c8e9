"""Downloads of stored uploads carry the same protective headers everywhere."""

import io

import pytest
from django.http import Http404

from uploads import file_response


class _Field:
    def __init__(self, data=None):
        self.data = data

    def open(self, mode):
        if self.data is None:
            raise FileNotFoundError
        return io.BytesIO(self.data)


def test_file_response_is_sandboxed_and_downloads_unless_inline():
    response = file_response(_Field(b"%PDF-1.4"), filename="plan.pdf", content_type="application/pdf")
    assert response["Content-Disposition"].startswith("attachment;") and "plan.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Type"] == "application/pdf"
    image = file_response(_Field(b"GIF89a"), filename="map.gif", content_type="image/gif", inline=True)
    assert image["Content-Disposition"].startswith("inline")


def test_file_response_is_404_when_the_file_is_gone():
    with pytest.raises(Http404):
        file_response(_Field(None), filename="gone.pdf", content_type="application/pdf")
