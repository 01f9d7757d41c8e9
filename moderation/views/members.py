"""Member tools in a community, and hub-wide suspension by staff."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from communities import permissions as cp
from communities.models import Community, Membership
from moderation import permissions as mp
from moderation import services
from moderation.forms import OptionalReasonForm, ReasonForm, RemoveForm, RoleForm, SuspendForm
from moderation.models import AuditEntry, PlatformSuspension
from moderation.views.common import add_service_error, bad_request, done, error_messages, form_error_response


def _context(request, community, target, forms=None):
    forms = forms or {}
    membership = Membership.objects.filter(community=community, user=target).first()
    return {
        "community": community,
        "target": target,
        "membership": membership,
        "can_act": cp.can_act_on_member(request.user, community, target),
        "can_change_roles": cp.can_change_roles(request.user, community),
        "is_staff": cp.is_staff(request.user),
        "history": AuditEntry.objects.filter(target_user=target, community=community).order_by("-created_at")[:30],
        "warn_form": forms.get("warn") or ReasonForm(prefix="warn"),
        "suspend_form": forms.get("suspend") or SuspendForm(prefix="suspend"),
        "unsuspend_form": forms.get("unsuspend") or OptionalReasonForm(prefix="unsuspend"),
        "remove_form": forms.get("remove") or RemoveForm(prefix="remove"),
        "role_form": forms.get("role")
        or RoleForm(prefix="role", initial={"role": membership.role if membership else "member"}),
    }


def _target(username):
    return get_object_or_404(get_user_model(), username=username)


@login_required
def member_tools(request, slug, username):
    community = get_object_or_404(Community, slug=slug)
    mp.check_can_moderate_community(request.user, community)
    target = _target(username)
    return render(request, "moderation/member_tools.html", _context(request, community, target))


MEMBER_ACTIONS = {
    "warn": (ReasonForm, lambda u, c, t, d: services.member_warn(actor=u, community=c, user=t, reason=d["reason"])),
    "suspend": (
        SuspendForm,
        lambda u, c, t, d: services.member_suspend(
            actor=u, community=c, user=t, duration=d["duration"], reason=d["reason"]
        ),
    ),
    "unsuspend": (
        OptionalReasonForm,
        lambda u, c, t, d: services.member_unsuspend(actor=u, community=c, user=t, reason=d["reason"]),
    ),
    "remove": (
        RemoveForm,
        lambda u, c, t, d: services.member_remove(actor=u, community=c, user=t, reason=d["reason"], ban=d["ban"]),
    ),
    "role": (
        RoleForm,
        lambda u, c, t, d: services.member_set_role(actor=u, community=c, user=t, role=d["role"], reason=d["reason"]),
    ),
}
MEMBER_DONE = {
    "warn": gettext_lazy("Warning sent."),
    "suspend": gettext_lazy("Member suspended. They can still read, but not post, react or flag."),
    "unsuspend": gettext_lazy("Suspension lifted."),
    "remove": gettext_lazy("Member removed."),
    "role": gettext_lazy("Role changed."),
}


@login_required
@require_POST
def member_action(request, slug, username, action):
    if action not in MEMBER_ACTIONS:
        raise Http404
    community = get_object_or_404(Community, slug=slug)
    mp.check_can_moderate_community(request.user, community)
    target = _target(username)
    if action == "role" and not cp.can_change_roles(request.user, community):
        raise PermissionDenied
    mp.check_can_act_on_member(request.user, community, target)
    form_class, call = MEMBER_ACTIONS[action]
    prefix = action if any(k.startswith(f"{action}-") for k in request.POST) else None
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            call(request.user, community, target, form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            return done(request, str(MEMBER_DONE[action]), reverse("moderation:member-tools", args=[slug, username]))
    context = _context(request, community, target, {action: form})
    context["form"] = form
    return form_error_response(request, "moderation/member_tools.html", context)


@login_required
def platform_suspend(request, username):
    """Staff: suspend someone from the whole hub (GET shows the form and their history)."""
    if not cp.is_staff(request.user):
        raise PermissionDenied
    target = _target(username)
    form = SuspendForm(request.POST or None)
    context = {
        "target": target,
        "form": form,
        "allowed": mp.can_suspend_platform_wide(request.user, target),
        "suspensions": PlatformSuspension.objects.filter(user=target).select_related("actor", "lifted_by"),
        "lift_form": OptionalReasonForm(),
    }
    if request.method == "POST":
        if not context["allowed"]:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.platform_suspend(
                    actor=request.user,
                    user=target,
                    duration=form.cleaned_data["duration"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                return done(
                    request,
                    _("%(u)s is suspended from the hub and has been logged out.") % {"u": target},
                    reverse("moderation:platform-suspend", args=[target.username]),
                )
        return form_error_response(request, "moderation/platform_suspend.html", context)
    return render(request, "moderation/platform_suspend.html", context)


@login_required
@require_POST
def platform_unsuspend(request, suspension_id):
    if not cp.is_staff(request.user):
        raise PermissionDenied
    suspension = get_object_or_404(PlatformSuspension.objects.select_related("user"), pk=suspension_id)
    form = OptionalReasonForm(request.POST)
    fallback = reverse("moderation:platform-suspend", args=[suspension.user.username])
    if form.is_valid():
        try:
            services.platform_unsuspend(actor=request.user, suspension=suspension, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            return bad_request(request, " ".join(error_messages(exc)), fallback)
        return done(request, _("Suspension lifted; they can log in again."), fallback)

    return bad_request(request, _("Please check the reason."), fallback)
