"""A member's preferred language follows them to every browser they sign in from."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation


@receiver(user_logged_in, dispatch_uid="accounts-preferred-language-at-login")
def apply_preferred_language(sender, request, user, **kwargs):
    from hub import i18n

    language = i18n.supported(getattr(user, "preferred_language", "") or "")
    if request is None or not language:
        return  # blank: keep following the browser (and the switcher)
    # hub.middleware.LanguageChoiceMiddleware stores it in the language cookie on this response.
    request.hub_language = language
    translation.activate(language)
