"""The gettext catalogues under ``locale/``: compile (pure Python, no gettext needed),
fill from a translation file, measure, and check."""

import os
import re
from pathlib import Path

import polib
from django.conf import settings

DOMAINS = ("django", "djangojs")
# What ``makemessages`` reads: the project's own code and templates, never tests, tools,
# vendored files or build output.
IGNORE = [
    "locale",
    "staticfiles",
    "media",
    "bench",
    "tests",
    "*/tests",
    "*/tests/*",
    "static/vendor",
    "node_modules",
    "conftest.py",
]
JS_IGNORE = [*IGNORE, "*.min.js"]
PLACEHOLDER = re.compile(r"%\([A-Za-z0-9_]+\)[-+ #0-9.]*[sdifr]|%[-+ #0-9.]*[sdifr]|\{[A-Za-z0-9_]*\}")


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def catalogue_path(lang: str, domain: str = "django") -> Path:
    return locale_dir() / lang / "LC_MESSAGES" / f"{domain}.po"


def languages() -> list[str]:
    """Languages that have a catalogue (``locale/<lang>/LC_MESSAGES``)."""
    root = locale_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "LC_MESSAGES").is_dir())


def entry_key(entry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def is_translated(entry) -> bool:
    if entry.obsolete or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def live_entries(po):
    return [e for e in po if not e.obsolete]


def stats(po) -> tuple[int, int]:
    """(translated, total) of a catalogue's live entries."""
    entries = live_entries(po)
    return sum(1 for e in entries if is_translated(e)), len(entries)


def nplurals(po) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


def placeholder_problems(entry, plural_count: int) -> list[str]:
    """What is wrong with the placeholders or plural forms of a translated entry."""
    problems = []
    if entry.msgid_plural:
        forms = entry.msgstr_plural
        if not all(forms.get(i) for i in range(plural_count)):
            return [f"{entry.msgid!r}: needs {plural_count} plural forms"]
        wanted = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural))
        named = {p for p in wanted if p.startswith(("%(", "{"))}
        for form in forms.values():
            got = set(PLACEHOLDER.findall(form))
            if got - wanted:
                problems.append(f"{entry.msgid!r}: unknown placeholders {sorted(got - wanted)}")
            # A plural form may leave out the count ("une réponse"), never another name.
            missing = {p for p in named - got if "count" not in p and "num" not in p}
            if missing:
                problems.append(f"{entry.msgid!r}: placeholders {sorted(missing)} missing")
    elif entry.msgstr and sorted(PLACEHOLDER.findall(entry.msgstr)) != sorted(PLACEHOLDER.findall(entry.msgid)):
        problems.append(f"{entry.msgid!r}: placeholders differ in {entry.msgstr!r}")
    return problems


def compile_catalogue(po_path: Path) -> Path:
    """Write the ``.mo`` beside ``po_path`` (fuzzy entries left out, as msgfmt does)."""
    po = polib.pofile(str(po_path))
    for entry in po:
        if "fuzzy" in entry.flags and entry.msgid:
            entry.msgstr = ""
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
    mo_path = po_path.with_suffix(".mo")
    # Written aside and renamed: a process reading the catalogue never sees half a file.
    partial = mo_path.with_name(f".{mo_path.name}.{os.getpid()}.tmp")
    po.save_as_mofile(str(partial))
    os.replace(partial, mo_path)
    return mo_path


def compile_all(*, only_stale: bool = True) -> list[Path]:
    written = []
    for lang in languages():
        for domain in DOMAINS:
            po_path = catalogue_path(lang, domain)
            if not po_path.exists():
                continue
            mo_path = po_path.with_suffix(".mo")
            if only_stale and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            written.append(compile_catalogue(po_path))
    return written


def fill(po, translations: dict, plural_count: int) -> tuple[int, list[str]]:
    """Put ``translations`` ({key: msgstr or [forms]}) into ``po``; returns (filled, problems).

    An entry is filled only when the translation fits it (string for a singular entry,
    ``plural_count`` forms for a plural one, same placeholders); its fuzzy flag goes."""
    filled, problems = 0, []
    for entry in live_entries(po):
        if not entry.msgid:
            continue
        value = translations.get(entry_key(entry))
        if value is None:
            continue
        if entry.msgid_plural:
            if isinstance(value, str):
                value = [value] * plural_count
            if not isinstance(value, list) or len(value) != plural_count or not all(isinstance(v, str) for v in value):
                problems.append(f"{entry.msgid!r}: expected {plural_count} plural forms")
                continue
            candidate = polib.POEntry(msgid=entry.msgid, msgid_plural=entry.msgid_plural)
            candidate.msgstr_plural = dict(enumerate(value))
        else:
            if not isinstance(value, str):
                problems.append(f"{entry.msgid!r}: expected a string")
                continue
            candidate = polib.POEntry(msgid=entry.msgid, msgstr=value)
        issues = placeholder_problems(candidate, plural_count)
        if issues or not is_translated(candidate):
            problems.extend(issues or [f"{entry.msgid!r}: empty translation"])
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = candidate.msgstr_plural
        else:
            entry.msgstr = candidate.msgstr
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        filled += 1
    return filled, problems
