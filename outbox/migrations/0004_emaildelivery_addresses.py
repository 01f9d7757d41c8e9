# Mail to anyone from any app: a recipient who is not a member yet (``to_email``, an
# invitation), a Reply-To (the contact form), and no foreign key to notifications any more.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0003_notification_to_source"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveField(model_name="emaildelivery", name="notification"),
        migrations.AddField(
            model_name="emaildelivery",
            name="to_email",
            field=models.EmailField(blank=True, max_length=254),
        ),
        migrations.AddField(
            model_name="emaildelivery",
            name="reply_to",
            field=models.EmailField(blank=True, max_length=254),
        ),
        migrations.AlterField(
            model_name="emaildelivery",
            name="recipient",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterModelOptions(
            name="emaildelivery",
            options={"verbose_name": "email", "verbose_name_plural": "emails"},
        ),
        migrations.AddConstraint(
            model_name="emaildelivery",
            constraint=models.CheckConstraint(
                condition=models.Q(("recipient__isnull", False), models.Q(("to_email", ""), _negated=True), _connector="OR"),
                name="outbox_delivery_has_address",
            ),
        ),
    ]
