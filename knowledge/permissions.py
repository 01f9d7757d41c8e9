"""Who may read and curate the knowledge base.  The only place these rules live.

Tools and published references/case studies are public.  A case study that is not
published is seen by its author and staff only (outsiders get 404, never 403).
"""

from django.db.models import Q
from django.http import Http404

from communities import permissions as cp
from knowledge.models import CaseStatus, CaseStudy, Reference, ReferenceStatus


def can_curate_knowledge(user) -> bool:
    """Staff curate: review case studies, write references and tools."""
    return cp.is_staff(user)


def can_view_case_study(user, case_study) -> bool:
    if case_study.status == CaseStatus.PUBLISHED:
        return True
    if can_curate_knowledge(user):
        return True
    return bool(user is not None and user.is_authenticated and case_study.author_id == user.pk)


def check_can_view_case_study(user, case_study) -> None:
    if not can_view_case_study(user, case_study):
        raise Http404


def case_studies_visible_to(user, qs=None):
    """The queryset twin of can_view_case_study."""
    qs = CaseStudy.objects.all() if qs is None else qs
    if can_curate_knowledge(user):
        return qs
    if user is None or not user.is_authenticated:
        return qs.filter(status=CaseStatus.PUBLISHED)
    return qs.filter(Q(status=CaseStatus.PUBLISHED) | Q(author=user))


def can_create_case_study(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_edit_case_study(user, case_study) -> bool:
    """Authors edit their drafts; staff edit anything that is not declined."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if can_curate_knowledge(user):
        return case_study.status != CaseStatus.DECLINED
    return case_study.author_id == user.pk and case_study.status == CaseStatus.DRAFT


def can_submit_case_study(user, case_study) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and case_study.author_id == user.pk
        and case_study.status == CaseStatus.DRAFT
    )


def can_view_reference(user, reference) -> bool:
    """Published references: anyone; drafts (promoted discussions): staff and whoever promoted it."""
    if reference.status == ReferenceStatus.PUBLISHED or can_curate_knowledge(user):
        return True
    return bool(user is not None and user.is_authenticated and reference.created_by_id == user.pk)


def check_can_view_reference(user, reference) -> None:
    if not can_view_reference(user, reference):
        raise Http404


def references_visible_to(user, qs=None):
    qs = Reference.objects.all() if qs is None else qs
    if can_curate_knowledge(user):
        return qs
    if user is None or not user.is_authenticated:
        return qs.filter(status=ReferenceStatus.PUBLISHED)
    return qs.filter(Q(status=ReferenceStatus.PUBLISHED) | Q(created_by=user))


def can_promote_thread(user, thread) -> bool:
    """Moderators of the thread's community (and staff) turn a discussion into a knowledge draft."""
    from discussions.permissions import can_view_thread

    return (
        user is not None
        and user.is_authenticated
        and can_view_thread(user, thread)
        and cp.can_moderate_community(user, thread.community)
    )
