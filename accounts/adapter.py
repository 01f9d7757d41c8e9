"""allauth hooks: how the hub talks to members during sign-up and login."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data.get("display_name", "") or user.username
        if commit:
            user.save()
        return user

    def send_mail(self, template_prefix, email, context):
        """A member who chose a language gets allauth's emails (password reset, email
        confirmation) in it, with links under its prefix; others in the page's language."""
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
