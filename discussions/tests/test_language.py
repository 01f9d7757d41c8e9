"""A post's language: detected from its own words at posting, or chosen in the composer."""

import pytest
from django.urls import reverse

from discussions import language, services
from discussions.models import Post, Thread

FRENCH = "Bonjour à tous, nous préparons un plan de gestion de la sécheresse pour le bassin du Niger."
SPANISH = "Hola a todos, estamos preparando un inventario de los glaciares de la cordillera Blanca."
ENGLISH = "We are preparing a drought management plan for the basin and would welcome examples."


@pytest.mark.parametrize(("text", "code"), [(FRENCH, "fr"), (SPANISH, "es"), (ENGLISH, "en")])
def test_detect_reads_french_spanish_and_english(text, code):
    assert language.detect(text) == code


@pytest.mark.parametrize("text", ["", "OK", "Merci !", "+1 👍", "https://example.org/a-very-long-link/path"])
def test_detect_leaves_short_or_wordless_text_unknown(text):
    assert language.detect(text) == ""


def test_detect_ignores_quotes_code_links_and_mentions():
    quoted = f"> {ENGLISH}\n> {ENGLISH}\n\n@someone_english {SPANISH} `some english code here` [a link](https://x.org)"
    assert language.detect(quoted) == "es"
    assert language.prose("> quoted\n\nmine [label](https://x.org) @ana") == "mine label"


def test_resolve_prefers_a_known_choice():
    assert language.resolve("fr", ENGLISH) == "fr"
    assert language.resolve("", ENGLISH) == "en"
    assert language.resolve("xx", SPANISH) == "es"


def test_thread_and_reply_store_the_detected_language(thread, member):
    assert (thread.language, thread.posts.get(number=1).language) == ("en", "en")
    reply = services.post_create(author=member, thread=thread, body=FRENCH)
    assert Post.objects.get(pk=reply.pk).language == "fr"
    short = services.post_create(author=member, thread=thread, body="Merci !")
    assert Post.objects.get(pk=short.pk).language == ""


def test_thread_create_in_spanish_sets_thread_and_opening_post(community, member):
    thread = services.thread_create(
        author=member, community=community, title="Inventario de glaciares andinos", body=SPANISH
    )
    assert Thread.objects.get(pk=thread.pk).language == "es"
    assert thread.posts.get().language == "es"


def test_the_composer_choice_wins_over_detection(community, member):
    thread = services.thread_create(
        author=member, community=community, title="Cordillera Blanca", body=SPANISH, language="fr"
    )
    assert (Thread.objects.get(pk=thread.pk).language, thread.posts.get().language) == ("fr", "fr")


def test_post_edit_detects_again_or_keeps_the_choice(thread, member):
    opening = thread.posts.get(number=1)
    services.post_edit(actor=member, post=opening, body=FRENCH)
    assert Post.objects.get(pk=opening.pk).language == "fr"
    assert Thread.objects.get(pk=thread.pk).language == "fr"
    services.post_edit(actor=member, post=opening, body=FRENCH, language="es")
    assert Post.objects.get(pk=opening.pk).language == "es"
    assert Thread.objects.get(pk=thread.pk).language == "es"


def _url(name, thread=None, community=None):
    community = community or thread.community
    kwargs = {"community": community.slug}
    if thread is not None:
        kwargs["thread_id"] = thread.pk
    return reverse(name, kwargs=kwargs)


def test_composer_offers_and_stores_a_language(client, community, member):
    client.force_login(member)
    page = client.get(_url("discussions:thread-create", community=community)).content.decode()
    assert 'name="language"' in page and "Detect automatically" in page
    data = {"title": "Plan de gestion", "body": ENGLISH, "kind": "discussion", "language": "fr"}
    response = client.post(_url("discussions:thread-create", community=community), data)
    assert response.status_code == 302
    assert Thread.objects.get().language == "fr"


def test_reply_form_detects_when_left_on_automatic(client, thread, member):
    client.force_login(member)
    response = client.post(_url("discussions:post-create", thread), {"body": SPANISH, "language": ""})
    assert response.status_code == 302
    assert thread.posts.get(number=2).language == "es"


def test_composer_rejects_an_unknown_language(client, thread, member):
    client.force_login(member)
    response = client.post(_url("discussions:post-create", thread), {"body": SPANISH, "language": "xx"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not thread.posts.filter(number=2).exists()


def test_migration_fills_the_language_of_existing_posts_and_threads(thread, member):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("discussions.migrations.0003_post_language")
    reply = services.post_create(author=member, thread=thread, body=SPANISH)
    Post.objects.update(language="")
    Thread.objects.update(language="")
    migration.detect_existing(apps, None)
    assert Post.objects.get(pk=reply.pk).language == "es"
    assert thread.posts.get(number=1).language == "en"
    assert Thread.objects.get(pk=thread.pk).language == "en"
