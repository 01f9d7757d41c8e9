"""allauth hooks: how the hub talks to members during sign-up and login."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.http import Http404

from hub.emails import html_from_text


class ProviderNotConfigured(SocialApp.DoesNotExist, Http404):
    """A sign-in route of a provider nobody configured: a 404 page, not a server error."""


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data.get("display_name", "") or user.username
        if commit:
            user.save()
        return user

    def send_mail(self, template_prefix, email, context):
        """A member who chose a language gets allauth's emails (password reset, email
        confirmation) in it, with links under its prefix; others in the page's language.

        These are the only emails sent directly, not through the outbox (``outbox.services``):
        each carries a one-time secret (a password-reset key, a confirmation key, a sign-in
        code) that must not be kept in a table staff can read in the admin, and each is asked
        for by the person on the page right now, who can ask again (allauth rate-limits it),
        whereas a copy re-sent by the sweep minutes later would carry a key that may be stale."""
        from django.contrib.auth import get_user_model
        from django.urls import translate_url
        from django.utils import translation

        from hub import i18n

        user = context.get("user")
        if user is None or not getattr(user, "pk", None):
            user = get_user_model().objects.filter(email__iexact=email).first()
        language = i18n.supported(getattr(user, "preferred_language", "") or "")
        if not language:
            return super().send_mail(template_prefix, email, context)
        context = dict(context)
        for key in ("activate_url", "password_reset_url"):
            if isinstance(context.get(key), str):
                context[key] = translate_url(context[key], language)
        with translation.override(language):
            return super().send_mail(template_prefix, email, context)

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's emails in the hub's branded layout: the text body (templates/account/email/)
        also goes out as HTML unless a ``*_message.html`` template already gave one."""
        message = super().render_mail(template_prefix, email, context, headers=headers)
        has_html = message.content_subtype == "html" or any(
            kind == "text/html" for _content, kind in getattr(message, "alternatives", [])
        )
        if not has_html:
            message.attach_alternative(html_from_text(message.body, subject=message.subject), "text/html")
        return message


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Sign-in through an organisation's identity provider, ORCID, Google or Microsoft.

    A verified address from the provider signs in to the account that has that address
    verified here (and links the two); a new address makes a new account, whose name comes
    from the provider.  Members who signed up this way are asked to accept the privacy
    notice and terms on their first page (legal.middleware)."""

    def get_app(self, request, provider, client_id=None):
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise ProviderNotConfigured(provider) from None

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        name = " ".join(part for part in (data.get("first_name"), data.get("last_name")) if part)
        user.display_name = (data.get("name") or name or "").strip()[:80]
        return user

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        if not user.display_name:
            user.display_name = user.username
            user.save(update_fields=["display_name"])
        return user
