"""Threads and posts, with the state around them (reactions, mentions, reads, files)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from communities.models import Community
from discussions.language import Language

TITLE_MIN, TITLE_MAX = 5, 200
BODY_MIN, BODY_MAX = 1, 50_000
POSTS_PER_PAGE = 20


class ThreadKind(models.TextChoices):
    DISCUSSION = "discussion", _("Discussion")
    QUESTION = "question", _("Question")


class ThreadQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_hidden=False)


class Thread(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="threads")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="threads")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    slug = models.SlugField(max_length=80, allow_unicode=False)
    kind = models.CharField(_("kind"), max_length=12, choices=ThreadKind.choices, default=ThreadKind.DISCUSSION)
    tags = TaggableManager(_("tags"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    is_pinned = models.BooleanField(default=False)
    pinned_at = models.DateTimeField(null=True, blank=True)
    is_locked = models.BooleanField(default=False)
    lock_reason = models.CharField(max_length=300, blank=True)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=300, blank=True)
    accepted_answer = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_constraint=True
    )
    # When a thread is merged into another, its old permalinks redirect there.
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Denormalised, updated with F() inside the writing transaction.
    post_count = models.PositiveIntegerField(default=0)  # highest post number handed out
    reply_count = models.PositiveIntegerField(default=0)  # visible posts minus the opening post
    last_post_at = models.DateTimeField(default=timezone.now)
    last_poster = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    view_count = models.PositiveIntegerField(default=0)
    # The opening post's language ("" when unknown); search stems the title with it.
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, blank=True, default="")

    objects = ThreadQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["community", "-is_pinned", "-last_post_at"], name="thread_list_idx"),
            models.Index(fields=["author", "-created_at"]),
            models.Index(fields=["-last_post_at"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "discussions:thread-detail",
            kwargs={"community": self.community.slug, "thread_id": self.pk, "slug": self.slug or "t"},
        )


class PostStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    PENDING = "pending", _("Awaiting approval")
    REJECTED = "rejected", _("Rejected")


class PostQuerySet(models.QuerySet):
    def visible(self):
        """What ordinary readers see (moderators may also see hidden/pending)."""
        return self.filter(status=PostStatus.PUBLISHED, is_hidden=False)


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="posts")
    body = models.TextField(max_length=BODY_MAX)
    body_html = models.TextField(blank=True)
    reply_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    edit_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=PostStatus.choices, default=PostStatus.PUBLISHED)
    # Soft delete by the author, or hide by a moderator: nothing is ever destroyed.
    is_deleted = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    # Denormalised reaction counts {"like": 3, "insightful": 1, "thanks": 0}.
    reaction_counts = models.JSONField(default=dict, blank=True)
    # A token from the form: a double-submitted form creates one post, not two.
    idempotency_key = models.CharField(max_length=64, blank=True, default="")
    # Chosen in the composer or detected at posting ("" when unknown); search stems the body with it.
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, blank=True, default="")

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["thread_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "number"], name="post_unique_thread_number"),
            models.UniqueConstraint(
                fields=["author", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="post_unique_author_idempotency_key",
            ),
        ]
        indexes = [models.Index(fields=["author", "-created_at"]), models.Index(fields=["-created_at"])]

    def __str__(self):
        return f"#{self.number} in {self.thread_id}"

    def get_absolute_url(self):
        return reverse(
            "discussions:post-permalink",
            kwargs={"community": self.thread.community.slug, "thread_id": self.thread_id, "number": self.number},
        )

    @property
    def anchor(self):
        return f"p{self.number}"


class PostRevision(models.Model):
    """The body a post had before an edit (edit history)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["post", "-created_at"]


class ReactionKind(models.TextChoices):
    LIKE = "like", _("Like")
    INSIGHTFUL = "insightful", _("Insightful")
    THANKS = "thanks", _("Thanks")


class Reaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField(max_length=12, choices=ReactionKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user", "kind"], name="reaction_unique")]


class Mention(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentions")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="mention_unique")]


class ReadState(models.Model):
    """The highest post number a member has seen in a thread."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_states")
    last_read_number = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="readstate_unique")]


class SubscriptionLevel(models.TextChoices):
    WATCH = "watch", _("Watching")
    NORMAL = "normal", _("Normal")
    MUTE = "mute", _("Muted")


class ThreadSubscription(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="subscriptions")
    level = models.CharField(max_length=10, choices=SubscriptionLevel.choices, default=SubscriptionLevel.WATCH)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="threadsub_unique")]


class Attachment(models.Model):
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    thumbnail = models.ImageField(upload_to="attachments/thumbs/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    is_image = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.original_name


class Draft(models.Model):
    """What a member has typed and not yet posted: a reply in a thread, or a new thread in a
    community (``thread`` empty).  Saved as they type, restored on any device, deleted when
    the reply or thread is posted or the member discards it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    title = models.CharField(max_length=TITLE_MAX, blank=True)
    body = models.TextField(max_length=BODY_MAX, blank=True)
    reply_to_number = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="draft_one_per_thread"),
            models.UniqueConstraint(
                fields=["user", "community"], condition=models.Q(thread__isnull=True), name="draft_one_new_thread"
            ),
        ]

    def __str__(self):
        return f"Draft by {self.user_id} in {self.thread_id or self.community_id}"


class Bookmark(models.Model):
    """A post a member keeps for later, optionally with a time to be reminded of it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="bookmarks")
    note = models.CharField(_("note"), max_length=200, blank=True)
    remind_at = models.DateTimeField(_("remind me at"), null=True, blank=True)
    # Set when the reminder went out; editing the reminder time clears it.
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="bookmark_unique_user_post")]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(
                fields=["remind_at"],
                condition=models.Q(reminded_at__isnull=True, remind_at__isnull=False),
                name="bookmark_due_idx",
            ),
        ]

    def __str__(self):
        return f"{self.user_id} -> post {self.post_id}"

    @property
    def reminder_pending(self):
        return self.remind_at is not None and self.reminded_at is None


POLL_OPTIONS_MIN, POLL_OPTIONS_MAX = 2, 20
POLL_LABEL_MAX = 200


class PollKind(models.TextChoices):
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")


class Poll(models.Model):
    """A poll in a thread's opening post."""

    thread = models.OneToOneField(Thread, on_delete=models.CASCADE, related_name="poll")
    question = models.CharField(_("question"), max_length=POLL_LABEL_MAX)
    kind = models.CharField(_("kind"), max_length=10, choices=PollKind.choices, default=PollKind.SINGLE)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Denormalised, updated with F() in the voting transaction.
    voter_count = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.question

    def is_closed(self, now=None):
        return self.closes_at is not None and self.closes_at <= (now or timezone.now())

    @property
    def is_multiple(self):
        return self.kind == PollKind.MULTIPLE


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=POLL_LABEL_MAX)
    vote_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["poll", "position"]
        constraints = [models.UniqueConstraint(fields=["poll", "position"], name="polloption_unique_position")]

    def __str__(self):
        return self.label


class PollVote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["option", "user"], name="pollvote_unique_option_user")]
        indexes = [models.Index(fields=["poll", "user"])]
