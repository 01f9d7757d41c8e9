"""A security key added through allauth's WebAuthn ceremony, with a software authenticator
made here (a P-256 key, "none" attestation), satisfies the staff requirement."""

import hashlib
import json
import os

import pytest
from allauth.mfa.models import Authenticator
from cryptography.hazmat.primitives.asymmetric import ec
from django.urls import reverse
from fido2.cose import ES256
from fido2.utils import websafe_decode, websafe_encode
from fido2.webauthn import AttestationObject, AttestedCredentialData, AuthenticatorData, CollectedClientData

from accounts.tests.factories import PASSWORD, UserFactory

ORIGIN = "http://testserver"


def _challenge(options):
    public_key = options.get("publicKey", options)
    challenge = public_key["challenge"]
    return challenge if isinstance(challenge, bytes) else websafe_decode(challenge)


def software_key_registration(options):
    """What a security key and the browser return for ``navigator.credentials.create``."""
    key = ec.generate_private_key(ec.SECP256R1())
    credential_id = os.urandom(32)
    attested = AttestedCredentialData.create(b"\0" * 16, credential_id, ES256.from_cryptography_key(key.public_key()))
    auth_data = AuthenticatorData.create(
        hashlib.sha256(b"testserver").digest(),
        AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.AT,
        0,
        attested,
    )
    attestation = AttestationObject.create("none", auth_data, {})
    client_data = CollectedClientData.create(type="webauthn.create", challenge=_challenge(options), origin=ORIGIN)
    return {
        "id": websafe_encode(credential_id),
        "rawId": websafe_encode(credential_id),
        "type": "public-key",
        "response": {
            "clientDataJSON": websafe_encode(bytes(client_data)),
            "attestationObject": websafe_encode(bytes(attestation)),
        },
        "clientExtensionResults": {},
    }


@pytest.mark.django_db
def test_staff_member_adding_a_security_key_is_let_through(client, settings):
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the test server speaks plain HTTP
    staff = UserFactory(is_staff=True, two_factor=False)
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get("/admin/").status_code == 302
    page = client.get(reverse("mfa_add_webauthn"))
    assert page.status_code == 200
    credential = software_key_registration(page.context["js_data"]["creation_options"])
    response = client.post(reverse("mfa_add_webauthn"), {"name": "Office key", "credential": json.dumps(credential)})
    assert response.status_code == 302, response.content.decode()[:1500]
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.WEBAUTHN).exists()
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_forged_security_key_responses_are_refused_clearly(client, settings):
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
    member = UserFactory()
    client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_add_webauthn"))
    credential = software_key_registration({"challenge": os.urandom(32)})  # not the server's challenge
    for value in (json.dumps(credential), "not json", json.dumps({"id": "x"}), "{}", "null"):
        response = client.post(reverse("mfa_add_webauthn"), {"name": "Key", "credential": value})
        assert response.status_code == 200, value
    assert page.status_code == 200
    assert not Authenticator.objects.filter(user=member, type=Authenticator.Type.WEBAUTHN).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["not json", '{"id": "x"}', "{}", "[]", '"text"', '{"response": 5, "rawId": 1}'])
def test_forged_passkey_sign_in_answers_are_refused_clearly(client, value):
    client.get(reverse("mfa_login_webauthn"))
    response = client.post(reverse("mfa_login_webauthn"), {"credential": value})
    assert response.status_code in (200, 302, 400)
    assert "_auth_user_id" not in client.session
