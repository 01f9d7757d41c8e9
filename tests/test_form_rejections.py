"""Every form view answers a rejected submission with 400, the form again and its message.

The form views are found, not listed by hand: every project route whose view validates a
form (``is_valid()`` in its source) must have a row here, so a new form view without one
fails this test.  Each row submits something invalid; the answer must be 400 (htmx too),
HTML, and show the reason (the form's own error text, or the page's message).
"""

import html
import inspect
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.forms import BaseForm
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.test_url_coverage import THIRD_PARTY_NAMESPACES, THIRD_PARTY_PREFIXES

# GET forms that filter a list: nothing is submitted, so nothing is rejected with 400.
FILTERS = {
    "accounts:directory": "filters the member directory",
    "communities:directory": "filters the community directory",
    "communities:members": "filters a community's members",
    "moderation:log": "filters the audit log",
    "search:search": "a search; an over-long query gets its message (search tests)",
    "training:sessions": "lists sessions; its POST is staff-only session creation (row below)",
    "knowledge:case-detail": "shows a case study; its review form posts to knowledge:case-review",
    "events:detail": "shows an event; its forms post to their own routes",
    "training:charter-version": "shows a version; its forms post to submit/review routes",
    "legal:accept": "needs a new document version to accept: legal/tests/test_views.py (400 without the box ticked)",
    "discussions:poll-vote": "needs a poll: discussions/tests/test_polls.py::test_vote_view_errors_are_400_json_and_page",
    "training:autosave": "saves a draft's valid fields in the background; the form's own submit reports errors",
}

NUL = "bad\x00text"


def _views():
    def walk(resolver, namespace=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace or ""
                if ns in THIRD_PARTY_NAMESPACES:
                    continue
                yield from walk(entry, f"{namespace}:{ns}" if namespace and ns else (ns or namespace))
            elif isinstance(entry, URLPattern) and entry.name and not entry.name.startswith(THIRD_PARTY_PREFIXES):
                yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry.callback

    for name, callback in walk(get_resolver()):
        try:
            source = inspect.getsource(inspect.unwrap(callback))
        except (OSError, TypeError):
            continue
        if "is_valid()" in source:
            yield name


@pytest.fixture
def w(db):
    from accounts.tests.factories import UserFactory
    from communities.models import MembershipStatus, Role
    from communities.tests.factories import CommunityFactory, MembershipFactory, add_member
    from discussions import services as discussions
    from events.tests.factories import EventFactory
    from knowledge.tests.factories import CaseStudyFactory, ReferenceFactory
    from messaging import services as messaging
    from messaging.models import MessageReport
    from moderation.models import PlatformSuspension
    from training.models import Consultation
    from training.tests.factories import DesignProgrammeFactory, GoodCaseFactory, MilestoneFactory

    staff = UserFactory(is_staff=True, is_superuser=True, username="staffer")
    member = UserFactory(username="member1", allow_messages_from_anyone=True)
    community = CommunityFactory(slug="basin", join_policy="request")
    add_member(staff, community, role=Role.OWNER)
    add_member(member, community)
    applicant = UserFactory(username="applicant")
    pending = MembershipFactory(user=applicant, community=community, status=MembershipStatus.PENDING)
    thread = discussions.thread_create(author=staff, community=community, title="Gauges", body="Opening post")
    post = thread.posts.get()
    conversation = messaging.conversation_start(sender=staff, recipients=[member], body="Hello")
    message = conversation.messages.get()
    report = MessageReport.objects.create(message=message, reporter=member, reason="spam")
    suspension = PlatformSuspension.objects.create(user=UserFactory(), reason="Spam waves", actor=staff)
    programme = DesignProgrammeFactory(leaders=[staff])
    launched = CommunityFactory(slug="launched")
    add_member(member, launched)
    DesignProgrammeFactory(leaders=[staff], community=launched, stage="launched")
    return SimpleNamespace(
        staff=staff, member=member, outsider=UserFactory(), launched=launched, community=community, applicant=applicant, pending=pending, thread=thread,
        post=post, conversation=conversation, message=message, report=report, suspension=suspension,
        event=EventFactory(community=community, organiser=staff), reference=ReferenceFactory(),
        case=CaseStudyFactory(author=staff), programme=programme, good_case=GoodCaseFactory(),
        milestone=MilestoneFactory(programme=programme),
        consultation=Consultation.objects.create(programme=programme, held_on="2026-01-10", participants="Officers"),
    )  # fmt: skip


# route -> (kwargs of the URL, invalid POST data, also over htmx[, who submits: staff by default])
ROWS = {
    "contact": (lambda w: {}, {"name": "A", "email": "not-an-email", "subject": "S", "message": "short"}, False),
    "accounts:profile-edit": (lambda w: {}, {"display_name": NUL}, False),
    "communities:create": (lambda w: {}, {"name": ""}, False),
    "communities:request": (lambda w: {"slug": w.community.slug}, {"message": "x" * 5000}, False, "outsider"),
    "communities:requests": (lambda w: {"slug": w.community.slug}, {"membership": "0", "action": "nope"}, False),
    "communities:invite": (lambda w: {"slug": w.community.slug}, {"emails": "not an email"}, False),
    "communities:member-role": (lambda w: {"slug": w.community.slug, "user_id": w.member.pk}, {"role": "king"}, False),
    "communities:settings": (lambda w: {"slug": w.community.slug}, {"name": ""}, False),
    "discussions:thread-create": (lambda w: {"community": w.community.slug}, {"title": "", "body": ""}, False),
    "discussions:post-create": (
        lambda w: {"community": w.community.slug, "thread_id": w.thread.pk},
        {"body": ""},
        False,
    ),
    "discussions:post-edit": (
        lambda w: {"community": w.community.slug, "thread_id": w.thread.pk, "number": 1},
        {"body": ""},
        False,
    ),
    "moderation:bulk": (lambda w: {}, {"action": "nope"}, False),
    "moderation:request-action": (
        lambda w: {"membership_id": w.pending.pk, "action": "decline"},
        {"reason": "x" * 5000},
        False,
    ),
    "moderation:flag": (lambda w: {"kind": "post", "item_id": w.post.pk}, {"reason": "nope"}, True, "member"),
    "moderation:post-action": (lambda w: {"post_id": w.post.pk, "action": "hide"}, {"reason": ""}, False),
    "moderation:thread-action": (lambda w: {"thread_id": w.thread.pk, "action": "rename"}, {"title": ""}, False),
    "moderation:member-action": (
        lambda w: {"slug": w.community.slug, "username": w.member.username, "action": "warn"},
        {"reason": ""},
        False,
    ),
    "moderation:platform-suspend": (lambda w: {"username": w.member.username}, {"reason": ""}, False),
    "moderation:platform-unsuspend": (lambda w: {"suspension_id": w.suspension.pk}, {"reason": "x" * 5000}, False),
    "notifications:preferences": (lambda w: {}, {"mention": "carrier-pigeon"}, False),
    "training:propose": (lambda w: {}, {"proposed_name": ""}, False),
    "training:sessions": (lambda w: {}, {"title": ""}, False),
    "training:case-create": (lambda w: {}, {"title": ""}, False),
    "training:case-edit": (lambda w: {"slug": w.good_case.slug}, {"title": ""}, False),
    "training:value-stories": (lambda w: {"slug": w.launched.slug}, {"story": ""}, False, "member"),
    "training:programme-people": (lambda w: {"pk": w.programme.pk}, {"email": "not an email"}, False),
    "training:intake": (lambda w: {"pk": w.programme.pk}, {"organisation": ""}, False),
    "training:consultation-create": (lambda w: {"pk": w.programme.pk}, {"held_on": "not a date"}, False),
    "training:consultation-edit": (
        lambda w: {"pk": w.programme.pk, "consultation_id": w.consultation.pk},
        {"held_on": "not a date"},
        False,
    ),
    "training:tailor": (lambda w: {"pk": w.programme.pk}, {"modules": ["nope"]}, False),
    "training:session-create": (lambda w: {"pk": w.programme.pk}, {"title": ""}, False),
    "training:workspace-item-add": (
        lambda w: {"pk": w.programme.pk, "module": "roles", "kind": "role"},
        {"role": ""},
        True,
    ),
    "training:workspace-item-edit": None,  # needs an item: covered by training/tests/test_bad_input.py
    "training:charter": (lambda w: {"pk": w.programme.pk}, {"description": NUL}, False),
    "training:charter-review": None,  # needs a submitted version: covered by training/tests/test_flow.py
    "training:followup": (lambda w: {"pk": w.programme.pk}, {"title": "", "due_on": "never"}, False),
    "training:milestone-edit": (
        lambda w: {"pk": w.programme.pk, "milestone_id": w.milestone.pk},
        {"status": "nope"},
        False,
    ),
    "training:comment-add": (lambda w: {"pk": w.programme.pk}, {"body": ""}, False),
    "knowledge:reference-create": (lambda w: {}, {"title": ""}, False),
    "knowledge:reference-edit": (lambda w: {"pk": w.reference.pk}, {"title": ""}, False),
    "knowledge:case-create": (lambda w: {}, {"title": ""}, False),
    "knowledge:case-edit": (lambda w: {"pk": w.case.pk}, {"title": ""}, False),
    "knowledge:case-review": (lambda w: {"pk": w.case.pk}, {"action": "nope"}, False),
    "knowledge:promote-thread": (lambda w: {"thread_id": w.thread.pk}, {"kind": "nope"}, False),
    "events:create": (lambda w: {"slug": w.community.slug}, {"title": ""}, False),
    "events:edit": (lambda w: {"pk": w.event.pk}, {"title": ""}, False),
    "events:cancel": (lambda w: {"pk": w.event.pk}, {"reason": "x" * 5000}, False),
    "events:rsvp": (lambda w: {"pk": w.event.pk}, {"status": "nope"}, True),
    "events:material-add": (lambda w: {"pk": w.event.pk}, {"title": ""}, False),
    "messaging:new": (lambda w: {}, {"recipients": "", "body": ""}, False),
    "messaging:report-resolve": (lambda w: {"report_id": w.report.pk}, {"resolution": "x" * 5000}, False),
    "messaging:report": (lambda w: {"message_id": w.message.pk}, {"reason": ""}, False, "member"),
    "messaging:send": (lambda w: {"pk": w.conversation.pk}, {"body": ""}, True),
    "messaging:add": (lambda w: {"pk": w.conversation.pk}, {"recipients": "@nobody-at-all"}, False),
    "communities:invitation-link-create": (
        lambda w: {"slug": w.community.slug},
        {"days": "999", "max_uses": "0"},
        False,
    ),
    "discussions:bookmark-edit": (
        lambda w: {"community": w.community.slug, "thread_id": w.thread.pk, "number": 1},
        {"remind_at": "not a date"},
        False,
        "member",
    ),
    "privacy:delete": (lambda w: {}, {"password": "not the password", "posts": "anonymise"}, False, "member"),
    "privacy:staff-delete": (lambda w: {"user_id": w.outsider.pk}, {"posts": "nope", "reason": ""}, False),
}


def test_every_form_view_has_a_row():
    found = set(_views())
    missing = sorted(found - set(ROWS) - set(FILTERS))
    assert not missing, f"form views without a rejection row: {missing}"


def _shown_reason(response):
    """The texts that explain the rejection: form errors in the context, or messages."""
    texts = []
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            forms = value.values() if isinstance(value, dict) else [value]
            for form in forms:
                if isinstance(form, BaseForm) and form.is_bound and form.errors:
                    texts.extend(str(e) for errors in form.errors.values() for e in errors)
    texts.extend(str(m) for m in get_messages(response.wsgi_request))
    for context in response.context or []:
        if hasattr(context, "get") and isinstance(context.get("error"), str):
            texts.append(context.get("error"))
    if not texts and response.get("HX-Retarget"):
        # An htmx fragment placed above the form: its alert is the message.
        body = response.content.decode()
        start = body.find('role="alert">')
        if start >= 0:
            texts.append(html.unescape(body[start + len('role="alert">') : body.find("<", start)]))
    return [t for t in texts if t.strip()]


@pytest.mark.parametrize("route", sorted(name for name, row in ROWS.items() if row))
def test_rejected_submission_answers_400_with_its_message(client, w, route):
    kwargs, data, htmx, *who = ROWS[route]
    client.force_login(getattr(w, who[0] if who else "staff"))
    url = reverse(route, kwargs=kwargs(w))
    variants = [{}, {"HTTP_HX_REQUEST": "true"}] if htmx else [{}]
    for headers in variants:
        response = client.post(url, data, **headers)
        assert response.status_code == 400, (route, headers, response.status_code)
        assert response["Content-Type"].startswith("text/html")
        body = response.content.decode()
        reasons = _shown_reason(response)
        assert reasons, (route, "no form error and no message")
        assert any(html.escape(text) in body for text in reasons), (route, reasons[:3])
