"""The fetcher against a real HTTP server on loopback: refused by default, limits enforced."""

import io

import pytest
from PIL import Image

from remoteimages import fetch
from remoteimages.fetch import FetchError, fetch_image
from remoteimages.guard import Policy
from remoteimages.tests.conftest import fake_resolver

LOOPBACK_OK = Policy(allow_loopback=True)


def test_loopback_server_is_refused_and_never_contacted(image_server):
    with pytest.raises(FetchError, match="refused"):
        fetch_image(image_server.url("/photo.jpg"))
    with pytest.raises(FetchError, match="refused"):
        fetch_image(image_server.url("/photo.jpg", host="localhost"))  # the system resolver's answer counts
    with pytest.raises(FetchError, match="refused"):
        fetch_image(image_server.url("/photo.jpg", host="[::ffff:127.0.0.1]"))
    assert image_server.hits == []


@pytest.mark.parametrize(
    "address", ["10.0.0.7", "172.20.1.1", "192.168.50.2", "169.254.169.254", "100.64.0.9", "fd00:ec2::254", "fe80::1"]
)
def test_names_resolving_to_private_ranges_are_refused(address):
    resolver = fake_resolver({"images.example": [address]})
    with pytest.raises(FetchError, match="refused"):
        fetch_image("https://images.example/a.png", resolver=resolver)


def test_fetch_connects_to_the_checked_address_and_strips_exif(image_server):
    # "cdn.example" exists only in the fake resolver: the fetcher connects to the address it
    # checked, and still sends the name as Host.
    resolver = fake_resolver({"cdn.example": ["127.0.0.1"]})
    image = fetch_image(image_server.url("/photo.jpg", host="cdn.example"), resolver=resolver, policy=LOOPBACK_OK)
    assert image.content_type == "image/jpeg" and image.extension == "jpg"
    assert image_server.hits == [("/photo.jpg", f"cdn.example:{image_server.port}")]
    with Image.open(io.BytesIO(image.content)) as copy:
        assert copy.size == (8, 6)
        assert not copy.getexif()


def test_every_redirect_is_checked_again(image_server):
    resolver = fake_resolver({"cdn.example": ["127.0.0.1"], "intranet.example": ["10.1.1.1"]})
    image_server.add("/hop", status=302, Location="/photo.jpg")
    image_server.add("/to-intranet", status=301, Location=f"http://intranet.example:{image_server.port}/x.png")
    image_server.add("/to-metadata", status=307, Location="http://169.254.169.254/latest/meta-data/")
    url = image_server.url("/hop", host="cdn.example")
    assert fetch_image(url, resolver=resolver, policy=LOOPBACK_OK).final_url.endswith("/photo.jpg")
    for path in ("/to-intranet", "/to-metadata"):
        with pytest.raises(FetchError, match="refused"):
            fetch_image(image_server.url(path), resolver=resolver, policy=LOOPBACK_OK)
    # Without the test's relaxation, even the redirect's first hop is refused.
    with pytest.raises(FetchError, match="refused"):
        fetch_image(url, resolver=resolver)


def test_redirect_loops_stop(image_server):
    image_server.add("/loop", status=302, Location="/loop")
    with pytest.raises(FetchError, match="redirects"):
        fetch_image(image_server.url("/loop"), policy=LOOPBACK_OK)
    assert len(image_server.hits) == fetch.MAX_REDIRECTS + 1


def test_size_limits_declared_and_streamed(image_server, monkeypatch):
    monkeypatch.setattr(fetch, "MAX_BYTES", 1000)
    image_server.add("/declared.png", b"x" * 10, Content_Type="image/png", Content_Length="5000000")
    image_server.add("/streamed.png", b"\x89PNG\r\n\x1a\n" + b"x" * 5000, Content_Type="image/png", X_No_Length="1")
    for path in ("/declared.png", "/streamed.png"):
        with pytest.raises(FetchError, match="larger than"):
            fetch_image(image_server.url(path), policy=LOOPBACK_OK)


@pytest.mark.parametrize(
    ("body", "headers", "message"),
    [
        (b"<html>hello</html>", {"Content_Type": "text/html"}, "not an image"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", {"Content_Type": "image/svg+xml"}, "not a PNG"),
        (b"GIF89a but not really", {"Content_Type": "image/gif"}, "not a PNG"),
        (b"%PDF-1.7 ...", {"Content_Type": "image/png"}, "not a PNG"),
        (b"\x1f\x8b\x08compressed", {"Content_Type": "image/png", "Content_Encoding": "gzip"}, "compressed"),
        (b"", {"Content_Type": "image/png"}, "empty"),
    ],
)
def test_content_is_sniffed_not_trusted(image_server, body, headers, message):
    image_server.add("/thing", body, **headers)
    with pytest.raises(FetchError, match=message):
        fetch_image(image_server.url("/thing"), policy=LOOPBACK_OK)


def test_errors_and_odd_urls(image_server):
    with pytest.raises(FetchError, match="404"):
        fetch_image(image_server.url("/missing.png"), policy=LOOPBACK_OK)
    for url in ("ftp://example.org/a.png", "https://user:pw@example.org/a.png", "https:///a.png"):
        with pytest.raises(FetchError):
            fetch_image(url, policy=LOOPBACK_OK)


def test_a_closed_port_is_a_fetch_error_not_a_crash(image_server):
    port = image_server.port
    image_server.httpd.shutdown()
    image_server.httpd.server_close()
    with pytest.raises(FetchError, match="could not connect"):
        fetch_image(f"http://127.0.0.1:{port}/photo.jpg", policy=LOOPBACK_OK)
