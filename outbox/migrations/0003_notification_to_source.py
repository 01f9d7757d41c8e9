# Existing rows keep their link to the notification they were about, as "notification:<id>".
# (A migration of its own: PostgreSQL refuses to alter a table with pending updates in the
# same transaction.)

from django.db import migrations, models
from django.db.models.functions import Cast, Concat


def notification_to_source(apps, schema_editor):
    EmailDelivery = apps.get_model("outbox", "EmailDelivery")
    EmailDelivery.objects.filter(notification__isnull=False).update(
        source=Concat(models.Value("notification:"), Cast("notification_id", models.CharField()))
    )


def source_to_notification(apps, schema_editor):
    EmailDelivery = apps.get_model("outbox", "EmailDelivery")
    Notification = apps.get_model("notifications", "Notification")
    rows = EmailDelivery.objects.filter(source__startswith="notification:").values_list("pk", "source")
    for pk, source in rows.iterator():
        notification_id = int(source.split(":", 1)[1])
        if Notification.objects.filter(pk=notification_id).exists():
            EmailDelivery.objects.filter(pk=pk).update(notification_id=notification_id)


class Migration(migrations.Migration):
    dependencies = [("outbox", "0002_emaildelivery_table_source")]

    operations = [migrations.RunPython(notification_to_source, source_to_notification)]
