"""The outbox's rows survive the move of EmailDelivery from notifications to outbox."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_MOVE = ("notifications", "0003_notification_kind_bookmark_reminder")


@pytest.mark.django_db(transaction=True)
def test_emaildelivery_rows_and_their_links_survive_the_move():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    # Every other app as it is now; notifications before the move, no outbox yet.
    before = [node for node in latest if node[0] not in ("notifications", "outbox")] + [BEFORE_MOVE]
    executor.migrate([*before, ("outbox", None)])
    old = MigrationExecutor(connection).loader.project_state(before).apps
    user = old.get_model("accounts", "User").objects.create(username="amina", email="amina@example.org")
    notification = old.get_model("notifications", "Notification").objects.create(
        recipient_id=user.pk, kind="mention", text="Kofi mentioned you"
    )
    OldDelivery = old.get_model("notifications", "EmailDelivery")
    linked = OldDelivery.objects.create(
        recipient_id=user.pk, notification_id=notification.pk, kind="mention", subject="Mention", body_text="t",
        body_html="h", status="pending",
    )  # fmt: skip
    digest = OldDelivery.objects.create(
        recipient_id=user.pk, kind="digest_daily", subject="Digest", body_text="t", body_html="h", status="sent"
    )
    old.get_model("notifications", "DigestRun").objects.create(
        user_id=user.pk, period="daily:2026-12-01", delivery_id=digest.pk
    )

    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    from notifications.models import DigestRun
    from outbox.models import DeliveryStatus, EmailDelivery

    assert EmailDelivery._meta.db_table == "outbox_emaildelivery"
    moved = EmailDelivery.objects.get(pk=linked.pk)
    assert moved.recipient_id == user.pk and moved.status == DeliveryStatus.PENDING
    assert moved.source == f"notification:{notification.pk}" and moved.to_email == ""
    assert DigestRun.objects.get(user_id=user.pk).delivery == EmailDelivery.objects.get(pk=digest.pk)
    # The sequence moved with the table: a new row gets a fresh id.
    assert (
        EmailDelivery.objects.create(to_email="x@example.org", subject="s", body_text="t", body_html="h").pk > digest.pk
    )
