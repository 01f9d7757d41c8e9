"""Step 3: the follow-up plan (milestones, staff advice) and the staff insights page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from training import permissions as perms
from training import services
from training.forms import CommentForm, MilestoneForm
from training.models import Milestone
from training.selectors import insights as insights_rows
from training.selectors import programme_get
from training.views._helpers import apply_errors, form_data, kept_form_data, login_keeping_form, render_form
from training.views.programmes import programme_context


def _followup_context(request, programme, form=None, comment_form=None):
    milestones = list(programme.milestones.select_related("owner"))
    done = sum(m.is_done for m in milestones)
    return programme_context(
        request,
        programme,
        milestones=milestones,
        today=timezone.localdate(),
        progress=round(100 * done / len(milestones)) if milestones else 0,
        form=form or MilestoneForm(programme=programme),
        comment_form=comment_form or CommentForm(programme=programme),
        comments=programme.comments.filter(charter_version=None).select_related("author", "milestone"),
    )


@login_keeping_form
def followup(request, pk):
    """The milestones and comments; POST adds a milestone."""
    programme = programme_get(pk=pk, viewer=request.user)
    data = request.POST if request.method == "POST" else kept_form_data(request, None)
    form = MilestoneForm(data, programme=programme)
    if request.method == "POST":
        if not perms.can_edit_programme(request.user, programme):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.milestone_save(actor=request.user, programme=programme, data=form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Milestone added."))
                return redirect("training:followup", pk=programme.pk)
    kept_comment = kept_form_data(request, "comment")
    comment_form = CommentForm(kept_comment, programme=programme) if kept_comment else None
    context = _followup_context(request, programme, form, comment_form)
    return render_form(request, "training/programme_followup.html", context, form)


@login_keeping_form
def milestone_edit(request, pk, milestone_id):
    programme = programme_get(pk=pk, viewer=request.user)
    milestone = get_object_or_404(Milestone, pk=milestone_id, programme=programme)
    if not perms.can_edit_programme(request.user, programme):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("delete"):
        services.milestone_delete(actor=request.user, milestone=milestone)
        messages.success(request, _("Milestone deleted."))
        return redirect("training:followup", pk=programme.pk)
    form = MilestoneForm(form_data(request), instance=milestone, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_save(
                actor=request.user, programme=programme, data=form.cleaned_data, milestone=milestone
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Milestone saved."))
            return redirect("training:followup", pk=programme.pk)
    context = programme_context(request, programme, form=form, milestone=milestone)
    return render_form(request, "training/milestone_form.html", context, form)


@require_POST
@login_keeping_form(back=lambda request, pk: reverse("training:followup", kwargs={"pk": pk}), form_key="comment")
def comment_add(request, pk):
    programme = programme_get(pk=pk, viewer=request.user)
    form = CommentForm(request.POST, programme=programme)
    if form.is_valid():
        milestone = form.cleaned_data.get("milestone")
        try:
            services.comment_create(
                actor=request.user, programme=programme, body=form.cleaned_data["body"], milestone=milestone
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Comment posted."))
            return redirect("training:followup", pk=programme.pk)
    context = _followup_context(request, programme, comment_form=form)
    return render(request, "training/programme_followup.html", context, status=400)


@login_keeping_form
def insights(request):
    if not perms.can_view_insights(request.user):
        raise PermissionDenied
    rows = insights_rows(viewer=request.user)
    return render(request, "training/programme_insights.html", {"rows": rows})
