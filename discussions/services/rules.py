"""Checks every new post passes (who, what, how fast), shared by thread and post services."""

import re
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

import ratelimits
from communities import permissions as cp
from discussions import permissions as dp
from discussions.models import BODY_MAX, BODY_MIN, TITLE_MAX, TITLE_MIN, Post, PostStatus, Thread

POST_RATE = getattr(settings, "DISCUSSIONS_POST_RATE", "10/m")
MAX_TAGS = 5
TAG_RE = re.compile(r"^[^\W_][\w\- ]{0,39}$", re.UNICODE)
_LINK_RE = re.compile(r"<a\s[^>]*href=\"(?:https?:|mailto:)", re.I)


class PostingError(Exception):
    """A refused write, with a message for the person and an HTTP status for clients."""

    def __init__(self, message, *, status=400, field=None, retry_after=None):
        super().__init__(message)
        self.message = str(message)
        self.status = status
        self.field = field
        self.retry_after = retry_after


def clean_text(value, *, field, minimum, maximum, label):
    value = (value or "").replace("\r\n", "\n")
    if "\x00" in value:
        raise PostingError(_("%(label)s contains a null character.") % {"label": label}, field=field)
    value = value.strip()
    if len(value) < minimum:
        if minimum <= 1:
            raise PostingError(_("%(label)s cannot be empty.") % {"label": label}, field=field)
        raise PostingError(
            _("%(label)s must have at least %(n)d characters.") % {"label": label, "n": minimum}, field=field
        )
    if len(value) > maximum:
        raise PostingError(
            _("%(label)s can have at most %(n)d characters (it has %(len)d).")
            % {"label": label, "n": maximum, "len": len(value)},
            field=field,
        )
    return value


def clean_title(title):
    return clean_text(title, field="title", minimum=TITLE_MIN, maximum=TITLE_MAX, label=_("The title"))


def clean_body(body):
    return clean_text(body, field="body", minimum=BODY_MIN, maximum=BODY_MAX, label=_("The message"))


def clean_tags(tags):
    """Tags are short words or phrases (letters, digits, spaces, hyphens); at most five."""
    if isinstance(tags, str):
        tags = tags.split(",")
    cleaned = []
    for raw in tags or ():
        tag = " ".join(str(raw).split()).lower()
        if not tag:
            continue
        if "\x00" in tag or not TAG_RE.match(tag):
            raise PostingError(
                _("“%(tag)s” is not a valid tag: use letters, digits, spaces or hyphens (at most 40 characters).")
                % {"tag": tag[:50]},
                field="tags",
            )
        if tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise PostingError(_("At most %(n)d tags.") % {"n": MAX_TAGS}, field="tags")
    return cleaned


def _duration(seconds: int) -> str:
    if seconds < 60:
        return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    now = timezone.now()
    return timeuntil(now + timedelta(seconds=seconds), now, depth=2)


def _lifting_hint() -> str:
    rules = dp.new_member_rules()
    days, posts = rules["days"], rules["accepted_posts"]
    period = _duration(days * 86400) if days else ""
    if days and posts:
        return ngettext(
            "These limits apply for %(period)s after joining and until %(n)d of your posts has been published.",
            "These limits apply for %(period)s after joining and until %(n)d of your posts have been published.",
            posts,
        ) % {"period": period, "n": posts}
    if days:
        return _("These limits apply for %(period)s after joining.") % {"period": period}
    return ngettext(
        "These limits apply until %(n)d of your posts has been published.",
        "These limits apply until %(n)d of your posts have been published.",
        posts,
    ) % {"n": posts}


def check_links(author, body_html, *, limited=False, mentioned=()) -> None:
    """New members may put only a few links and mentions in a post (the usual spam pattern).
    ``limited``: ``discussions.permissions.new_member_limits_apply(author, community)``."""
    if not limited:
        return
    rules = dp.new_member_rules()
    links = len(_LINK_RE.findall(body_html))
    if links > rules["max_links"]:
        raise PostingError(
            ngettext(
                "New members can include at most %(n)d link in a post (this one has %(count)d).",
                "New members can include at most %(n)d links in a post (this one has %(count)d).",
                rules["max_links"],
            )
            % {"n": rules["max_links"], "count": links}
            + " "
            + _lifting_hint(),
            field="body",
        )
    mentions = len({user.pk for user in mentioned})
    if mentions > rules["max_mentions"]:
        raise PostingError(
            ngettext(
                "New members can mention at most %(n)d person in a post (this one mentions %(count)d).",
                "New members can mention at most %(n)d people in a post (this one mentions %(count)d).",
                rules["max_mentions"],
            )
            % {"n": rules["max_mentions"], "count": mentions}
            + " "
            + _lifting_hint(),
            field="body",
        )


def check_new_member_pace(author, *, starting_thread) -> None:
    """New members start a few threads a day and post a few replies a minute (rolling windows
    over their own posts, so the wait announced is exact)."""
    rules = dp.new_member_rules()
    if starting_thread:
        rate = rules["thread_rate"]
        recent = Thread.objects.filter(author=author).order_by("-created_at").values_list("created_at", flat=True)
    else:
        rate = rules["reply_rate"]
        recent = (
            Post.objects.filter(author=author, number__gt=1)
            .exclude(status=PostStatus.REJECTED)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
        )
    parsed = ratelimits.parse_rate(rate)
    wait = ratelimits.rolling_wait(recent[: parsed.limit], rate)
    if not wait:
        return
    values = {"n": parsed.limit, "period": _duration(parsed.period), "wait": _duration(wait)}
    if starting_thread:
        message = ngettext(
            "New members can start %(n)d thread in %(period)s. You can start another one in %(wait)s.",
            "New members can start %(n)d threads in %(period)s. You can start another one in %(wait)s.",
            parsed.limit,
        )
    else:
        message = ngettext(
            "New members can post %(n)d reply in %(period)s. You can reply again in %(wait)s.",
            "New members can post %(n)d replies in %(period)s. You can reply again in %(wait)s.",
            parsed.limit,
        )
    # 400 with the form and the message (the text is kept); Retry-After for clients.
    raise PostingError(message % values + " " + _lifting_hint(), status=400, retry_after=wait)


def check_can_post(author, community) -> None:
    """Explain why ``author`` may not post in ``community`` (raises PostingError, 403)."""
    if cp.can_post_in_community(author, community):
        return
    if community.is_archived:
        raise PostingError(_("This community is archived: it is read-only."), status=403)
    membership = cp.get_membership(author, community)
    if membership is not None and membership.is_suspended():
        until = date_format(timezone.localtime(membership.suspended_until), "DATETIME_FORMAT")
        raise PostingError(_("You are suspended in this community until %(until)s.") % {"until": until}, status=403)
    if membership is not None and membership.status == "banned":
        raise PostingError(_("You are banned from this community."), status=403)
    raise PostingError(_("Only members of this community can post here. Join it first."), status=403)


def check_pace(author, community, *, limited=False, starting_thread=False) -> None:
    """Slow mode (per community), the new-member limits (``limited``) and the per-person
    posting rate; moderators are exempt from slow mode."""
    seconds = community.slow_mode_seconds or 0
    if seconds and not cp.can_moderate_community(author, community):
        last = (
            Post.objects.filter(author=author, thread__community=community)
            .exclude(status=PostStatus.REJECTED)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        if last is not None:
            wait = int((last + timedelta(seconds=seconds) - timezone.now()).total_seconds()) + 1
            if wait > 0:
                raise PostingError(
                    _("Slow mode is on in this community: you can post again in %(n)d seconds.") % {"n": wait},
                    status=429,
                    retry_after=wait,
                )
    if limited:
        check_new_member_pace(author, starting_thread=starting_thread)
    if not ratelimits.hit("discussions-post", str(author.pk), POST_RATE):
        wait = ratelimits.retry_after(POST_RATE)
        raise PostingError(
            _("You are posting too quickly. Please wait %(n)d seconds.") % {"n": wait}, status=429, retry_after=wait
        )


def needs_premoderation(author, community) -> bool:
    """A member's first N posts wait for a moderator when the community asks for it."""
    limit = community.premoderate_first_posts or 0
    if not limit or cp.can_moderate_community(author, community):
        return False
    membership = cp.get_membership(author, community)
    return membership is None or membership.approved_post_count < limit
