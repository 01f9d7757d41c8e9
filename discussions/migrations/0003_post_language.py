"""A language per post and per thread; existing rows get the language their text shows."""

from django.db import migrations, models

BATCH = 1000
CHOICES = [("en", "English"), ("fr", "Français"), ("es", "Español")]


def detect_existing(apps, schema_editor):
    from discussions.language import detect

    Post = apps.get_model("discussions", "Post")
    Thread = apps.get_model("discussions", "Thread")
    changed = []
    for post in Post.objects.only("pk", "body").iterator(chunk_size=BATCH):
        if language := detect(post.body):
            post.language = language
            changed.append(post)
        if len(changed) >= BATCH:
            Post.objects.bulk_update(changed, ["language"])
            changed = []
    Post.objects.bulk_update(changed, ["language"])
    # A thread speaks the language of its opening post.
    for language, _label in CHOICES:
        openings = Post.objects.filter(number=1, language=language).values("thread_id")
        Thread.objects.filter(pk__in=openings).update(language=language)


class Migration(migrations.Migration):
    dependencies = [
        ("discussions", "0002_post_idempotency_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="language",
            field=models.CharField(blank=True, choices=CHOICES, default="", max_length=2, verbose_name="language"),
        ),
        migrations.AddField(
            model_name="thread",
            name="language",
            field=models.CharField(blank=True, choices=CHOICES, default="", max_length=2, verbose_name="language"),
        ),
        migrations.RunPython(detect_existing, migrations.RunPython.noop, elidable=True),
    ]
