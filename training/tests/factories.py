import datetime

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from training.models import (
    Activity,
    CharterDraft,
    DesignProgramme,
    GoodCase,
    Milestone,
    NetworkNode,
    ProgrammeStage,
    RoleAssignment,
    StepStatus,
    TrainingSession,
)


class DesignProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DesignProgramme
        skip_postgeneration_save = True

    organisation = "Lake Victoria Basin Commission"
    proposed_name = factory.Sequence(lambda n: f"Lake Basin Fisheries and Water Quality Network {n}")
    topic = "Water quality monitoring in shared lakes"
    summary = "Basin officers and researchers want to compare monitoring methods and share early warnings."
    stage = ProgrammeStage.TRAINING
    preparatory_status = StepStatus.DONE
    training_status = StepStatus.IN_PROGRESS
    modules = factory.LazyFunction(lambda: ["systems", "network", "value", "roles", "cases", "itlab", "activities"])
    training_days = 2

    @factory.post_generation
    def leaders(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.leaders.set(extracted)

    @factory.post_generation
    def experts(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.experts.set(extracted)


class GoodCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodCase

    slug = factory.Sequence(lambda n: f"case-{n}")
    title = factory.Sequence(lambda n: f"Delta Irrigators Learning Circle {n}")
    region = "Southeast Asia"
    convenors = "Mekong Delta Water Users Federation"
    summary = "Farmers and extension officers share salinity readings and adapt planting calendars."
    design = "Three consultations with farmer groups shaped a mobile-first community."
    launch = "Launched with a field day and a messaging group bridged to the hub."
    achievements = "Salinity alerts now reach 4,000 farmers within a day."


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    programme = factory.SubFactory(DesignProgrammeFactory)
    title = factory.Sequence(lambda n: f"Run launch webinar {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    title = "Moderating a new community: the first 90 days"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    link = "https://meet.example.org/moderators"


def complete_workspaces(programme, *, convenor_email, moderator_email, member_email=""):
    """Fill the workspaces with enough for a charter (roles name people by email)."""
    CharterDraft.objects.create(
        programme=programme,
        description="Basin officers and researchers compare lake monitoring methods.",
        objectives="Publish a shared monitoring protocol\nRun four peer assists a year",
        topics="water quality, fisheries",
    )
    RoleAssignment.objects.create(
        programme=programme, role="convenor", responsibilities="Owns the community", email=convenor_email,
        person_name="Convenor", hours_per_week=4,
    )  # fmt: skip
    RoleAssignment.objects.create(
        programme=programme, role="moderator", responsibilities="Welcomes members", email=moderator_email,
        person_name="Moderator", hours_per_week=3,
    )  # fmt: skip
    if member_email:
        RoleAssignment.objects.create(
            programme=programme, role="champion", responsibilities="Brings fisheries officers", email=member_email,
            hours_per_week=1,
        )  # fmt: skip
    Activity.objects.create(
        programme=programme, kind="webinar", title="Launch webinar", focus="Why compare methods",
        starts_on=datetime.date(2027, 2, 10), owner="Convenor",
    )  # fmt: skip
    NetworkNode.objects.create(
        programme=programme, name="Fisheries Institute", node_kind="organisation", sector="academia"
    )


__all__ = ["UserFactory"]
