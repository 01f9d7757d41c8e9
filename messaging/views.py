"""Private messaging pages: inbox, conversation, new conversation, blocks, reports (staff)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from discussions.models import Post
from discussions.permissions import can_view_post
from hub.responses import REJECTED, render_form, render_rejected
from markup.links import url_of
from messaging import permissions as mp
from messaging import selectors, services
from messaging.forms import AddParticipantsForm, ConversationForm, MessageForm, ReportForm, ResolveForm
from messaging.models import Message, MessageAttachment, MessageReport
from uploads import file_response

PER_PAGE = 25


def _zone(user):
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(user.timezone or "UTC")
    except Exception:
        return zoneinfo.ZoneInfo("UTC")


def _render(request, template, context, status=200):
    with timezone.override(_zone(request.user)):
        return render(request, template, context, status=status)


def _error_text(exc):
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("That is not allowed.")


def _rate_limited(request, form, exc, template, context):
    form.add_error(
        None, _("You are sending messages too quickly. Try again in %(s)d seconds.") % {"s": exc.retry_after}
    )
    response = _render(request, template, context, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def unread_badge(request):
    """The nav badge, fetched after the page loads so that no page pays for it in its own queries."""
    unread = services.unread_conversation_count(request.user.pk) if request.user.is_authenticated else 0
    response = render(request, "messaging/_unread_badge.html", {"unread": unread})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def inbox(request):
    page = Paginator(selectors.conversation_list(user=request.user), PER_PAGE).get_page(
        (request.GET.get("page") or "1").replace("\x00", "")[:10]
    )
    return _render(request, "messaging/conversation_list.html", {"page_obj": page})


def _source_post(request):
    raw = (request.GET.get("post") or request.POST.get("post") or "").strip()[:12]
    if not raw.isdigit():
        return None

    post = Post.objects.select_related("thread__community", "author").filter(pk=int(raw)).first()
    return post if post is not None and can_view_post(request.user, post) else None


@login_required
def conversation_new(request):
    post = _source_post(request)
    initial = {}
    to = (request.GET.get("to") or "").replace("\x00", "")[:150]
    if to:
        initial["recipients"] = "@" + to.lstrip("@")
    if post is not None:
        initial["subject"] = _("About: %(t)s") % {"t": post.thread.title[:150]}
        if post.author and not initial.get("recipients"):
            initial["recipients"] = "@" + post.author.username
    form = ConversationForm(request.POST or None, request.FILES or None, initial=initial)
    context = {"form": form, "post": post}
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        if post is not None:
            link = url_of(post)
            if link and link not in body:
                body = _("Regarding [this post](%(url)s):") % {"url": link} + "\n\n" + body
        try:
            conversation = services.conversation_start(
                sender=request.user,
                recipients=form.cleaned_data["recipients"],
                subject=form.cleaned_data["subject"],
                body=body,
                attachments=form.cleaned_data["attachments"],
                source_post=post,
            )
        except services.RateLimited as exc:
            return _rate_limited(request, form, exc, "messaging/conversation_new.html", context)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc))
        else:
            return redirect(conversation)
    return render_form(request, "messaging/conversation_new.html", context, form, renderer=_render)


def _detail_context(request, pk, form=None, add_form=None):
    conversation, participants, message_list = selectors.conversation_get(pk=pk, user=request.user)
    return {
        "conversation": conversation,
        "participants": [p for p in participants if p.left_at is None],
        "messages_list": message_list,
        "form": form or MessageForm(),
        "add_form": add_form or AddParticipantsForm(),
        "can_send": mp.can_send_in_conversation(request.user, conversation),
        "blocked_ids": set(selectors.blocks_of(user=request.user).values_list("blocked_id", flat=True)),
    }


@login_required
def conversation_detail(request, pk):
    context = _detail_context(request, pk)
    services.conversation_mark_read(user=request.user, conversation=context["conversation"])
    return _render(request, "messaging/conversation_detail.html", context)


@login_required
@require_POST
def message_send(request, pk):
    conversation, _participants, _messages = selectors.conversation_get(pk=pk, user=request.user)
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            message = services.message_send(
                sender=request.user,
                conversation=conversation,
                body=form.cleaned_data["body"],
                attachments=form.cleaned_data["attachments"],
            )
        except services.RateLimited as exc:
            if request.htmx:
                text = _("You are sending messages too quickly. Try again in %(s)d seconds.") % {"s": exc.retry_after}
                return _htmx_error(text)
            context = _detail_context(request, pk, form)
            return _rate_limited(request, form, exc, "messaging/conversation_detail.html", context)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc))
        else:
            if request.htmx:
                message = Message.objects.select_related("author").prefetch_related("attachments").get(pk=message.pk)
                return _render(request, "messaging/_message.html", {"message": message})
            return redirect(conversation.get_absolute_url() + f"#m{message.pk}")
    if request.htmx:
        return _htmx_error(" ".join(e for errors in form.errors.values() for e in errors))
    return _render(request, "messaging/conversation_detail.html", _detail_context(request, pk, form), status=400)


def _htmx_error(text):
    """Show the error above the reply box instead of appending to the message list."""
    from django.utils.html import format_html

    response = HttpResponse(format_html('<div class="alert alert-danger" role="alert">{}</div>', text), status=REJECTED)
    response["HX-Retarget"] = "#reply-errors"
    response["HX-Reswap"] = "innerHTML"
    return response


@login_required
@require_POST
def conversation_read(request, pk):
    conversation, _participants, _messages = selectors.conversation_get(pk=pk, user=request.user)
    services.conversation_mark_read(user=request.user, conversation=conversation)
    return HttpResponse(status=204)


@login_required
@require_POST
def conversation_leave(request, pk):
    conversation, _participants, _messages = selectors.conversation_get(pk=pk, user=request.user)
    services.conversation_leave(user=request.user, conversation=conversation)
    messages.success(request, _("You left the conversation."))
    return redirect("messaging:inbox")


@login_required
@require_POST
def participants_add(request, pk):
    conversation, _participants, _messages = selectors.conversation_get(pk=pk, user=request.user)
    form = AddParticipantsForm(request.POST)
    if form.is_valid():
        try:
            added = services.participants_add(
                actor=request.user, conversation=conversation, users=form.cleaned_data["recipients"]
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error("recipients", _error_text(exc))
        else:
            messages.success(request, _("%(n)d people added.") % {"n": len(added)})
            return redirect(conversation)
    messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    context = _detail_context(request, pk, add_form=form)
    return render_rejected(request, "messaging/conversation_detail.html", context, renderer=_render)


@login_required
def attachment_download(request, pk, attachment_id):
    attachment = get_object_or_404(
        MessageAttachment.objects.select_related("message__conversation"),
        pk=attachment_id,
        message__conversation_id=pk,
    )
    if not mp.can_view_conversation(request.user, attachment.message.conversation):
        raise Http404
    return file_response(
        attachment.file,
        inline=attachment.is_image,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@login_required
def message_report(request, message_id):
    message = get_object_or_404(Message.objects.select_related("conversation", "author"), pk=message_id)
    if not mp.can_view_conversation(request.user, message.conversation):
        raise Http404
    if not mp.can_report_message(request.user, message):
        raise PermissionDenied
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.message_report(reporter=request.user, message=message, reason=form.cleaned_data["reason"])
        messages.success(request, _("Thank you. The staff will look at this message."))
        return redirect(message.conversation)
    return render_form(
        request, "messaging/message_report.html", {"form": form, "message": message}, form, renderer=_render
    )


@login_required
def blocks(request):
    return _render(request, "messaging/block_list.html", {"blocks": selectors.blocks_of(user=request.user)})


@login_required
@require_POST
def block(request, username):
    target = get_object_or_404(get_user_model(), username=username[:150])
    try:
        services.block_create(blocker=request.user, blocked=target)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        context = {"blocks": selectors.blocks_of(user=request.user)}
        return render_rejected(request, "messaging/block_list.html", context, renderer=_render)
    messages.success(request, _("%(name)s can no longer message you.") % {"name": target.name})
    return redirect("messaging:blocks")


@login_required
@require_POST
def unblock(request, username):
    target = get_object_or_404(get_user_model(), username=username[:150])
    services.block_remove(blocker=request.user, blocked=target)
    messages.success(request, _("%(name)s can message you again.") % {"name": target.name})
    return redirect("messaging:blocks")


@login_required
def reports(request):
    if not mp.can_review_reports(request.user):
        raise PermissionDenied
    resolved = request.GET.get("resolved") == "1"
    return _render(
        request,
        "messaging/report_list.html",
        {"reports": selectors.report_list(resolved=resolved)[:200], "resolved": resolved},
    )


@login_required
@require_POST
def report_resolve(request, report_id):
    if not mp.can_review_reports(request.user):
        raise PermissionDenied
    report = get_object_or_404(MessageReport, pk=report_id)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        context = {"reports": selectors.report_list(resolved=False)[:200], "resolved": False}
        return render_rejected(request, "messaging/report_list.html", context, renderer=_render)
    resolution = form.cleaned_data["resolution"]
    services.report_resolve(actor=request.user, report=report, resolution=resolution)
    messages.success(request, _("Report closed."))
    return redirect("messaging:reports")
