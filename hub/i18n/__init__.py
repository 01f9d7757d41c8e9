"""Languages of the hub: which are offered, how a visitor's is chosen, and the catalogue tools.

English is served unprefixed, every other language under its prefix (``/fr/``, ``/es/``,
``/ar/``).  ``settings.LANGUAGES`` lists every language the hub can render; only
``settings.OFFERED_LANGUAGES`` appear in the switcher and are chosen from a browser's
``Accept-Language`` (a partly translated language such as Arabic stays reachable under its
prefix for review without being offered to visitors).
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})


def site_languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def offered_languages() -> list[str]:
    """Languages in the switcher, in ``LANGUAGES`` order (English always first)."""
    offered = set(getattr(settings, "OFFERED_LANGUAGES", None) or site_languages())
    return [code for code, _name in settings.LANGUAGES if code in offered or code == settings.LANGUAGE_CODE]


def supported(code, *, offered_only=False) -> str | None:
    """The site language for ``code`` (``fr-CA`` -> ``fr``), or None."""
    if not isinstance(code, str) or not code or len(code) > 35:
        return None
    choices = offered_languages() if offered_only else site_languages()
    code = code.strip().lower().replace("_", "-")
    if code in choices:
        return code
    base = code.split("-")[0]
    return base if base in choices else None


def from_accept_language(header) -> str | None:
    """The first offered language of an ``Accept-Language`` header (None when none fits;
    a malformed header is simply no preference)."""
    if not header or not isinstance(header, str):
        return None
    try:
        accepted = parse_accept_lang_header(header[:500])
    except Exception:
        return None
    for code, _quality in accepted:
        if code == "*":
            break
        found = supported(code, offered_only=True)
        if found:
            return found
    return None


def member_language(user) -> str:
    """The language to write to ``user`` in (emails, digests, notifications): their profile
    choice, else the hub's default."""
    code = supported(getattr(user, "preferred_language", "") or "")
    return code or settings.LANGUAGE_CODE


def for_member(user):
    """``with i18n.for_member(user):`` renders in that member's language."""
    return translation.override(member_language(user))


def is_rtl(code) -> bool:
    return (code or "").split("-")[0] in RTL_LANGUAGES


def deferred(template, /, **params):
    """A message translated when it is turned into text, not when it is built.

    ``deferred(gettext_lazy("%(name)s replied"), name=author)`` can be handed to
    ``notifications.services.notify``, which renders it in the recipient's language (the
    sender's language is active while the caller builds it).  Lazy parameters (``gettext_lazy``
    words, other deferred messages) are translated at the same time."""
    from django.utils.functional import Promise, lazy

    def render():
        text = str(template)
        if not params:
            return text
        return text % {k: str(v) if isinstance(v, Promise) else v for k, v in params.items()}

    return lazy(render, str)()


def unprefixed(path: str) -> str:
    """``path`` without its language prefix ("/fr/accounts/2fa/" -> "/accounts/2fa/"), so
    path rules written for English pages hold in every language."""
    from django.utils.translation import get_language_from_path

    code = get_language_from_path(path or "")
    if code and path.startswith(f"/{code}/"):
        return path[len(code) + 1 :]
    return path
