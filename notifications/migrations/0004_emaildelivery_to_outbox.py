# EmailDelivery now belongs to the outbox app (outbox.0001 took over its state, same table):
# point the digest's foreign key at it and drop the model from this app's state.  Nothing
# changes in the database.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_notification_kind_bookmark_reminder"),
        ("outbox", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="digestrun",
                    name="delivery",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="outbox.emaildelivery",
                    ),
                ),
                migrations.DeleteModel(name="EmailDelivery"),
            ],
            database_operations=[],
        ),
    ]
