"""Polls: checking, creation with the thread, voting rules, the form, the live push."""

import datetime as dt

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.urls import reverse
from django.utils import timezone

from discussions import services
from discussions.models import Poll, PollKind, PollOption, PollVote
from discussions.polls import broadcast_poll_results, poll_for_viewer
from discussions.services.polls import poll_clean, poll_vote
from discussions.tests.realtime_helpers import connect, flush_layer, skip_presence
from realtime import access

pytestmark = pytest.mark.django_db


def make_poll_thread(community, author, *, kind=PollKind.SINGLE, options=("SPI", "SPEI", "Palmer"), closes_at=None):
    spec = poll_clean(question="Which drought index?", options=list(options), kind=kind, closes_at=closes_at)
    return services.thread_create(author=author, community=community, title="Drought index survey", body="Vote!",
                                  poll=spec)  # fmt: skip


def options_of(thread):
    return list(PollOption.objects.filter(poll=thread.poll).order_by("position"))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["Only one"], "between 2 and 20"),
        ([f"Option {i}" for i in range(21)], "between 2 and 20"),
        (["Same", "same"], "listed twice"),
        (["x" * 201, "b"], "at most 200"),
    ],
)
def test_poll_clean_rejects_bad_options(options, message):
    with pytest.raises(services.PostingError, match=message):
        poll_clean(question="Which?", options=options)


def test_poll_clean_rejects_past_closing_and_empty_question():
    with pytest.raises(services.PostingError, match="future"):
        poll_clean(question="Which?", options=["a", "b"], closes_at=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(services.PostingError, match="needs a question"):
        poll_clean(question="  ", options=["a", "b"])


def test_poll_clean_drops_blank_lines_and_keeps_order():
    spec = poll_clean(question=" Which   index? ", options=["", " SPI ", "SPEI", "  "])
    assert spec.question == "Which index?" and spec.options == ("SPI", "SPEI")


def test_single_choice_vote_can_change_and_counts_follow(community, member, make_member):
    thread = make_poll_thread(community, member)
    spi, spei, _palmer = options_of(thread)
    voter = make_member(community)
    poll_vote(voter=voter, poll=thread.poll, option_ids=[spi.pk])
    poll_vote(voter=voter, poll=thread.poll, option_ids=[spei.pk])
    spi.refresh_from_db()
    spei.refresh_from_db()
    poll = Poll.objects.get(pk=thread.poll.pk)
    assert (spi.vote_count, spei.vote_count, poll.voter_count) == (0, 1, 1)
    assert list(PollVote.objects.filter(user=voter).values_list("option_id", flat=True)) == [spei.pk]
    with pytest.raises(services.PostingError, match="one choice"):
        poll_vote(voter=voter, poll=thread.poll, option_ids=[spi.pk, spei.pk])


def test_multiple_choice_vote_and_foreign_option_refused(community, member, make_member):
    thread = make_poll_thread(community, member, kind=PollKind.MULTIPLE)
    other = make_poll_thread(community, member)
    spi, spei, palmer = options_of(thread)
    voter = make_member(community)
    poll_vote(voter=voter, poll=thread.poll, option_ids=[spi.pk, palmer.pk])
    assert PollVote.objects.filter(user=voter, poll=thread.poll).count() == 2
    with pytest.raises(services.PostingError, match="not part of this poll"):
        poll_vote(voter=voter, poll=thread.poll, option_ids=[options_of(other)[0].pk])
    view = poll_for_viewer(poll=Poll.objects.get(pk=thread.poll.pk), viewer=voter)
    assert view.has_voted and view.show_results
    assert [o.mine for o in view.options] == [True, False, True]
    assert [o.percent for o in view.options] == [50, 0, 50]


def test_closed_poll_refuses_votes_and_shows_results_to_all(community, member, make_member):
    thread = make_poll_thread(community, member)
    Poll.objects.filter(pk=thread.poll.pk).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
    poll = Poll.objects.select_related("thread__community").get(pk=thread.poll.pk)
    with pytest.raises(services.PostingError, match="closed") as refused:
        poll_vote(voter=make_member(community), poll=poll, option_ids=[options_of(thread)[0].pk])
    assert refused.value.status == 403
    from django.contrib.auth.models import AnonymousUser

    view = poll_for_viewer(poll=poll, viewer=AnonymousUser())
    assert view.show_results and not view.can_vote


def test_new_thread_form_creates_poll(client, community, member):
    client.force_login(member)
    closes = (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("discussions:thread-create", kwargs={"community": community.slug}),
        {"title": "Which index do you trust?", "body": "Vote below.", "kind": "discussion",
         "poll_question": "Your index?", "poll_options": "SPI\nSPEI\n\nPalmer\n", "poll_kind": "multiple",
         "poll_closes_at": closes},
    )  # fmt: skip
    assert response.status_code == 302
    poll = Poll.objects.get(thread__title="Which index do you trust?")
    assert poll.kind == PollKind.MULTIPLE and poll.closes_at is not None
    assert list(poll.options.values_list("label", flat=True)) == ["SPI", "SPEI", "Palmer"]
    page = client.get(response["Location"])
    assert b'id="poll"' in page.content and b"Your index?" in page.content


def test_new_thread_form_with_one_option_is_a_400_with_message(client, community, member):
    client.force_login(member)
    response = client.post(
        reverse("discussions:thread-create", kwargs={"community": community.slug}),
        {"title": "Which index do you trust?", "body": "Vote below.", "kind": "discussion",
         "poll_question": "Your index?", "poll_options": "SPI"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "between 2 and 20" in response.content.decode()
    assert not Poll.objects.exists()


def test_vote_view_errors_are_400_json_and_page(client, community, member, make_member):
    thread = make_poll_thread(community, member)
    client.force_login(make_member(community))
    url = reverse("discussions:poll-vote", kwargs={"community": community.slug, "thread_id": thread.pk})
    response = client.post(url, {}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400 and "Choose an option" in response.json()["error"]
    response = client.post(url, {"options": ["999999"]})
    assert response.status_code == 400
    spi = options_of(thread)[0]
    response = client.post(url, {"options": [spi.pk]}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["counts"][str(spi.pk)] == 1


def test_poll_push_shows_counts_only_to_voters(community, member, make_member):
    """The live event reaches every reader; the counts only those who voted (before the close)."""
    thread = make_poll_thread(community, member)
    spi, spei, _palmer = options_of(thread)
    voter, onlooker, latecomer = make_member(community), make_member(community), make_member(community)
    poll = thread.poll
    poll_vote(voter=voter, poll=poll, option_ids=[spi.pk])
    flush_layer()
    access.reset()

    async def scenario():
        seen = await connect(f"/ws/threads/{thread.pk}/", voter)
        blind = await connect(f"/ws/threads/{thread.pk}/", onlooker)
        await sync_to_async(poll_vote)(voter=latecomer, poll=poll, option_ids=[spei.pk])
        await sync_to_async(broadcast_poll_results)(poll.pk)  # on_commit does not run in the test transaction
        to_voter = await skip_presence(seen)
        to_onlooker = await skip_presence(blind)
        assert to_voter["type"] == "poll" and to_voter["voters"] == 2
        assert to_voter["counts"] == {str(spi.pk): 1, str(spei.pk): 1, str(_palmer.pk): 0}
        assert to_onlooker["type"] == "poll" and to_onlooker["voters"] == 2 and to_onlooker["counts"] is None
        await seen.disconnect()
        await blind.disconnect()

    async_to_sync(scenario)()
    flush_layer()


def test_thread_page_with_poll_query_count_does_not_grow(client, community, member, make_member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hub import pagecache

    def queries(thread):
        pagecache.bump()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(thread.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    viewer = make_member(community)
    client.force_login(viewer)
    small = make_poll_thread(community, member, options=("a", "b"))
    queries(small)  # warm process-wide caches
    first = queries(small)
    big = make_poll_thread(community, member, kind=PollKind.MULTIPLE, options=[f"Option {i}" for i in range(20)])
    for _ in range(5):
        poll_vote(voter=make_member(community), poll=big.poll, option_ids=[o.pk for o in options_of(big)[:3]])
    poll_vote(voter=viewer, poll=big.poll, option_ids=[options_of(big)[0].pk])
    queries(big)  # the first visit also records the read state, as the first visit of ``small`` did
    # Cold (every generation bumped): the shared thread data is rebuilt too.
    assert queries(big) == first <= 11, first


def test_closed_poll_push_shows_counts_to_every_reader(community, member):
    thread = make_poll_thread(community, member)
    poll = thread.poll
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
    option_ids = {str(o.pk) for o in options_of(thread)}
    flush_layer()
    access.reset()

    async def scenario():
        anonymous = await connect(f"/ws/threads/{thread.pk}/")
        await sync_to_async(broadcast_poll_results)(poll.pk)
        message = await skip_presence(anonymous)
        assert message["type"] == "poll" and message["closed"] is True
        assert set(message["counts"]) == option_ids
        await anonymous.disconnect()

    async_to_sync(scenario)()
    flush_layer()


def test_poll_factory_makes_a_votable_poll(make_member):
    from discussions.tests.factories import PollFactory

    poll = PollFactory(options=("Yes", "No", "Not sure"))
    voter = make_member(poll.thread.community)
    poll_vote(voter=voter, poll=poll, option_ids=[options_of(poll.thread)[2].pk])
    assert [o.vote_count for o in options_of(poll.thread)] == [0, 0, 1]
