"""Security headers, CSP nonces and cookies on ordinary responses."""

import re

import pytest
from django.urls import reverse


@pytest.fixture
def production_like(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    return settings


def csp_of(response):
    return dict(
        (part.strip().split(" ", 1) + [""])[:2]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "contact", "account_login", "accounts:directory"])
def test_security_headers_on_every_page(client, production_like, name):
    response = client.get(reverse(name), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    csp = csp_of(response)
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]


@pytest.mark.django_db
def test_csp_nonce_is_fresh_per_request_and_on_every_script(client):
    nonces = []
    for _ in range(2):
        response = client.get(reverse("home"))
        nonce = re.search(r"'nonce-([^']+)'", csp_of(response)["script-src"]).group(1)
        html = response.content.decode()
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)
        assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


@pytest.mark.django_db
def test_healthz_is_plain_and_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("healthz"))
    assert response.status_code == 200 and response.content == b"ok"
    assert client.get(reverse("home")).status_code == 301


@pytest.mark.django_db
def test_session_cookie_flags(client, user, settings):
    settings.SESSION_COOKIE_SECURE = True
    client.post(reverse("account_login"), {"login": user.email, "password": "correct-horse-battery-staple"})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Lax"
