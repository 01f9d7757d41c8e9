"""What a data export contains: one section per relation that points at the member.

``SECTIONS`` names every foreign key and many-to-many field, in any installed app, that
references the user model, with the columns exported for it.  ``EXCLUDED`` lists the few
relations deliberately left out, each with the reason.  A test walks the user model's
relations and fails when a relation is in neither table, so a new model that stores
something about a member cannot ship without a decision on its export.

Columns are chosen so that a member's export holds what they wrote and what the hub records
about them, never another member's private content: where the member is only the actor
(the moderator who hid a post, the person who approved a request) the section carries ids,
dates and the member's own words, not the other person's text.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import FileField, ForeignKey, ManyToManyField

# Columns that are credentials or internal bookkeeping, never exported.
SECRET_COLUMNS = {"password", "token", "key", "secret", "idempotency_key", "unsubscribe_url"}


@dataclass(frozen=True)
class Section:
    """Rows of ``model`` whose ``user_field`` is the member, as ``name`` in the export."""

    name: str
    model: str  # app_label.ModelName
    user_field: str
    columns: tuple[str, ...] = ()  # empty: every concrete column but the secret ones
    files: bool = False  # copy the rows' uploaded files into the ZIP
    extra: dict = field(default_factory=dict)


ACTOR_ONLY = ("id", "created_at")

SECTIONS: tuple[Section, ...] = (
    Section("email_addresses", "account.EmailAddress", "user", ("email", "verified", "primary")),
    Section("admin_actions", "admin.LogEntry", "user", ("action_time", "content_type_id", "object_id", "action_flag")),
    Section("communities_created", "communities.Community", "created_by", ("id", "slug", "name", "created_at")),
    Section("memberships", "communities.Membership", "user"),
    Section(
        "membership_decisions", "communities.Membership", "decided_by", ("id", "community_id", "status", "decided_at")
    ),
    Section("invitations_sent", "communities.Invitation", "invited_by"),
    Section(
        "invitations_accepted", "communities.Invitation", "accepted_by", ("id", "community_id", "role", "accepted_at")
    ),
    Section("threads", "discussions.Thread", "author"),
    Section("threads_last_reply", "discussions.Thread", "last_poster", ("id", "title", "last_post_at")),
    Section("posts", "discussions.Post", "author"),
    Section(
        "posts_hidden_by_me",
        "discussions.Post",
        "hidden_by",
        ("id", "thread_id", "number", "hidden_reason", "hidden_at"),
    ),
    Section("post_revisions", "discussions.PostRevision", "edited_by"),
    Section("reactions", "discussions.Reaction", "user"),
    Section("mentions", "discussions.Mention", "user"),
    Section("read_state", "discussions.ReadState", "user"),
    Section("thread_subscriptions", "discussions.ThreadSubscription", "user"),
    Section("drafts", "discussions.Draft", "user", ("community_id", "thread_id", "title", "body", "updated_at")),
    Section("bookmarks", "discussions.Bookmark", "user", ("post_id", "note", "remind_at", "reminded_at", "created_at")),
    Section("poll_votes", "discussions.PollVote", "user", ("poll_id", "option_id", "created_at")),
    Section("legal_acceptances", "legal.Acceptance", "user", ("document_id", "via", "accepted_at")),
    Section("legal_documents_drafted", "legal.LegalDocument", "created_by", ("id", "kind", "version", "created_at")),
    Section("post_attachments", "discussions.Attachment", "uploaded_by", files=True),
    Section("flags_made", "moderation.Flag", "reporter"),
    Section("flags_resolved", "moderation.Flag", "resolved_by", ("id", "status", "resolved_at")),
    Section(
        "moderation_actions_by_me",
        "moderation.AuditEntry",
        "actor",
        ("id", "created_at", "action", "community_name", "target_type", "target_id", "reason"),
    ),
    Section(
        "moderation_actions_about_me",
        "moderation.AuditEntry",
        "target_user",
        ("id", "created_at", "action", "community_name", "target_type", "target_id", "reason"),
    ),
    Section(
        "hub_suspensions",
        "moderation.PlatformSuspension",
        "user",
        ("id", "reason", "created_at", "ends_at", "lifted_at"),
    ),
    Section("hub_suspensions_by_me", "moderation.PlatformSuspension", "actor", ACTOR_ONLY),
    Section("hub_suspensions_lifted_by_me", "moderation.PlatformSuspension", "lifted_by", ("id", "lifted_at")),
    Section("notifications", "notifications.Notification", "recipient"),
    Section("notifications_caused", "notifications.Notification", "actor", ("id", "kind", "created_at")),
    Section("notification_settings", "notifications.NotificationPreference", "user", ("kind", "channel")),
    Section(
        "emails_sent_to_me",
        "outbox.EmailDelivery",
        "recipient",
        ("id", "kind", "subject", "status", "created_at", "sent_at"),
    ),
    Section("digests", "notifications.DigestRun", "user", ("period", "created_at", "item_count")),
    Section(
        "reports_requested",
        "reports.ReportSnapshot",
        "requested_by",
        ("id", "community_id", "period_start", "period_end", "created_at"),
    ),
    Section("programmes_proposed", "training.DesignProgramme", "proposer"),
    Section("programmes_led", "training.DesignProgramme", "leaders", ("id", "organisation", "proposed_name", "stage")),
    Section(
        "programmes_assisted", "training.DesignProgramme", "experts", ("id", "organisation", "proposed_name", "stage")
    ),
    Section("intake_questionnaires", "training.IntakeQuestionnaire", "submitted_by"),
    Section("consultations_recorded", "training.Consultation", "recorded_by"),
    Section("training_sessions_created", "training.TrainingSession", "created_by"),
    Section("training_attendance", "training.Attendance", "user"),
    Section("charter_versions_created", "training.CharterVersion", "created_by"),
    Section(
        "charter_versions_decided",
        "training.CharterVersion",
        "decided_by",
        ("id", "programme_id", "number", "status", "decided_at"),
    ),
    Section("milestones_owned", "training.Milestone", "owner"),
    Section("programme_comments", "training.ProgrammeComment", "author"),
    Section("value_stories", "training.ValueStory", "author"),
    Section("lab_ticks", "training.LabTick", "ticked_by"),
    Section("references_added", "knowledge.Reference", "created_by", files=True),
    Section("case_studies", "knowledge.CaseStudy", "author"),
    Section("case_study_attachments", "knowledge.CaseStudyAttachment", "uploaded_by", files=True),
    Section("case_study_reviews", "knowledge.CaseStudyEvent", "actor"),
    Section("events_organised", "events.Event", "organiser"),
    Section("event_rsvps", "events.RSVP", "user"),
    Section("event_materials", "events.EventMaterial", "uploaded_by", files=True),
    Section("calendar_feed", "events.CalendarToken", "user", ("created_at",)),
    Section("event_reminders", "events.ReminderLog", "user"),
    Section("conversations_started", "messaging.Conversation", "created_by"),
    Section("conversations", "messaging.Participant", "user"),
    Section("messages_sent", "messaging.Message", "author", ("id", "conversation_id", "body", "created_at")),
    Section("blocks", "messaging.Block", "blocker", ("blocked_id", "created_at")),
    Section("message_reports", "messaging.MessageReport", "reporter"),
    Section("message_reports_resolved", "messaging.MessageReport", "resolved_by", ("id", "resolved_at", "resolution")),
    Section("data_exports", "privacy.DataExport", "user", ("id", "status", "created_at", "finished_at", "expires_at")),
    Section(
        "account_deletions_performed", "privacy.AccountDeletion", "actor", ("id", "created_at", "by_staff", "posts")
    ),
    # Apps that may be installed (two-factor sign-in, sessions, single sign-on).
    Section(
        "signed_in_sessions", "usersessions.UserSession", "user", ("ip", "user_agent", "created_at", "last_seen_at")
    ),
    Section(
        "linked_sign_in_accounts",
        "socialaccount.SocialAccount",
        "user",
        ("provider", "uid", "last_login", "date_joined"),
    ),
    Section("second_factors", "mfa.Authenticator", "user", ("type", "created_at", "last_used_at")),
)

# (model label, field name) -> why it is not in the export.
EXCLUDED: dict[tuple[str, str], str] = {
    ("accounts.User", "groups"): "staff permission groups: hub configuration, listed in the profile as is_staff",
    ("accounts.User", "user_permissions"): "staff permissions: hub configuration, not personal content",
    ("messaging.Block", "blocked"): "who blocked the member is the blocker's private choice",
}

# Generic relations that can point at a member, and where the export carries them.
GENERIC: dict[str, str] = {
    "taggit.TaggedItem": "the member's expertise tags, in profile.expertise",
}

# Fields of the member's own row left out of profile.json.
PROFILE_EXCLUDED = {"password", "bio_html", "is_superuser"}


def _is_through(model) -> bool:
    return model._meta.auto_created is not False and bool(model._meta.auto_created)


def user_relations() -> set[tuple[str, str]]:
    """Every (model label, field name) in the installed apps that references the user model."""
    user_model = get_user_model()
    found = set()
    for model in apps.get_models(include_auto_created=True):
        if _is_through(model):
            continue
        for f in model._meta.get_fields(include_hidden=True):
            if not getattr(f, "concrete", False) and not isinstance(f, ManyToManyField):
                continue
            if isinstance(f, (ForeignKey, ManyToManyField)) and f.remote_field.model is user_model:
                found.add((model._meta.label, f.name))
    return found


def installed_sections() -> list[Section]:
    out = []
    for section in SECTIONS:
        try:
            apps.get_model(section.model)
        except LookupError:
            continue
        out.append(section)
    return out


def _columns(model, section: Section) -> list[str]:
    if section.columns:
        return list(section.columns)
    return [f.attname for f in model._meta.concrete_fields if f.attname not in SECRET_COLUMNS]


def section_rows(section: Section, user) -> tuple[list[dict], list]:
    """The section's rows as dicts, and the model instances when files are wanted."""
    model = apps.get_model(section.model)
    qs = model._default_manager.filter(**{section.user_field: user}).order_by("pk")
    rows = list(qs.values(*_columns(model, section)))
    objects = list(qs) if section.files else []
    return rows, objects


def file_fields(obj) -> list:
    return [
        getattr(obj, f.name) for f in obj._meta.concrete_fields if isinstance(f, FileField) and getattr(obj, f.name)
    ]
