# The outbox's own table name (rows, sequence, index and the digest's foreign key follow the
# renamed table), and ``source``: what a mail is about as "<noun>:<id>", which replaces the
# foreign key to notifications.Notification (it pointed up the layers; 0003 copies it over).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0001_initial"),
        ("notifications", "0004_emaildelivery_to_outbox"),
    ]

    operations = [
        migrations.AlterModelTable(name="emaildelivery", table=None),
        migrations.AddField(
            model_name="emaildelivery",
            name="source",
            field=models.CharField(blank=True, db_index=True, max_length=80),
        ),
    ]
