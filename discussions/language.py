"""The language a post is written in: chosen in the composer or detected from its text.

Search builds each post's stored vector with the text search configuration of this
language (stems for English, French and Spanish), so the detector only decides among
those three; text it cannot place with confidence is stored as unknown ("").
Detection uses py3langid (a naive Bayes model shipped inside the package, no download),
loaded once per process on first use.
"""

import re
import threading

from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    FRENCH = "fr", "Français"
    SPANISH = "es", "Español"


CODES = tuple(Language.values)
# The composer's first option: leave the language to detection.
CHOICE_AUTO = ("", _("Detect automatically"))
# Below this many letters a guess is noise ("OK", "+1", "merci !" are all short).
MIN_LETTERS = 20
MIN_CONFIDENCE = 0.9

_QUOTE = re.compile(r"^\s*>.*$", re.M)
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_NOISE = re.compile(r"https?://\S+|www\.\S+|@[\w.-]+|[*_#>|~]")

_lock = threading.Lock()
_identifier = None


def _get_identifier():
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                identifier.set_languages(list(CODES))
                _identifier = identifier
    return _identifier


def prose(text: str) -> str:
    """The author's own words in a markdown body: quotes, code, URLs and @mentions removed."""
    text = _CODE.sub(" ", text or "")
    text = _QUOTE.sub(" ", text)
    text = _LINK.sub(r"\1", text)
    return " ".join(_NOISE.sub(" ", text).split())


def detect(text: str) -> str:
    """ "en", "fr" or "es" when the text says so clearly, else ""."""
    words = prose(text)
    if sum(ch.isalpha() for ch in words) < MIN_LETTERS:
        return ""
    code, confidence = _get_identifier().classify(words)
    return code if code in CODES and confidence >= MIN_CONFIDENCE else ""


def resolve(chosen: str, text: str) -> str:
    """The author's choice when it is one of ours, else what the text shows."""
    return chosen if chosen in CODES else detect(text)
