"""Two-factor sign-in (allauth.mfa): the hub's adapter and code forms.

Staff (anyone who can open the Django admin) must keep a second factor: they cannot remove
their last TOTP app or security key (``StaffTwoFactorMiddleware`` sends those who have none
to set one up).  A wrong code and a code that was already used get different messages, so a
person whose app is out of sync knows to wait for the next code instead of retyping it.
"""

from allauth.mfa.adapter import DefaultMFAAdapter, get_adapter
from allauth.mfa.base.forms import AuthenticateForm as BaseAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as BaseReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import validate_totp_code
from allauth.mfa.utils import decrypt
from django import forms
from django.utils.translation import gettext_lazy as _

# Types that count as a second factor on their own (recovery codes are only a fallback).
PRIMARY_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def requires_two_factor(user) -> bool:
    """Whoever can open the Django admin must sign in with a second factor."""
    return bool(user is not None and user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser))


def has_two_factor(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type__in=PRIMARY_TYPES).exists()


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _("That code is not right. Check the code in your app, or use one of your recovery codes."),
        "reused_code": _("That code has already been used. Wait for your app to show the next code and enter it."),
        "used_recovery_code": _("That recovery code has already been used. Each recovery code works only once."),
        "cannot_delete_authenticator": _(
            "Staff accounts must keep a second factor. Add another authenticator app or security key "
            "before removing this one."
        ),
    }

    def get_totp_issuer(self) -> str:
        from django.conf import settings

        return getattr(settings, "MFA_TOTP_ISSUER", "") or settings.SITE_NAME

    def can_delete_authenticator(self, authenticator) -> bool:
        user = authenticator.user
        if authenticator.type not in PRIMARY_TYPES or not requires_two_factor(user):
            return True
        others = Authenticator.objects.filter(user_id=user.pk, type__in=PRIMARY_TYPES).exclude(pk=authenticator.pk)
        return others.exists()


def _reuse_error(user, code: str):
    """The error key when ``code`` is a real code of ``user`` that was already used, else None."""
    code = (code or "").strip()
    for auth in Authenticator.objects.filter(user_id=user.pk).exclude(type=Authenticator.Type.WEBAUTHN):
        if auth.type == Authenticator.Type.TOTP:
            if validate_totp_code(decrypt(auth.data["secret"]), code):
                return "reused_code"
        elif auth.type == Authenticator.Type.RECOVERY_CODES:
            wrapper = auth.wrap()
            if code in wrapper.generate_codes() and code not in wrapper.get_unused_codes():
                return "used_recovery_code"
    return None


class _ClearErrorsMixin:
    def clean_code(self):
        try:
            return super().clean_code()
        except forms.ValidationError as error:
            if getattr(error, "code", None) == "incorrect_code":
                reuse = _reuse_error(self.user, self.data.get("code", ""))
                if reuse:
                    raise get_adapter().validation_error(reuse) from None
            raise


class AuthenticateForm(_ClearErrorsMixin, BaseAuthenticateForm):
    """The code step of sign-in."""


class ReauthenticateForm(_ClearErrorsMixin, BaseReauthenticateForm):
    """The code step before a sensitive change (e.g. new recovery codes)."""


# --- security keys and passkeys: an unreadable answer from the browser is a form error --------

from allauth.mfa.webauthn import forms as webauthn_forms  # noqa: E402

UNREADABLE_KEY = _("The answer from your security key or passkey could not be read. Please try again.")


class _ReadableCredentialMixin:
    """allauth turns some malformed WebAuthn payloads into form errors but lets others
    (missing fields, wrong types) raise; every one of them is the person's bad input."""

    def clean_credential(self):
        parent = getattr(super(), "clean_credential", None)
        if parent is None:
            return self.cleaned_data.get("credential")
        return self._readable(parent)

    def clean(self):
        return self._readable(super().clean)

    @staticmethod
    def _readable(step):
        try:
            return step()
        except forms.ValidationError:
            raise
        except (KeyError, ValueError, TypeError, AttributeError):
            raise forms.ValidationError(UNREADABLE_KEY, code="unreadable_credential") from None


class AddWebAuthnForm(_ReadableCredentialMixin, webauthn_forms.AddWebAuthnForm):
    pass


class SignupWebAuthnForm(_ReadableCredentialMixin, webauthn_forms.SignupWebAuthnForm):
    pass


class AuthenticateWebAuthnForm(_ReadableCredentialMixin, webauthn_forms.AuthenticateWebAuthnForm):
    pass


class LoginWebAuthnForm(_ReadableCredentialMixin, webauthn_forms.LoginWebAuthnForm):
    pass


class ReauthenticateWebAuthnForm(_ReadableCredentialMixin, webauthn_forms.ReauthenticateWebAuthnForm):
    pass
