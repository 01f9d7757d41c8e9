"""Who may do what in a design programme.  The only place these rules live.

A programme is private: only its leaders, its assigned staff experts and staff admins
(``is_staff``) know it exists; everyone else gets 404.  Experts and staff admins run the
methodology (consultations, tailoring, approval); leaders fill in the workspaces; only
staff admins assign people, launch communities and see insights across programmes.
"""

from django.db.models import Q
from django.http import Http404

from communities.permissions import can_post_in_community, can_view_community, is_staff
from training.models import CharterStatus, DesignProgramme, ProgrammeStage


def _ids(user, relation):
    cache_attr = f"_training_{relation}_ids"
    if not hasattr(user, cache_attr):
        setattr(user, cache_attr, set(getattr(user, relation).values_list("pk", flat=True)))
    return getattr(user, cache_attr)


def forget(user) -> None:
    for relation in ("led_programmes", "assisted_programmes"):
        if hasattr(user, f"_training_{relation}_ids"):
            delattr(user, f"_training_{relation}_ids")


def is_leader(user, programme) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return programme.pk in _ids(user, "led_programmes")


def is_expert(user, programme) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return programme.pk in _ids(user, "assisted_programmes")


def can_view_programme(user, programme) -> bool:
    return is_staff(user) or is_leader(user, programme) or is_expert(user, programme)


def check_can_view_programme(user, programme) -> None:
    """Raise Http404: a programme's existence is private."""
    if not can_view_programme(user, programme):
        raise Http404


def programmes_visible_to(user, qs=None):
    qs = DesignProgramme.objects.all() if qs is None else qs
    if is_staff(user):
        return qs
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    return qs.filter(Q(leaders=user) | Q(experts=user)).distinct()


def can_manage_programme(user, programme) -> bool:
    """Consultations, tailoring, sessions, attendance, charter review, advice: experts and staff admins."""
    return is_staff(user) or is_expert(user, programme)


def can_edit_programme(user, programme) -> bool:
    """Fill in the intake, the workspaces, the charter draft and milestones."""
    return programme.stage != ProgrammeStage.CLOSED and can_view_programme(user, programme)


def can_assign_programme_people(user, programme=None) -> bool:
    return is_staff(user)


def can_launch_programme(user, programme) -> bool:
    if not is_staff(user) or programme.community_id is not None:
        return False
    latest = programme.charter_versions.order_by("-number").first()
    return latest is not None and latest.status == CharterStatus.APPROVED


def can_submit_charter(user, programme) -> bool:
    return programme.community_id is None and (is_leader(user, programme) or can_manage_programme(user, programme))


def can_review_charter(user, programme) -> bool:
    return can_manage_programme(user, programme)


def can_curate_cases(user) -> bool:
    return is_staff(user)


def can_view_insights(user) -> bool:
    return is_staff(user)


def can_create_session(user, programme=None) -> bool:
    return is_staff(user) if programme is None else can_manage_programme(user, programme)


def can_view_launched_plan(user, programme) -> bool:
    """A launched community's activity plan and value stories: whoever reads the community."""
    return programme.community is not None and (
        can_view_community(user, programme.community) or can_view_programme(user, programme)
    )


def can_submit_value_story(user, programme) -> bool:
    if programme.community is None or user is None or not user.is_authenticated:
        return False
    return can_post_in_community(user, programme.community) or is_leader(user, programme)


def can_propose_community(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active
