"""Fetching one remote image safely: public addresses only, bounded in size, type and time.

The fetcher speaks HTTP itself (``http.client``) so that it connects to the address the guard
approved (TLS still checks the certificate for the host name, sent as SNI), follows redirects
by hand (each new location checked again, at most ``MAX_REDIRECTS``), asks for no compression
(no decompression bombs), stops reading past ``MAX_BYTES`` and gives up after ``DEADLINE``
seconds in all.  The bytes are then judged by their content (Pillow), never by the
Content-Type header, and re-encoded without EXIF metadata like every upload.
"""

import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from remoteimages.guard import AddressRefused, Policy, checked_addresses, system_resolver
from uploads import IMAGE_FORMATS, sniff, strip_metadata
from uploads.filetypes import TooManyPixels

MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 3
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
DEADLINE = 20.0
USER_AGENT = "ActionHub-ImageCopy/1.0 (+copies images members link so readers are not tracked)"
_REDIRECTS = {301, 302, 303, 307, 308}
PUBLIC_ONLY = Policy()
_IMAGE_TYPES = {content_type for content_type, _ext in IMAGE_FORMATS.values()}


class FetchError(Exception):
    """The image could not be copied; the message says why (kept for staff, not shown to members)."""


@dataclass
class FetchedImage:
    content: bytes
    content_type: str
    extension: str
    final_url: str


def _split(url: str):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("only http(s) URLs with a host are fetched")
    if parts.username or parts.password:
        raise FetchError("URLs with credentials are not fetched")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError("invalid port") from exc
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return parts.scheme, parts.hostname, port, path


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to one given address, whatever the host name resolves to now."""

    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), timeout=CONNECT_TIMEOUT)
        self.sock.settimeout(self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, *, address, timeout, context):
        super().__init__(host, port, timeout=timeout, context=context)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), timeout=CONNECT_TIMEOUT)
        sock.settimeout(self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _host_header(host, port, scheme):
    shown = f"[{host}]" if ":" in host else host
    default = 443 if scheme == "https" else 80
    return shown if port == default else f"{shown}:{port}"


def _get(url, *, resolver, policy, deadline):
    """One GET: (status, headers, connection, response); the caller reads and closes."""
    scheme, host, port, path = _split(url)
    addresses = checked_addresses(host, port, resolver=resolver, policy=policy)
    last_error = None
    for address in addresses[:3]:
        if time.monotonic() > deadline:
            break
        if scheme == "https":
            conn = _PinnedHTTPSConnection(
                host, port, address=address, timeout=READ_TIMEOUT, context=ssl.create_default_context()
            )
        else:
            conn = _PinnedHTTPConnection(host, port, address=address, timeout=READ_TIMEOUT)
        try:
            conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", _host_header(host, port, scheme))
            conn.putheader("User-Agent", USER_AGENT)
            conn.putheader("Accept", "image/png,image/jpeg,image/gif,image/webp;q=0.9")
            conn.putheader("Accept-Encoding", "identity")
            conn.putheader("Connection", "close")
            conn.endheaders()
            return conn, conn.getresponse()
        except (OSError, http.client.HTTPException) as exc:  # ssl.SSLError is an OSError
            conn.close()
            last_error = exc
    raise FetchError(f"could not connect to {host}: {last_error!r}")


def _read_body(response, deadline) -> bytes:
    length = response.getheader("Content-Length")
    if length and length.strip().isdigit() and int(length) > MAX_BYTES:
        raise FetchError(f"larger than {MAX_BYTES} bytes")
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError("took too long")
        chunk = response.read1(64 * 1024)  # returns what has arrived: a trickle still meets the deadline
        if not chunk:
            break
        size += len(chunk)
        if size > MAX_BYTES:
            raise FetchError(f"larger than {MAX_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch_image(url: str, *, resolver=system_resolver, policy: Policy = PUBLIC_ONLY) -> FetchedImage:
    """Download ``url`` as an image, or raise FetchError (AddressRefused for forbidden addresses)."""
    deadline = time.monotonic() + DEADLINE
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        try:
            conn, response = _get(current, resolver=resolver, policy=policy, deadline=deadline)
        except AddressRefused as exc:
            raise FetchError(f"refused: {exc}") from exc
        try:
            if response.status in _REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise FetchError(f"redirect {response.status} without a location")
                current = urljoin(current, location.strip())
                continue
            if response.status != 200:
                raise FetchError(f"answered {response.status}")
            encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
            if encoding not in ("", "identity"):
                raise FetchError(f"compressed body ({encoding}) refused")
            declared = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
            if declared and not declared.startswith("image/") and declared != "application/octet-stream":
                raise FetchError(f"not an image ({declared})")
            data = _read_body(response, deadline)
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(f"reading failed: {exc!r}") from exc
        finally:
            conn.close()
        return _as_image(data, current)
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def _as_image(data: bytes, final_url: str) -> FetchedImage:
    if not data:
        raise FetchError("empty body")
    try:
        found = sniff(data)
    except TooManyPixels as exc:
        raise FetchError("too many pixels") from exc
    if found is None or found[0] != "image" or found[1] not in _IMAGE_TYPES:
        raise FetchError("the content is not a PNG, JPEG, GIF or WebP image")
    _kind, content_type, extension = found
    return FetchedImage(
        content=strip_metadata(data), content_type=content_type, extension=extension, final_url=final_url
    )
