"""The hub in several languages: prefixes, the switcher, first visits, members' languages
(pages, emails, digests, notifications, pushes), locale formats, right to left, and the
catalogues themselves (complete, consistent, compiled without gettext)."""

import datetime as dt
import json
import re
import shutil

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.timesince import timesince

from accounts.tests.factories import PASSWORD, UserFactory
from hub import i18n
from hub.i18n import catalogues, deferred
from hub.tests.english import english_leftovers
from notifications.tests.helpers import committed

HTML = {"HTTP_ACCEPT": "text/html,application/xhtml+xml"}
HTML_LANG = re.compile(r'<html lang="([^"]+)" dir="([^"]+)">')


def page_language(response):
    return HTML_LANG.search(response.content.decode()).groups()


# --- prefixes, switcher, first visit ------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "lang", "direction"),
    [("/", "en", "ltr"), ("/fr/", "fr", "ltr"), ("/es/", "es", "ltr"), ("/ar/", "ar", "rtl")],
)
def test_each_language_under_its_prefix_with_lang_and_dir(client, path, lang, direction):
    response = client.get(path)
    assert response.status_code == 200
    assert page_language(response) == (lang, direction)
    if direction == "rtl":
        assert b"bootstrap.rtl.min.css" in response.content and b"bootstrap.min.css" not in response.content
    else:
        assert b"bootstrap.min.css" in response.content and b"rtl" not in response.content.split(b"<body")[0]


@pytest.mark.django_db
def test_hreflang_alternates_name_this_page_in_every_offered_language(client):
    body = client.get("/fr/c/").content.decode()
    links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', body))
    assert links == {
        "en": "http://testserver/c/",
        "x-default": "http://testserver/c/",
        "fr": "http://testserver/fr/c/",
        "es": "http://testserver/es/c/",
    }  # Arabic is not offered by default: no alternate, no switcher entry


@pytest.mark.django_db
def test_switcher_in_header_and_footer_lists_offered_languages(client):
    body = client.get("/es/c/").content.decode()
    assert body.count('action="/i18n/setlang/"') == 2
    assert body.count('name="language" value="fr"') == 2 and 'value="ar"' not in body
    assert 'lang="fr">Français</button>' in body and 'aria-current="true">Español</button>' in body


@pytest.mark.django_db
def test_language_switch_open_to_everyone_and_keeps_the_page(client):
    page = client.get("/es/c/?page=2").content.decode()
    assert page.count('name="next" value="/c/?page=2"') == 2  # the page's default-language address
    switched = client.post(reverse("set_language"), {"language": "fr", "next": "/c/?page=2"})
    assert switched.status_code == 302 and switched["Location"] == "/fr/c/?page=2"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    # Back to English: the unprefixed page, and no redirect to French any more.
    back = client.post(reverse("set_language"), {"language": "en", "next": "/c/"})
    assert back["Location"] == "/c/"
    assert client.get("/c/", HTTP_ACCEPT_LANGUAGE="fr", **HTML).status_code == 200
    # A member may switch too; an unknown language changes nothing.
    member = Client()
    member.force_login(UserFactory())
    assert member.post(reverse("set_language"), {"language": "es", "next": "/c/"})["Location"] == "/es/c/"
    assert settings.LANGUAGE_COOKIE_NAME not in Client().post(reverse("set_language"), {"language": "xx"}).cookies


@pytest.mark.django_db
def test_first_visit_follows_accept_language_then_the_cookie(client):
    first = client.get("/c/?q=basin", HTTP_ACCEPT_LANGUAGE="fr-SN,fr;q=0.9,en;q=0.5", **HTML)
    assert first.status_code == 302 and first["Location"] == "/fr/c/?q=basin"
    assert "Accept-Language" in first["Vary"]
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    # Later visits keep the choice, whatever the browser sends.
    assert client.get("/knowledge/", HTTP_ACCEPT_LANGUAGE="es", **HTML)["Location"] == "/fr/knowledge/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header", ["en-GB,en;q=0.8", "de-DE,de;q=0.9", "ar", "", "@@@;;;q=x,,", "fr;q=abc", "x" * 5000, "*"]
)
def test_english_or_unoffered_or_malformed_accept_language_stays_english(client, header):
    response = client.get("/c/", HTTP_ACCEPT_LANGUAGE=header, **HTML)
    assert response.status_code == 200 and page_language(response) == ("en", "ltr")


@pytest.mark.django_db
def test_machine_requests_are_never_redirected(client):
    assert client.get("/healthz", HTTP_ACCEPT_LANGUAGE="fr", **HTML).status_code == 200
    assert client.get("/c/", HTTP_ACCEPT_LANGUAGE="fr").status_code == 200  # no text/html: a fetch, a bot
    assert client.get("/c/", HTTP_ACCEPT_LANGUAGE="fr", HTTP_HX_REQUEST="true", **HTML).status_code == 200
    assert client.post("/c/", HTTP_ACCEPT_LANGUAGE="fr", **HTML).status_code != 302


@pytest.mark.django_db
def test_unknown_language_prefix_is_a_404_in_english(client):
    for path in ("/de/", "/xx/c/", "/pt-br/c/"):
        response = client.get(path, **HTML)
        assert response.status_code == 404
        assert response.headers.get("Content-Language", "en") == "en"


# --- members -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_preferred_language_is_on_the_profile_form_and_applied_at_once(client):
    user = UserFactory(timezone="Africa/Dakar")
    client.force_login(user)
    form = client.get(reverse("accounts:profile-edit")).content.decode()
    assert 'name="preferred_language"' in form and '<option value="es">Español</option>' in form
    assert 'value="ar"' not in form
    data = {"display_name": user.display_name, "timezone": "Africa/Dakar", "preferred_language": "fr"}
    saved = client.post(reverse("accounts:profile-edit"), data)
    assert saved.status_code == 302 and saved["Location"].startswith("/fr/members/")
    user.refresh_from_db()
    assert user.preferred_language == "fr"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    bad = client.post(reverse("accounts:profile-edit"), {**data, "preferred_language": "klingon"})
    assert bad.status_code == 400
    user.refresh_from_db()
    assert user.preferred_language == "fr"


@pytest.mark.django_db
def test_preferred_language_applied_at_login(client):
    user = UserFactory(preferred_language="es")
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/es/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert client.get("/c/", **HTML)["Location"] == "/es/c/"
    # Blank: keep following the browser.
    other = Client()
    blank = UserFactory(preferred_language="")
    assert other.post("/accounts/login/", {"login": blank.email, "password": PASSWORD})["Location"] == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in other.cookies


@pytest.mark.django_db
def test_notification_and_its_email_in_the_recipients_language_whatever_the_senders():
    from notifications.models import Channel, NotificationPreference
    from notifications.services import notify

    french = UserFactory(preferred_language="fr")
    spanish = UserFactory(preferred_language="es")
    NotificationPreference.objects.create(user=french, kind="mention", channel=Channel.EMAIL)
    with committed(), translation.override("es"):  # the sender browses in Spanish
        for recipient in (french, spanish):
            notify(
                recipient=recipient,
                kind="mention",
                text=deferred(
                    translation.gettext_lazy("%(name)s mentioned you in “%(title)s”"), name="Ana", title="Agua"
                ),
                url=reverse("communities:directory"),
            )
    from notifications.models import Notification
    from outbox.models import EmailDelivery

    fr_note = Notification.objects.get(recipient=french)
    es_note = Notification.objects.get(recipient=spanish)
    assert fr_note.text == "Ana vous a mentionné(e) dans «\xa0Agua\xa0»"
    assert es_note.text == "Ana le mencionó en «Agua»"
    assert fr_note.url == "/fr/c/" and es_note.url == "/es/c/"  # built under the sender's /es/
    delivery = EmailDelivery.objects.get(recipient=french)
    assert delivery.subject.endswith("Ana vous a mentionné(e) dans «\xa0Agua\xa0»")
    assert "/fr/c/" in delivery.body_text and "mentionné" in delivery.body_html


@pytest.mark.django_db
def test_deferred_messages_translate_when_rendered():
    message = deferred(translation.gettext_lazy("Your answer to “%(title)s” was accepted"), title="Nilo")
    with translation.override("fr"):
        french = str(message)
    with translation.override("es"):
        spanish = str(message)
    assert "Nilo" in french and "Nilo" in spanish and french != spanish
    assert str(message) == "Your answer to “Nilo” was accepted"


@pytest.mark.django_db
def test_digest_in_each_members_language():
    from communities.models import DigestFrequency
    from communities.tests.factories import CommunityFactory, MembershipFactory
    from discussions.tests.factories import make_thread
    from notifications.digests import digest_send_batch
    from outbox.models import EmailDelivery

    community = CommunityFactory()
    author = UserFactory()
    readers = {lang: UserFactory(preferred_language=lang) for lang in ("fr", "es", "")}
    for user in (author, *readers.values()):
        MembershipFactory(user=user, community=community, digest_frequency=DigestFrequency.DAILY)
    make_thread(community, author, title="Groundwater recharge in the Sahel")
    later = timezone.now() + dt.timedelta(hours=1)
    digest_send_batch(users=list(readers.values()), frequency=DigestFrequency.DAILY, now=later, force=True)
    subjects = {d.recipient.preferred_language: d.subject for d in EmailDelivery.objects.select_related("recipient")}
    assert set(subjects) == {"fr", "es", ""}
    assert "Your daily digest" in subjects[""]
    assert "Your daily digest" not in subjects["fr"] and "Your daily digest" not in subjects["es"]
    assert subjects["fr"] != subjects["es"]


def test_member_language_falls_back_to_the_default():
    class Member:
        preferred_language = "es-MX"

    assert i18n.member_language(Member()) == "es"
    Member.preferred_language = "zz"
    assert i18n.member_language(Member()) == "en"
    assert i18n.from_accept_language("pt-BR, es;q=0.4") == "es"
    assert i18n.from_accept_language("ar") is None  # rendered, not offered
    assert i18n.from_accept_language(None) is None


# --- JavaScript --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_javascript_catalogue_open_to_everyone_per_language(client):
    french = client.get("/fr/jsi18n/")
    assert french.status_code == 200 and "javascript" in french["Content-Type"]
    assert "max-age=86400" in french["Cache-Control"]
    assert "nouveaux fils de discussion" in french.content.decode()
    assert "respuesta nueva" in client.get("/es/jsi18n/").content.decode()
    member = Client()
    member.force_login(UserFactory())
    assert member.get("/jsi18n/").status_code == 200
    page = client.get("/fr/").content.decode()
    assert '<script src="/fr/jsi18n/"' in page


# --- locale formats -----------------------------------------------------------------------------


def test_dates_numbers_and_relative_times_follow_the_language_time_zones_stay_per_member():
    from django.contrib.humanize.templatetags.humanize import intcomma, naturaltime

    moment = dt.datetime(2026, 3, 22, 14, 5, tzinfo=dt.UTC)
    with translation.override("fr"):
        assert formats.date_format(moment, "DATE_FORMAT") == "22 mars 2026"
        assert formats.number_format(1234.5, 1, use_l10n=True, force_grouping=True) in (
            "1\u202f234,5",
            "1\xa0234,5",
            "1 234,5",
        )
        assert "il y a" in naturaltime(timezone.now() - dt.timedelta(minutes=3))
        assert timesince(timezone.now() - dt.timedelta(minutes=3)) == "3\xa0minutes"
        assert intcomma(1234567) != "1,234,567"
    with translation.override("es"):
        assert formats.date_format(moment, "DATE_FORMAT") == "22 de marzo de 2026"
        assert "hace" in naturaltime(timezone.now() - dt.timedelta(minutes=3))
    with translation.override("fr"), timezone.override("America/Lima"):
        assert formats.date_format(timezone.localtime(moment), "TIME_FORMAT") == "09:05"
    with translation.override("es"), timezone.override("Africa/Dakar"):
        assert formats.date_format(timezone.localtime(moment), "TIME_FORMAT") == "14:05"


# --- catalogues --------------------------------------------------------------------------------

LANGUAGES = ("fr", "es")
THRESHOLD = 98.0


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("domain", catalogues.DOMAINS)
def test_catalogues_are_complete_consistent_and_not_fuzzy(lang, domain):
    po = polib.pofile(str(catalogues.catalogue_path(lang, domain)))
    translated, total = catalogues.stats(po)
    assert total and 100 * translated / total >= THRESHOLD, f"{lang}/{domain}: {translated}/{total} translated"
    assert not [e.msgid for e in po if "fuzzy" in e.flags and not e.obsolete]
    assert not po.metadata_is_fuzzy
    django_po = polib.pofile(str(next(p for p in _django_catalogues(lang))))
    assert catalogues.nplurals(po) == catalogues.nplurals(django_po), "plural forms must agree with Django's"
    assert po.metadata["Plural-Forms"].replace(" ", "") == django_po.metadata["Plural-Forms"].replace(" ", "")
    problems = []
    for entry in catalogues.live_entries(po):
        if catalogues.is_translated(entry):
            problems += catalogues.placeholder_problems(entry, catalogues.nplurals(po))
    assert not problems


def _django_catalogues(lang):
    from pathlib import Path

    import django

    yield Path(django.__file__).parent / "conf" / "locale" / lang / "LC_MESSAGES" / "django.po"


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU gettext not installed")
@pytest.mark.parametrize("lang", ("fr", "es", "ar"))
def test_msgfmt_check_passes(lang, tmp_path):
    import subprocess

    for domain in catalogues.DOMAINS:
        path = catalogues.catalogue_path(lang, domain)
        result = subprocess.run(
            ["msgfmt", "--check", "-o", str(tmp_path / f"{domain}.mo"), str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr


@pytest.mark.skipif(not shutil.which("xgettext"), reason="makemessages needs GNU gettext")
def test_every_string_of_the_code_is_in_the_catalogues(tmp_path):
    """makemessages into a temporary directory: each msgid found in templates, Python and
    JavaScript must be in the committed catalogues (run `make messages` when this fails)."""
    import os

    from hub.management.commands.locale_messages import makemessages

    # makemessages writes next to any locale/ it finds: run it in a tree of links to the
    # sources (without locale/), with the temporary directory as the only catalogue place.
    tree = tmp_path / "src"
    tree.mkdir()
    for entry in settings.BASE_DIR.iterdir():
        if entry.name not in ("locale", ".venv", ".git", "media", "staticfiles") and not entry.name.startswith("."):
            (tree / entry.name).symlink_to(entry)
    cwd = os.getcwd()
    os.chdir(tree)
    try:
        with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
            makemessages(["fr"], symlinks=True)
    finally:
        os.chdir(cwd)
    for domain in catalogues.DOMAINS:
        fresh = polib.pofile(str(tmp_path / "locale" / "fr" / "LC_MESSAGES" / f"{domain}.po"))
        wanted = {catalogues.entry_key(e) for e in fresh if e.msgid}
        assert len(wanted) > (1000 if domain == "django" else 5)  # the sources were read
        for lang in LANGUAGES:
            committed = polib.pofile(str(catalogues.catalogue_path(lang, domain)))
            have = {catalogues.entry_key(e) for e in catalogues.live_entries(committed)}
            missing = sorted(wanted - have)
            assert not missing, f"{lang}/{domain}.po lacks {len(missing)} strings, e.g. {missing[:5]}"


def test_compile_needs_no_gettext_and_skips_fuzzy(tmp_path):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=2; plural=(n > 1);"}
    po.append(polib.POEntry(msgid="Reply", msgstr="Répondre"))
    po.append(polib.POEntry(msgid="Thread", msgstr="Fil", flags=["fuzzy"]))
    path = tmp_path / "django.po"
    po.save(str(path))
    mo = catalogues.compile_catalogue(path)
    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(mo))}
    assert compiled.get("Reply") == "Répondre" and not compiled.get("Thread")


def test_locale_fill_merges_json_and_clears_fuzzy(tmp_path, capsys):
    root = tmp_path / "locale"
    (root / "fr" / "LC_MESSAGES").mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=2; plural=(n > 1);"}
    po.append(polib.POEntry(msgid="Reply", msgstr="", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="May", msgctxt="month", msgstr=""))
    po.append(polib.POEntry(msgid="%(n)s reply", msgid_plural="%(n)s replies", msgstr_plural={0: "", 1: ""}))
    po.append(polib.POEntry(msgid="Hello %(name)s", msgstr=""))
    po.save(str(root / "fr" / "LC_MESSAGES" / "django.po"))
    js = polib.POFile()
    js.metadata = po.metadata
    js.append(polib.POEntry(msgid="Seen by", msgstr=""))
    js.save(str(root / "fr" / "LC_MESSAGES" / "djangojs.po"))
    source = tmp_path / "fr.json"
    source.write_text(
        json.dumps(
            {
                "Reply": "Répondre",
                "month\x04May": "mai",
                "%(n)s reply": ["%(n)s réponse", "%(n)s réponses"],
                "Hello %(name)s": "Bonjour %(nom)s",  # wrong placeholder: skipped
                "Seen by": "Vu par",
                "Gone": "Parti",
            }
        ),
        encoding="utf-8",
    )
    with override_settings(LOCALE_PATHS=[root]):
        call_command("locale_fill", str(source), "--lang", "fr")
    filled = {catalogues.entry_key(e): e for e in polib.pofile(str(root / "fr" / "LC_MESSAGES" / "django.po"))}
    assert filled["Reply"].msgstr == "Répondre" and "fuzzy" not in filled["Reply"].flags
    assert filled["month\x04May"].msgstr == "mai"
    assert filled["%(n)s reply"].msgstr_plural == {0: "%(n)s réponse", 1: "%(n)s réponses"}
    assert filled["Hello %(name)s"].msgstr == ""
    assert polib.pofile(str(root / "fr" / "LC_MESSAGES" / "djangojs.po")).find("Seen by").msgstr == "Vu par"
    assert (root / "fr" / "LC_MESSAGES" / "django.mo").exists()
    out = capsys.readouterr()
    assert "skipped" in out.err and "1 msgids are in no catalogue" in out.out


def test_locale_fill_rejects_bad_input(tmp_path):
    from django.core.management.base import CommandError

    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    with pytest.raises(CommandError, match="one JSON object"):
        call_command("locale_fill", str(bad), "--lang", "fr")
    bad.write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("locale_fill", str(bad), "--lang", "fr")
    bad.write_text("{}")
    with pytest.raises(CommandError, match="No catalogue"):
        call_command("locale_fill", str(bad), "--lang", "zz")


# --- third-party pages read fully in each language -----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_sign_up_login_verification_and_password_reset_read_fully(client, lang):
    prefix = f"/{lang}"
    for path in ("/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"):
        response = client.get(prefix + path)
        assert response.status_code == 200 and page_language(response)[0] == lang
        assert english_leftovers(response.content.decode(), lang) == [], path
    data = {
        "email": f"new.{lang}@example.org",
        "username": f"new{lang}",
        "display_name": "Nadia Haddad",
        "password1": "river-basins-share-water-42",
        "password2": "river-basins-share-water-42",
    }
    signed_up = client.post(prefix + "/accounts/signup/", data, follow=True)
    assert signed_up.status_code == 200
    assert english_leftovers(signed_up.content.decode(), lang) == []
    verification = mail.outbox[-1]
    with translation.override("en"):
        english_subject = translation.gettext("Please Confirm Your Email Address")
    assert english_subject not in verification.subject
    assert f"{prefix}/accounts/confirm-email/" in verification.body
    mail.outbox.clear()
    reset = client.post(prefix + "/accounts/password/reset/", {"email": data["email"]}, follow=True)
    assert english_leftovers(reset.content.decode(), lang) == []
    assert mail.outbox and "Password Reset" not in mail.outbox[-1].subject


@pytest.mark.django_db
def test_the_english_text_finder_finds_english(client):
    english = client.get("/c/").content.decode()
    found = english_leftovers(english, "fr")
    assert "Communities" in found and "Search the hub" in found
    assert english_leftovers(client.get("/fr/c/").content.decode(), "fr") == []


@pytest.mark.django_db
def test_event_reminder_and_member_calendar_feed_in_the_members_language(client, django_capture_on_commit_callbacks):
    from events.models import ReminderKind
    from events.services import _queue_reminder, calendar_token_for
    from events.tests.factories import EventFactory

    event = EventFactory(title="Atelier Sahel")
    spanish = UserFactory(preferred_language="es", timezone="America/Lima")
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        _queue_reminder(event=event, user=spanish, kind=ReminderKind.HOUR)
    assert mail.outbox[-1].subject == "Dentro de una hora: Atelier Sahel"
    assert f"/es/events/{event.pk}/" in mail.outbox[-1].body
    french = UserFactory(preferred_language="fr")
    token = calendar_token_for(french).token
    feed = client.get(reverse("events:member-feed", kwargs={"token": token})).content.decode()
    assert "X-WR-CALNAME:Mes événements Action Hub" in feed.replace("\r\n ", "")


@pytest.mark.django_db
def test_cached_post_fragments_are_per_language(client):
    from communities.tests.factories import CommunityFactory, MembershipFactory
    from discussions.tests.factories import make_thread

    community = CommunityFactory()
    member = UserFactory()
    MembershipFactory(user=member, community=community)
    thread = make_thread(community, UserFactory(), title="Nappes du Sahel")
    client.force_login(member)
    url = thread.get_absolute_url()
    french = client.get(f"/fr{url}").content.decode()
    assert ">Répondre</a>" in french and ">Citer</a>" in french
    for _ in range(2):  # the second read comes from the fragment cache
        spanish = client.get(f"/es{url}").content.decode()
        assert ">Responder</a>" in spanish and "Répondre" not in spanish and "Citer" not in spanish
    english = client.get(url).content.decode()
    assert ">Reply</a>" in english and "Responder" not in english


def test_demo_logins_banner_in_the_chosen_language(capsys):
    call_command("demo_logins", "--lang", "es")
    out = capsys.readouterr().out
    assert "Demo de Action Hub" in out and "contraseña:" in out and "moderador" in out
    call_command("demo_logins")
    assert "password:" in capsys.readouterr().out


def test_pushes_render_once_per_offered_language_and_per_language_present():
    from realtime.languages import in_every_language
    from realtime.presence import languages_present, publish_presence

    assert languages_present(4242) == set()
    publish_presence(4242, [7, "anon:x"], ["ar", "fr", "fr"])
    assert languages_present(4242) == {"ar", "fr"}
    renders = []

    def render():
        renders.append(translation.get_language())
        return translation.get_language()

    rendered = in_every_language(render, present=languages_present(4242) | {"xx"})
    assert rendered == {"en": "en", "fr": "fr", "es": "es", "ar": "ar"}
    assert sorted(renders) == ["ar", "en", "es", "fr"]  # once each, never per reader


@pytest.mark.django_db
def test_password_reset_email_in_the_members_language_whatever_the_page(client):
    member = UserFactory(preferred_language="es")
    client.post("/fr/accounts/password/reset/", {"email": member.email})
    message = mail.outbox[-1]
    with translation.override("es"):
        subject = translation.gettext("Password Reset Email")
    assert subject in message.subject and subject != "Password Reset Email"
    assert "/es/accounts/password/reset/key/" in message.body and "/fr/" not in message.body
