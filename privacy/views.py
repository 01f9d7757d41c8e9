from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import ratelimits
from privacy import permissions as perms
from privacy import selectors
from privacy.forms import DeleteAccountForm, StaffDeleteAccountForm, user_for_staff
from privacy.services import deletion
from privacy.services import export as export_services

EXPORT_RATE = "5/d"  # a ZIP of everything is heavy to build


@login_required
def data(request):
    """Your data: export it, or delete your account."""
    exports = selectors.export_list_for_user(user=request.user)
    return render(
        request,
        "privacy/data.html",
        {"exports": exports, "in_progress": any(e.in_progress for e in exports), "days": export_services.EXPORT_DAYS},
    )


@login_required
@require_POST
def export_request(request):
    if not perms.can_export_data(request.user):
        raise PermissionDenied
    if not ratelimits.hit("privacy-export", str(request.user.pk), EXPORT_RATE):
        messages.error(request, _("You have asked for several exports today. Please try again tomorrow."))
        exports = selectors.export_list_for_user(user=request.user)
        context = {"exports": exports, "in_progress": False, "days": export_services.EXPORT_DAYS}
        return render(request, "privacy/data.html", context, status=429)
    try:
        export_services.export_request(user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        exports = selectors.export_list_for_user(user=request.user)
        context = {"exports": exports, "in_progress": True, "days": export_services.EXPORT_DAYS}
        return render(request, "privacy/data.html", context, status=409)
    messages.success(request, _("Your export is being prepared. We will email you a download link when it is ready."))
    return redirect("privacy:data")


def _link_problem(request, reason, status):
    return render(request, "privacy/export_link_invalid.html", {"reason": reason}, status=status)


@login_required
def export_download(request, token):
    try:
        export_id, owner_id = export_services.export_from_token(token)
    except export_services.ExportLinkError as exc:
        return _link_problem(request, exc.reason, 410 if exc.reason == "expired" else 400)
    if owner_id != request.user.pk:
        raise Http404
    export = selectors.export_get(pk=export_id)
    perms.check_can_download_export(request.user, export)
    if not export.is_downloadable():
        return _link_problem(request, "expired", 410)
    try:
        handle = export.file.open("rb")
    except OSError:
        return _link_problem(request, "expired", 410)
    filename = f"action-hub-data-{export.created_at:%Y-%m-%d}.zip"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/zip")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def delete_account(request):
    user = request.user
    blocking = deletion.communities_needing_handover(user)
    status = 200
    if request.method == "POST":
        form = DeleteAccountForm(request.POST, user=user)
        if blocking:
            status = 409
        elif form.is_valid():
            try:
                deletion.account_delete(actor=user, user=user, posts=form.cleaned_data["posts"])
            except deletion.OwnershipError as exc:
                blocking = exc.communities
                status = 409
            else:
                logout(request)
                return redirect("privacy:deleted")
        else:
            status = 400
    else:
        form = DeleteAccountForm(user=user)
    context = {
        "form": form,
        "blocking": blocking,
        "handover": deletion.handover_message(blocking) if blocking else "",
    }
    return render(request, "privacy/delete_account.html", context, status=status)


def deleted(request):
    return render(request, "privacy/deleted.html")


@login_required
def staff_delete(request, user_id):
    """Staff: erase an account on its owner's request (with an audit entry)."""
    if not request.user.is_staff:
        raise PermissionDenied
    target = user_for_staff(user_id)
    if target is None:
        raise Http404
    if not perms.can_erase_account(request.user, target):
        raise PermissionDenied
    blocking = deletion.communities_needing_handover(target)
    status = 200
    if request.method == "POST":
        form = StaffDeleteAccountForm(request.POST)
        if blocking:
            status = 409
        elif form.is_valid():
            try:
                record = deletion.account_delete(
                    actor=request.user,
                    user=target,
                    posts=form.cleaned_data["posts"],
                    reason=form.cleaned_data["reason"],
                )
            except deletion.OwnershipError as exc:
                blocking, status = exc.communities, 409
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 400
            else:
                messages.success(
                    request,
                    _("Account #%(id)s was deleted. Audit entry %(entry)s.") % {"id": user_id, "entry": record.pk},
                )
                return redirect("admin:privacy_accountdeletion_changelist")
        else:
            status = 400
    else:
        form = StaffDeleteAccountForm()
    context = {"form": form, "target": target, "blocking": blocking}
    return render(request, "privacy/staff_delete.html", context, status=status)
