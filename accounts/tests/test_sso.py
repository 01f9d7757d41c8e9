"""Single sign-on end to end against a real OpenID Connect provider on loopback.

The provider is django-oauth-toolkit in a small project of its own (accounts/tests/oidc_idp),
started in another process with its own database: the hub discovers it, sends the browser
there, exchanges the code over HTTP, checks the signed ID token against its published keys
and reads the user-info endpoint, exactly as with an organisation's identity provider.
"""

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.conf import settings
from django.contrib.sites.models import Site
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory

ROOT = Path(settings.BASE_DIR)
CLIENT_ID = "action-hub"
CLIENT_SECRET = "s3cret-shared-with-the-hub-only"
CALLBACK = "http://testserver/accounts/oidc/acme/login/callback/"
IDP_USERS = [
    {"username": "alice", "email": "alice@acme.example", "password": "alice-pass-123", "first_name": "Alice", "last_name": "Okafor"},
    {"username": "bob", "email": "bob@acme.example", "password": "bob-pass-123", "first_name": "Bob", "last_name": "Marley"},
    {
        "username": "mallory",
        "email": "victim@acme.example",
        "password": "mallory-pass-123",
        "first_name": "Mallory",
        "last_name": "Mask",
        "email_verified": False,
    },
]  # fmt: skip
PASSWORDS = {u["username"]: u["password"] for u in IDP_USERS}


@pytest.fixture(scope="module")
def idp(tmp_path_factory):
    """The identity provider's base URL; the process ends with the module."""
    folder = tmp_path_factory.mktemp("oidc-idp")
    config = folder / "config.json"
    config.write_text(
        json.dumps(
            {
                "users": IDP_USERS,
                "client": {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uris": [CALLBACK]},
            }
        )
    )
    env = {"PATH": "/usr/bin:/bin", "OIDC_IDP_DB": str(folder / "idp.sqlite3"), "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "accounts.tests.oidc_idp.serve", str(config)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        match = re.fullmatch(r"PORT (\d+)\n", line)
        assert match, f"the identity provider did not start: {line!r}"
        yield f"http://127.0.0.1:{match.group(1)}"
    finally:
        process.stdin.close()
        process.wait(timeout=10)


@pytest.fixture
def acme(idp, db, monkeypatch):
    """The organisation's provider as staff configure it in the admin (a Social application)."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id="acme",
        name="Acme Water Utility",
        client_id=CLIENT_ID,
        secret=CLIENT_SECRET,
        settings={"server_url": f"{idp}/o"},
    )
    app.sites.add(Site.objects.get_current())
    return app


def browser_at_idp(authorize_url, username):
    """What the person's browser does at the provider: sign in there and come back with a code.
    Returns the hub callback path with its query string."""
    browser = requests.Session()
    browser.trust_env = False  # loopback only, never a proxy
    response = browser.get(authorize_url, allow_redirects=False, timeout=10)
    assert response.status_code == 302 and "/login/" in response.headers["Location"]
    login_url = urljoin(authorize_url, response.headers["Location"])
    page = browser.get(login_url, timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    next_url = parse_qs(urlsplit(login_url).query)["next"][0]
    response = browser.post(
        login_url,
        data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORDS[username], "next": next_url},
        headers={"Referer": login_url},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:500]
    response = browser.get(urljoin(login_url, response.headers["Location"]), allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text[:500]
    back = response.headers["Location"]
    assert back.startswith(CALLBACK), back
    parts = urlsplit(back)
    return f"{parts.path}?{parts.query}"


def sign_in_with_acme(client, username):
    start = client.post(reverse("openid_connect_login", kwargs={"provider_id": "acme"}))
    assert start.status_code == 302, start.content.decode()[:500]
    authorize = start["Location"]
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and "state" in query
    return client.get(browser_at_idp(authorize, username))


def signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_sign_up_then_sign_in_again_through_the_organisations_provider(acme):
    client = Client()
    response = sign_in_with_acme(client, "alice")
    assert response.status_code == 302, response.content.decode()[:1000]
    alice = signed_in_user(client)
    assert alice is not None and alice.email == "alice@acme.example"
    assert alice.display_name == "Alice Okafor"
    assert EmailAddress.objects.get(user=alice, email="alice@acme.example").verified
    account = SocialAccount.objects.get(user=alice)
    assert account.provider == "acme" and account.extra_data
    # Signing in again: the same account, nothing new.
    client.post(reverse("account_logout"))
    assert signed_in_user(client) is None
    again = Client()
    assert sign_in_with_acme(again, "alice").status_code == 302
    assert signed_in_user(again) == alice
    assert User.objects.filter(email="alice@acme.example").count() == 1
    assert SocialAccount.objects.filter(provider="acme").count() == 1


def test_provider_address_verified_links_the_existing_account(acme):
    bob = UserFactory(email="bob@acme.example", username="bobm", display_name="Bob M.")
    client = Client()
    response = sign_in_with_acme(client, "bob")
    assert response.status_code == 302
    assert signed_in_user(client) == bob
    assert SocialAccount.objects.get(provider="acme").user == bob
    assert User.objects.filter(email="bob@acme.example").count() == 1
    bob.refresh_from_db()
    assert bob.has_usable_password()  # the address was verified here: the password stays
    # The linked account now shows on the member's single sign-on page.
    assert "Acme Water Utility" in client.get(reverse("socialaccount_connections")).content.decode()
    # And signs in again through the provider, to the same account.
    client.post(reverse("account_logout"))
    assert sign_in_with_acme(Client(), "bob").status_code == 302
    assert SocialAccount.objects.filter(provider="acme").count() == 1


def test_unverified_address_at_the_provider_never_opens_the_matching_account(acme):
    victim = UserFactory(email="victim@acme.example", username="victim")
    client = Client()
    response = sign_in_with_acme(client, "mallory")
    assert response.status_code in (200, 302)
    assert signed_in_user(client) != victim
    assert not SocialAccount.objects.filter(user=victim).exists()


def test_tampered_callbacks_get_a_clear_page(acme):
    client = Client()
    client.post(reverse("openid_connect_login", kwargs={"provider_id": "acme"}))
    callback = reverse("openid_connect_callback", kwargs={"provider_id": "acme"})
    for query in ("?code=forged&state=forged", "?state=", "?error=access_denied", "?code=%00&state=%00", ""):
        response = client.get(callback + query)
        # allauth's "sign-in failed" page (401), in the hub's layout.
        assert response.status_code in (200, 400, 401), (query, response.status_code)
        assert '<main id="main"' in response.content.decode()
        assert signed_in_user(client) is None
    assert Client().get(callback + "?code=x&state=y").status_code in (200, 400, 401)


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/oidc/nobody/login/",
        "/accounts/oidc/nobody/login/callback/?code=x&state=y",
        "/accounts/google/login/",
        "/accounts/google/login/callback/?code=x&state=y",
        "/accounts/microsoft/login/",
        "/accounts/microsoft/login/callback/",
        "/accounts/orcid/login/",
        "/accounts/orcid/login/callback/?state=z",
    ],
)
def test_providers_nobody_configured_are_404_not_500(client, db, url):
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_sso_provider_routes_access(acme, client):
    """Matrix row: the provider routes are for visitors (sign-in); a configured provider's
    start page is a confirmation (GET) that POSTs to leave for the provider."""
    login = reverse("openid_connect_login", kwargs={"provider_id": "acme"})
    page = client.get(login)
    assert page.status_code == 200 and "Acme Water Utility" in page.content.decode()
    assert client.post(login).status_code == 302
    member = Client()
    member.force_login(UserFactory())
    assert member.post(login).status_code == 302  # connecting the provider to one's account
    assert "Acme Water Utility" in Client().get(reverse("account_login")).content.decode()


def test_google_token_route_without_app_is_404(client, db):
    """Google's one-tap token endpoint (POST only) with no Google app configured."""
    url = reverse("google_login_by_token")
    assert client.post(url, {"credential": "forged.token.value"}).status_code == 404


def test_sign_in_pages_let_forms_lead_to_configured_providers_only(acme, idp, client):
    SocialApp.objects.create(provider="google", name="Google", client_id="g", secret="s").sites.add(
        Site.objects.get_current()
    )
    policy = client.get(reverse("account_login"))["Content-Security-Policy"]
    form_action = next(part for part in policy.split(";") if part.strip().startswith("form-action"))
    assert "'self'" in form_action and idp in form_action and "https://accounts.google.com" in form_action
    assert "login.microsoftonline.com" not in form_action
    other = client.get(reverse("about"))["Content-Security-Policy"]
    assert idp not in other


def test_members_who_sign_up_through_a_provider_are_asked_to_accept_the_terms(acme):
    from legal.models import Acceptance, DocumentKind
    from legal.tests.factories import LegalDocumentFactory

    terms = LegalDocumentFactory(kind=DocumentKind.TERMS, version=1)
    client = Client()
    assert sign_in_with_acme(client, "alice").status_code == 302
    alice = signed_in_user(client)
    response = client.get(reverse("accounts:directory"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("legal:accept"))
    client.post(reverse("legal:accept"), {"accept": "on", "documents": str(terms.pk)})
    assert Acceptance.objects.filter(user=alice, document=terms).exists()
    assert client.get(reverse("accounts:directory")).status_code == 200
