"""Copying remote images and pointing saved HTML at the copies.

Apps register the fields that hold rendered markdown::

    register("discussions.post", fields=["body_html"], after=push_post_updated)

and call ``localise_later(instance)`` inside the transaction that saved it.  After commit a
Celery task copies the images (each URL once, whichever post or message used it first) and
rewrites those fields; ``after(pk)`` then tells open pages (a realtime push).  Scheduling
never fails the write: a broker outage is logged and the images simply stay links.
"""

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

import markup
from hub.effects import on_commit, task_on_commit
from remoteimages.fetch import FetchError, fetch_image
from remoteimages.guard import Policy, system_resolver
from remoteimages.models import RemoteImage, RemoteImageStatus, url_key

logger = logging.getLogger(__name__)
MAX_IMAGES = 10  # per object: more remote images than this stay links
RETRY_AFTER = timedelta(hours=6)
MAX_ATTEMPTS = 3


@dataclass
class Target:
    fields: list[str]
    after: object = None


_targets: dict[str, Target] = {}
# Tests swap these for a fake resolver or a policy that admits their loopback server.
resolver = system_resolver
policy = Policy()


def register(label: str, *, fields, after=None) -> None:
    """``label`` is "app_label.modelname"; ``after(pk)`` runs once its HTML changed."""
    _targets[label.lower()] = Target(fields=list(fields), after=after)


def registered() -> dict[str, Target]:
    return dict(_targets)


def _label(instance) -> str:
    return instance._meta.label_lower


def pending_urls(instance) -> list[str]:
    target = _targets.get(_label(instance))
    if target is None:
        return []
    urls = []
    for name in target.fields:
        for url in markup.remote_image_urls(getattr(instance, name, "") or ""):
            if url not in urls:
                urls.append(url)
    return urls[:MAX_IMAGES]


def localise_later(instance) -> None:
    """After the current transaction commits, copy the remote images of ``instance`` (if any)."""
    if not getattr(settings, "REMOTE_IMAGES_ENABLED", True) or not pending_urls(instance):
        return
    label, pk = _label(instance), instance.pk

    task_on_commit("remoteimages.tasks.remote_images_localise_task", label, pk)


def _due(image: RemoteImage, now) -> bool:
    if image.status == RemoteImageStatus.PENDING:
        return True
    if image.status == RemoteImageStatus.FAILED:
        return image.attempts < MAX_ATTEMPTS and (image.fetched_at is None or now - image.fetched_at >= RETRY_AFTER)
    return False


def remote_image_copy(*, url: str) -> RemoteImage:
    """The RemoteImage row for ``url``, fetched and stored now if it is due (idempotent)."""
    now = timezone.now()
    try:
        image, _created = RemoteImage.objects.get_or_create(url_hash=url_key(url), defaults={"url": url})
    except IntegrityError:  # another worker created it meanwhile
        image = RemoteImage.objects.get(url_hash=url_key(url))
    if not _due(image, now):
        return image
    try:
        fetched = fetch_image(url, resolver=resolver, policy=policy)
    except FetchError as exc:
        RemoteImage.objects.filter(pk=image.pk).update(
            status=RemoteImageStatus.FAILED, error=str(exc)[:300], attempts=image.attempts + 1, fetched_at=now
        )
        logger.info("Remote image %s not copied: %s", url[:200], exc)
        image.refresh_from_db()
        return image
    image.file.save(f"{secrets.token_urlsafe(18)}.{fetched.extension}", ContentFile(fetched.content), save=False)
    image.status = RemoteImageStatus.STORED
    image.content_type = fetched.content_type
    image.size = len(fetched.content)
    image.error = ""
    image.attempts += 1
    image.fetched_at = now
    image.save(update_fields=["file", "status", "content_type", "size", "error", "attempts", "fetched_at"])
    return image


def localise_object(*, label: str, pk) -> bool:
    """Copy the remote images of one registered object and point its HTML at the copies.

    Returns True when the saved HTML changed.  The fetches happen outside any transaction;
    the rewrite locks the row and works on its current HTML, so an edit made meanwhile is
    kept (its own task follows).
    """
    target = _targets.get(label.lower())
    if target is None:
        return False
    model = apps.get_model(label)
    instance = model.objects.filter(pk=pk).only(*target.fields).first()
    if instance is None:
        return False
    copies = {}
    for url in pending_urls(instance):
        image = remote_image_copy(url=url)
        if image.local_url:
            copies[url] = image.local_url
    if not copies:
        return False
    with transaction.atomic():
        locked = model.objects.select_for_update().filter(pk=pk).only(*target.fields).first()
        if locked is None:
            return False
        changes = {}
        for name in target.fields:
            before = getattr(locked, name) or ""
            after = markup.localise(before, copies) if markup.remote_image_urls(before) else before
            if after != before:
                changes[name] = after
        if changes:
            model.objects.filter(pk=pk).update(**changes)
            if target.after is not None:
                on_commit(target.after, pk)
    return bool(changes)
