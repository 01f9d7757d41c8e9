"""Writing email into the outbox: the one way any app sends mail.

``email_queue`` renders subject and body in the recipient's language with the hub's branded
layout, writes the row inside the caller's transaction and hands it to Celery after commit.
A broker or mail server outage loses nothing: the row waits, is retried with backoff and is
swept (``outbox.tasks``).  Links inside a mail are made with :func:`link` / :func:`link_to`
so they are built at render time, under the recipient's language prefix, from ``SITE_URL``.

Notification mails carry a one-click unsubscribe for their scope; what a scope means is the
notifications app's business (it registers the link builder, see :func:`unsubscribe_links`).
Transactional mails (an invitation, a suspension notice, the contact form) have none.
"""

import logging
import re

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import lazy

from hub import i18n
from hub.effects import on_commit, task_on_commit
from hub.emails import html_from_text, layout_context
from outbox.models import EmailDelivery
from outbox.tasks import email_delivery_send_batch_task, email_delivery_send_task

logger = logging.getLogger("outbox")

_unsubscribe_link = None
_LINE_BREAKS = re.compile(r"[\r\n\t]+")


def absolute(url: str) -> str:
    """``url`` on the public site (``SITE_URL``), unless it is already absolute."""
    url = str(url)
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + url


def _lazy(fn):
    return lazy(fn, str)()


def link(viewname: str, /, **kwargs):
    """An absolute link to a hub page, reversed when the mail is rendered (so under the
    recipient's language prefix): ``link("communities:invitation", token=token)``."""
    return _lazy(lambda: absolute(reverse(viewname, kwargs=kwargs or None)))


def link_to(obj):
    """The absolute link of ``obj.get_absolute_url()``, made when the mail is rendered."""
    return _lazy(lambda: absolute(obj.get_absolute_url()))


def unsubscribe_links(builder) -> None:
    """Register ``builder(user_id, scope) -> url`` (the notifications app does, in ``ready``)."""
    global _unsubscribe_link
    _unsubscribe_link = builder


def _render_html(template: str, context: dict, body_text: str, subject: str) -> str:
    try:
        html = get_template(f"{template}.html")
    except TemplateDoesNotExist:
        return html_from_text(body_text, subject=subject)
    return html.render(context)


def delivery_create(
    *,
    to_user=None,
    to_email: str = "",
    kind: str,
    subject,
    template: str,
    context: dict | None = None,
    unsubscribe_scope: str | None = None,
    source: str = "",
    reply_to: str = "",
    language: str | None = None,
) -> EmailDelivery | None:
    """Render one email into the outbox inside the caller's transaction, without queueing it
    (``email_queue`` queues it too; batch senders queue many with ``enqueue_delivery_batch``).

    ``to_user`` is written to in their language, at their address unless ``to_email`` names
    another; someone without an account (``to_email`` alone) in ``language``, else the active
    one.  ``subject`` may be lazy or ``hub.i18n.deferred``; it is
    turned into text in that language.  ``template`` is a base name: ``<template>.txt`` is the
    body, ``<template>.html`` its HTML when there is one, else the text in the branded layout."""
    to_email = (to_email or "").strip()
    address = to_email or (to_user.email if to_user is not None else "")
    if not address:
        logger.warning("No address for a %s email (%s); not written", kind, source or "no source")
        return None
    if to_user is not None:
        language = i18n.member_language(to_user)
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        subject_text = _LINE_BREAKS.sub(" ", str(subject)).strip()[:200]  # one header line, whatever came in
        unsubscribe = ""
        if unsubscribe_scope and to_user is not None:
            if _unsubscribe_link is None:
                logger.error("No unsubscribe link builder registered; %s email sent without one", kind)
            else:
                unsubscribe = _unsubscribe_link(to_user.pk, unsubscribe_scope)
        full_context = {
            **layout_context(subject=subject_text),
            "user": to_user,
            "unsubscribe_url": unsubscribe,
            **(context or {}),
        }
        body_text = render_to_string(f"{template}.txt", full_context)
        body_html = _render_html(template, full_context, body_text, subject_text)
    return EmailDelivery.objects.create(
        recipient=to_user,
        to_email=to_email,
        reply_to=reply_to,
        kind=kind[:20],
        source=source[:80],
        subject=subject_text,
        body_text=body_text,
        body_html=body_html,
        unsubscribe_url=unsubscribe,
    )


def email_queue(**kwargs) -> EmailDelivery | None:
    """Render one email into the outbox (see :func:`delivery_create` for the arguments) and
    send it after the caller's transaction commits."""
    delivery = delivery_create(**kwargs)
    if delivery is not None:
        enqueue_delivery(delivery.pk)
    return delivery


def enqueue_delivery(delivery_id: int) -> None:
    """After commit, hand the email to Celery; a broker outage is logged and the sweep retries."""
    task_on_commit(email_delivery_send_task, delivery_id)


def enqueue_delivery_batch(delivery_ids, *, chunk=100) -> None:
    """After commit, queue many outbox rows as a few batch tasks (one mail connection each)."""
    ids = list(delivery_ids)
    for start in range(0, len(ids), chunk):
        on_commit(email_delivery_send_batch_task.delay, ids[start : start + chunk])
