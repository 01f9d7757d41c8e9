from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.models import User
from communities.models import DigestFrequency, Membership
from notifications import selectors, services
from notifications.emails import read_unsubscribe_token
from notifications.forms import PreferencesForm
from notifications.models import Channel, NotificationKind


@login_required
def notification_list(request):
    page, groups = selectors.notification_page_for(viewer=request.user, page_number=request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page_obj": page, "groups": groups})


@login_required
def notification_open(request, notification_id):
    """Mark one notification read and go to the exact place it is about."""
    notification = services.notification_mark_read(user=request.user, notification_id=notification_id)
    if notification is None:
        raise Http404
    target = notification.url or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


@login_required
@require_POST
def notification_read_all(request):
    count = services.notification_mark_all_read(user=request.user)
    if request.htmx:
        return render(request, "notifications/_read_all_done.html", {"count": count})
    messages.success(request, _("All notifications marked as read."))
    return redirect("notifications:list")


@login_required
def preferences(request):
    memberships = selectors.digest_memberships_for(viewer=request.user)
    form = PreferencesForm(
        request.POST or None, preferences=services.preferences_for(request.user), memberships=memberships
    )
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                for kind in NotificationKind.values:
                    services.preference_set(user=request.user, kind=kind, channel=form.cleaned_data[f"kind_{kind}"])
                for membership in form.memberships:
                    value = form.cleaned_data[f"digest_{membership.community_id}"]
                    if value != membership.digest_frequency:
                        membership.digest_frequency = value
                        membership.save(update_fields=["digest_frequency"])
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:preferences")
        return render(request, "notifications/preferences.html", {"form": form}, status=400)
    return render(request, "notifications/preferences.html", {"form": form})


def _apply_unsubscribe(user, scope):
    kind, _sep, value = scope.partition(":")
    if kind == "kind" and value in NotificationKind.values:
        services.preference_set(user=user, kind=value, channel=Channel.IN_APP)
        return NotificationKind(value).label
    if kind == "community":
        Membership.objects.filter(user=user, community_id=value).update(digest_frequency=DigestFrequency.OFF)
        return _("digests of this community")
    if kind == "digest":
        Membership.objects.filter(user=user).update(digest_frequency=DigestFrequency.OFF)
        return _("all digests")
    raise signing.BadSignature("unknown scope")


@csrf_exempt  # RFC 8058 one-click POSTs come from mail clients, authenticated by the signed token.
def unsubscribe(request, token):
    """Unsubscribe without logging in: GET confirms, POST (or one-click) applies."""
    try:
        user_id, scope = read_unsubscribe_token(token)
        user = User.objects.get(pk=user_id)
    except (signing.BadSignature, User.DoesNotExist, ValueError, KeyError):
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        try:
            label = _apply_unsubscribe(user, scope)
        except signing.BadSignature:
            return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
        return render(request, "notifications/unsubscribe.html", {"done": True, "label": label})
    return render(request, "notifications/unsubscribe.html", {"token": token, "scope": scope})
