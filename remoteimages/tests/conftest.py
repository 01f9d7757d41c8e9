"""A real HTTP server on a loopback port, serving the images (and traps) the fetcher meets."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image


def jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x0131] = "tracker 1.0"  # Software
    out = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 30)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


class ImageServer:
    def __init__(self):
        self.hits = []  # (path, Host header)
        self.routes = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.hits.append((self.path, self.headers.get("Host")))
                status, headers, body = server.routes.get(self.path, (404, {}, b"not found"))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if "Content-Length" not in headers and not headers.get("X-No-Length"):
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path, host="127.0.0.1"):
        return f"http://{host}:{self.port}{path}"

    def add(self, path, body=b"", status=200, **headers):
        self.routes[path] = (status, {k.replace("_", "-"): v for k, v in headers.items()}, body)


@pytest.fixture
def image_server():
    server = ImageServer()
    server.thread.start()
    server.add("/photo.jpg", jpeg_with_exif(), Content_Type="image/jpeg")
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def fake_resolver(table):
    """A resolver answering from ``table`` (host -> addresses); unknown names do not resolve."""

    def resolve(host, port):
        if host not in table:
            raise OSError(f"unknown host {host}")
        return list(table[host])

    return resolve
