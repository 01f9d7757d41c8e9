"""Pages outside a programme: start a community, good cases, a launched community's plan and stories,
and open training sessions for moderators."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from communities.models import Community
from training import permissions as perms
from training import services
from training.catalogue import ValueCycle
from training.forms import GoodCaseForm, ProposalForm, SessionForm, ValueStoryForm
from training.models import DesignProgramme, GoodCase
from training.selectors import sessions_upcoming_for
from training.views._helpers import (
    apply_errors,
    form_data,
    keep_form_and_login,
    login_keeping_form,
    render_form,
    restore_kept_form,
)


def propose(request):
    """Start a community: anyone reads the call; proposing needs an account (the form survives login)."""
    if request.method == "POST" and not request.user.is_authenticated:
        return keep_form_and_login(request)
    restore_kept_form(request)
    data = form_data(request)
    form = ProposalForm(data, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_propose(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Thank you! Your proposal is in; follow its progress here."))
            return redirect(programme)
    mine = []
    if request.user.is_authenticated:
        mine = DesignProgramme.objects.filter(proposer=request.user).order_by("-created_at")[:10]
    return render_form(request, "training/programme_propose.html", {"form": form, "mine": mine}, form)


def case_list(request):
    cases = (
        GoodCase.objects.all() if perms.can_curate_cases(request.user) else GoodCase.objects.filter(is_published=True)
    )
    return render(
        request, "training/case_list.html", {"cases": cases, "can_curate": perms.can_curate_cases(request.user)}
    )


def case_detail(request, slug):
    case = get_object_or_404(GoodCase, slug=slug)
    if not case.is_published and not perms.can_curate_cases(request.user):
        raise Http404
    return render(
        request, "training/case_detail.html", {"case": case, "can_curate": perms.can_curate_cases(request.user)}
    )


@login_keeping_form
def case_form(request, slug=None):
    if not perms.can_curate_cases(request.user):
        raise PermissionDenied
    case = get_object_or_404(GoodCase, slug=slug) if slug else None
    form = GoodCaseForm(form_data(request), instance=case)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_save(actor=request.user, data=form.cleaned_data, case=case)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Case saved."))
            return redirect(case)
    return render_form(request, "training/case_form.html", {"form": form, "case": case}, form)


def _launched_programme(request, slug):
    community = get_object_or_404(Community, slug=slug)
    programme = DesignProgramme.objects.filter(community=community).select_related("community").first()
    if programme is None or not perms.can_view_launched_plan(request.user, programme):
        raise Http404
    return community, programme


def community_plan(request, slug):
    """A launched community's activity plan (linked from the community)."""
    community, programme = _launched_programme(request, slug)
    version = programme.charter_versions.filter(status="approved").order_by("-number").first()
    context = {"community": community, "programme": programme, "activities": programme.activities.all(),
               "version": version}  # fmt: skip
    return render(request, "training/community_plan.html", context)


def value_stories(request, slug):
    """Members tell how the community created value, tagged by cycle."""
    community, programme = _launched_programme(request, slug)
    can_submit = perms.can_submit_value_story(request.user, programme)
    form = ValueStoryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_submit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.value_story_create(actor=request.user, programme=programme, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Thank you for your story."))
                return redirect("training:value-stories", slug=community.slug)
    stories = programme.value_stories.select_related("author")
    cycle = request.GET.get("cycle", "")
    if cycle in ValueCycle.values:
        stories = stories.filter(cycle=cycle)
    context = {"community": community, "programme": programme, "stories": stories[:100], "form": form,
               "can_submit": can_submit, "cycles": ValueCycle.choices, "cycle": cycle}  # fmt: skip
    return render_form(request, "training/value_stories.html", context, form)


@login_keeping_form
def sessions(request):
    """Upcoming training sessions for the viewer; staff admins schedule open sessions for moderators."""
    can_create = perms.can_create_session(request.user, None)
    form = SessionForm(form_data(request) if can_create else None)
    if request.method == "POST":
        if not can_create:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.session_create(actor=request.user, programme=None, data=form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Session scheduled; moderators and leaders were invited."))
                return redirect("training:sessions")
    context = {"sessions": sessions_upcoming_for(request.user, limit=50), "form": form, "can_create": can_create}
    return render_form(request, "training/session_list.html", context, form)
