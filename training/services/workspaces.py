"""Step 2 workspaces: items of each module, the IT Lab sandbox, value stories, good cases."""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from communities.services import community_create, membership_add, membership_request
from discussions.services import thread_create
from training import permissions as perms
from training.models import (
    Activity,
    CaseLink,
    GoodCase,
    LabTick,
    NetworkNode,
    NetworkTie,
    RoleAssignment,
    StepStatus,
    SystemElement,
    SystemLink,
    ValueExpectation,
    ValueStory,
)
from training.selectors import lab_manual_items

logger = logging.getLogger(__name__)

# kind -> (module, model): the rows a workspace is made of.
ITEM_KINDS = {
    "element": ("systems", SystemElement),
    "link": ("systems", SystemLink),
    "node": ("network", NetworkNode),
    "tie": ("network", NetworkTie),
    "expectation": ("value", ValueExpectation),
    "role": ("roles", RoleAssignment),
    "caselink": ("cases", CaseLink),
    "activity": ("activities", Activity),
}


def workspace_item_add(*, actor, programme, kind, data: dict):
    """Add one row to a module's workspace (saved at once: nothing to lose)."""
    if kind not in ITEM_KINDS:
        raise ValidationError(_("Unknown workspace item."))
    if not perms.can_edit_programme(actor, programme):
        raise PermissionDenied
    model = ITEM_KINDS[kind][1]
    for value in data.values():
        if getattr(value, "programme_id", programme.pk) != programme.pk:
            raise PermissionDenied
    item = model(programme=programme, **data)
    item.full_clean()
    try:
        with transaction.atomic():
            item.save()
            if programme.training_status == StepStatus.NOT_STARTED:
                programme.training_status = StepStatus.IN_PROGRESS
                programme.save(update_fields=["training_status", "updated_at"])
    except IntegrityError as exc:
        raise ValidationError(_("This is already in the workspace.")) from exc
    return item


def workspace_item_update(*, actor, programme, kind, item, data: dict):
    """Change one row of a workspace."""
    if kind not in ITEM_KINDS or not isinstance(item, ITEM_KINDS[kind][1]):
        raise ValidationError(_("Unknown workspace item."))
    if not perms.can_edit_programme(actor, programme) or item.programme_id != programme.pk:
        raise PermissionDenied
    for value in data.values():
        if getattr(value, "programme_id", programme.pk) != programme.pk:
            raise PermissionDenied
    for key, value in data.items():
        setattr(item, key, value)
    item.full_clean()
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as exc:
        raise ValidationError(_("This is already in the workspace.")) from exc
    return item


def workspace_item_delete(*, actor, programme, kind, item_id) -> None:
    if kind not in ITEM_KINDS:
        raise ValidationError(_("Unknown workspace item."))
    if not perms.can_edit_programme(actor, programme):
        raise PermissionDenied
    ITEM_KINDS[kind][1].objects.filter(programme=programme, pk=item_id).delete()


PRACTICE_ACCOUNTS = {
    "poster": ("practice-poster", "Practice poster"),
    "applicant": ("practice-applicant", "Practice applicant"),
}


def practice_account(which):
    """A non-login account that plays a member in training sandboxes."""
    username, name = PRACTICE_ACCOUNTS[which]
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@sandbox.invalid", "display_name": name}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def sandbox_create(*, actor, programme):
    """The IT Lab sandbox: a private training community where leaders practise with real features."""

    if not perms.can_edit_programme(actor, programme):
        raise PermissionDenied
    if programme.sandbox_id:
        return programme.sandbox
    leaders = list(programme.leaders.filter(is_active=True))
    if not leaders:
        raise ValidationError(_("The programme needs a leader before the IT Lab can start."))
    with transaction.atomic():
        sandbox = community_create(
            actor=None,
            name=_("IT Lab sandbox: %(name)s") % {"name": programme.proposed_name},
            tagline=_("A practice community for the training. Nothing here is public."),
            description=_("Practise posting, pinning, approving members and handling flags. Anything goes."),
            visibility="private",
            join_policy="request",
            owner=leaders[0],
            kind="sandbox",
        )
        for leader in leaders[1:]:
            membership_add(actor=None, community=sandbox, user=leader, role="moderator")
        poster = practice_account("poster")
        membership_add(actor=None, community=sandbox, user=poster, role="member")
        programme.sandbox = sandbox
        programme.save(update_fields=["sandbox", "updated_at"])
        _practice_content(sandbox, poster)
        membership_request(
            actor=practice_account("applicant"),
            community=sandbox,
            message=_("Hello, I work on groundwater monitoring and would like to join."),
        )
    return sandbox


def _practice_content(sandbox, poster):

    thread_create(
        author=poster,
        community=sandbox,
        title=_("Practice: cheap pumps for sale, contact me"),
        body=_(
            "Best prices on solar pumps this week only, write to me privately!\n\n"
            "(This is a practice post: flag it as spam, then resolve the flag from the moderation queue.)"
        ),
    )


def lab_tick_toggle(*, actor, programme, item) -> bool:
    """Tick (or untick) an IT Lab item the hub cannot detect by itself."""

    if not perms.can_edit_programme(actor, programme):
        raise PermissionDenied
    if item not in lab_manual_items():
        raise ValidationError(_("This item ticks itself when you do it in the sandbox."))
    deleted, _rows = LabTick.objects.filter(programme=programme, item=item).delete()
    if deleted:
        return False
    LabTick.objects.create(programme=programme, item=item, ticked_by=actor)
    return True


def value_story_create(*, actor, programme, cycle, title, story) -> ValueStory:
    if not perms.can_submit_value_story(actor, programme):
        raise PermissionDenied
    value_story = ValueStory(programme=programme, author=actor, cycle=cycle, title=title, story=story)
    value_story.full_clean()
    value_story.save()
    return value_story


def case_save(*, actor, data: dict, case=None) -> GoodCase:
    if not perms.can_curate_cases(actor):
        raise PermissionDenied
    case = case or GoodCase()
    for key, value in data.items():
        setattr(case, key, value)
    case.full_clean()
    case.save()
    return case
