"""Demo design programmes at three steps (one launched into a community) and the Good Cases library.

Deterministic and idempotent: every programme is keyed on its proposed name and built once
through the services, so a second run finds it and changes nothing.
"""

import datetime

from django.utils import timezone

from accounts.models import User
from training import services
from training.demo_cases import GOOD_CASES
from training.models import (
    Activity,
    CharterDraft,
    DesignProgramme,
    GoodCase,
    Milestone,
    NetworkNode,
    NetworkTie,
    RoleAssignment,
    SystemElement,
    SystemLink,
    TrainingSession,
    ValueExpectation,
    ValueStory,
)

BASE_DATE = datetime.date(2026, 9, 1)


def _user(email):
    return User.objects.filter(email=email).first()


def seed(*, stdout):
    for case in GOOD_CASES:
        GoodCase.objects.get_or_create(slug=case["slug"], defaults=case)
    staff = _user("staff@example.org")
    member = _user("member@example.org")
    moderator = _user("moderator@example.org")
    demo = [_user(f"demo{n:03d}@example.org") for n in (12, 47, 88, 133, 201)]
    if not (staff and member and moderator and all(demo)):
        stdout.write("training: demo members missing, only the Good Cases were added.")
        return
    _step1(staff, member, demo)
    _step2(staff, moderator, demo)
    _launched(staff, member, moderator, demo)
    if not TrainingSession.objects.filter(programme=None).exists():
        TrainingSession.objects.create(
            title="Moderating in the first 90 days: welcoming, pinning, handling flags",
            starts_at=timezone.now().replace(hour=13, minute=0, second=0, microsecond=0) + datetime.timedelta(days=9),
            duration_minutes=90,
            link="https://meet.example.org/actionhub-moderators",
            audience="moderators",
            created_by=staff,
        )
    stdout.write(f"training: {DesignProgramme.objects.count()} programmes, {GoodCase.objects.count()} good cases.")


def _step1(staff, member, demo):
    name = "Mekong Delta Salinity Watch"
    if DesignProgramme.objects.filter(proposed_name=name).exists():
        return
    programme = services.programme_propose(
        actor=member, organisation="Southern Institute of Water Resources Research", proposed_name=name,
        topic="Saline intrusion and farm calendars",
        summary="Extension officers and farmer leaders want to share salinity readings and adapt planting.",
    )  # fmt: skip
    services.programme_set_people(actor=staff, programme=programme, leaders=[member], experts=[demo[0]])
    services.intake_save(
        actor=member,
        programme=programme,
        data={
            "motivation": "Seawater now reaches 60 km inland in dry years and advice differs between provinces.",
            "purpose": "Aligned, timely planting advice based on shared readings.",
            "audience": "Provincial extension officers, sluice-gate operators, farmer cooperative leaders.",
            "expectations": "A trained team of five moderators and a plan for the next dry season.",
            "needs": "Help to keep discussions short and useful for busy officers.",
            "constraints": "Officers post during working hours only; many prefer Vietnamese.",
            "existing_networks": "Zalo groups per province, a monthly bulletin by email.",
        },
    )
    services.consultation_save(
        actor=demo[0],
        programme=programme,
        data={
            "held_on": BASE_DATE,
            "participants": "Two institute researchers, one provincial officer, hub expert",
            "motivation": "Conflicting advice cost farmers a harvest in 2024.",
            "purpose": "A shared reading of salinity and a joint bulletin.",
            "expectations": "Quick wins before the next dry season.",
            "needs": "Moderation skills; a simple way to post readings.",
            "limitations": "A CoP cannot replace the official bulletin; it can feed it.",
        },
    )


def _step2(staff, moderator, demo):
    name = "Andean Glacier Water Futures"
    if DesignProgramme.objects.filter(proposed_name=name).exists():
        return
    programme = services.programme_propose(
        actor=moderator, organisation="Andean Mountain Water Consortium", proposed_name=name,
        topic="Glacier retreat and water security",
        summary="Water utilities and research centres in three countries plan for shrinking glaciers.",
    )  # fmt: skip
    services.programme_set_people(actor=staff, programme=programme, leaders=[moderator, demo[1]], experts=[demo[0]])
    services.programme_tailor(
        actor=demo[0], programme=programme, modules=["systems", "network", "value", "roles", "activities"], days=2,
        notes="Strong technical group; more time on the network and roles.",
    )  # fmt: skip
    for day in (1, 2):
        TrainingSession.objects.create(
            programme=programme, title=f"Training day {day}", day=day, duration_minutes=240, created_by=demo[0],
            starts_at=datetime.datetime(2026, 10, 6 + day, 14, 0, tzinfo=datetime.UTC),
            link="https://meet.example.org/andean-training",
        )  # fmt: skip
    el = {}
    for category, label in [("driver", "Glacier retreat"), ("driver", "Urban growth"), ("pressure", "Dry-season deficit"),
                            ("water", "Glacier-fed rivers"), ("water", "Páramo wetlands"), ("actor", "City utilities"),
                            ("actor", "Irrigation boards")]:  # fmt: skip
        el[label] = SystemElement.objects.create(programme=programme, category=category, name=label)
    for a, t, b in [("Glacier retreat", "drives", "Dry-season deficit"), ("Urban growth", "drives", "Dry-season deficit"),
                    ("City utilities", "uses", "Glacier-fed rivers"), ("Irrigation boards", "uses", "Páramo wetlands"),
                    ("City utilities", "conflicts", "Irrigation boards")]:  # fmt: skip
        SystemLink.objects.create(programme=programme, source=el[a], target=el[b], link_type=t)
    people = {}
    for person, org, sector, country in [
        ("Rosa Quispe", "Lima water utility", "government", "Peru"),
        ("Diego Andrade", "Quito water fund", "civil society", "Ecuador"),
        ("Marta Gómez", "Glaciology institute", "academia", "Bolivia"),
        ("Luis Mamani", "Irrigation board", "civil society", "Peru"),
        ("Ana Torres", "Ministry of Environment", "government", "Ecuador"),
    ]:
        people[person] = NetworkNode.objects.create(
            programme=programme, name=person, organisation=org, sector=sector, country=country,
            platforms="WhatsApp, email",
        )  # fmt: skip
    for a, b in [("Rosa Quispe", "Marta Gómez"), ("Marta Gómez", "Diego Andrade"), ("Diego Andrade", "Ana Torres"),
                 ("Marta Gómez", "Luis Mamani")]:  # fmt: skip
        NetworkTie.objects.create(programme=programme, source=people[a], target=people[b], platform="WhatsApp")
    ValueExpectation.objects.create(programme=programme, cycle="potential",
                                    expected_value="A shared glacier-runoff scenario set", indicators="Downloads")  # fmt: skip
    RoleAssignment.objects.create(programme=programme, role="convenor", responsibilities="Convenes, reports",
                                  email=moderator.email, person_name=moderator.name, hours_per_week=4)  # fmt: skip
    Activity.objects.create(programme=programme, kind="webinar", title="Runoff scenarios explained",
                            starts_on=datetime.date(2026, 11, 12), owner="Marta Gómez", focus="Scenarios")  # fmt: skip
    CharterDraft.objects.create(
        programme=programme,
        description="Utilities, irrigation boards and researchers plan together for shrinking glaciers.",
        objectives="Agree a shared runoff scenario set\nRun two peer assists on dry-season allocation",
        topics="glaciers, water security",
    )
    version = services.charter_assemble(actor=moderator, programme=programme)
    services.charter_submit(actor=moderator, version=version)


def _launched(staff, member, moderator, demo):
    name = "Lake Chad Basin Resilience Practitioners"
    if DesignProgramme.objects.filter(proposed_name=name).exists():
        return
    leader = demo[2]
    programme = services.programme_propose(
        actor=leader, organisation="Lake Chad Basin Commission", proposed_name=name,
        topic="Resilience of lake-dependent livelihoods",
        summary="Basin officers, NGOs and researchers share what works for fishers, herders and farmers.",
    )  # fmt: skip
    services.programme_set_people(actor=staff, programme=programme, leaders=[leader, demo[3]], experts=[demo[0]])
    services.programme_tailor(actor=demo[0], programme=programme, days=3,
                              modules=["systems", "network", "value", "roles", "cases", "itlab", "activities"])  # fmt: skip
    RoleAssignment.objects.create(programme=programme, role="convenor", responsibilities="Convenes and reports",
                                  email=leader.email, person_name=leader.name, hours_per_week=4)  # fmt: skip
    RoleAssignment.objects.create(programme=programme, role="moderator", responsibilities="Welcomes, moderates",
                                  email=demo[3].email, person_name=demo[3].name, hours_per_week=3)  # fmt: skip
    RoleAssignment.objects.create(programme=programme, role="champion", responsibilities="Brings NGO partners",
                                  email=demo[4].email, person_name=demo[4].name, hours_per_week=1)  # fmt: skip
    RoleAssignment.objects.create(programme=programme, role="facilitator", responsibilities="Runs peer assists",
                                  email="facilitator.lakechad@example.org", hours_per_week=2)  # fmt: skip
    for kind, title, day, focus in [
        ("webinar", "Launch webinar: what the lake tells us", 10, "Lake extent and livelihoods"),
        ("discussion", "Fish-drying methods that cut losses", 24, "Post-harvest"),
        ("newsletter", "Quarterly basin digest", 40, "Highlights"),
        ("field_visit", "Visit to a polder farming cooperative", 70, "Recession agriculture"),
    ]:
        Activity.objects.create(programme=programme, kind=kind, title=title, focus=focus, owner=leader.name,
                                starts_on=BASE_DATE + datetime.timedelta(days=day))  # fmt: skip
    ValueExpectation.objects.create(programme=programme, cycle="applied", expected_value="Methods reused by NGOs",
                                    indicators="Stories tagged applied")  # fmt: skip
    CharterDraft.objects.create(
        programme=programme,
        description="A community for everyone working on the resilience of people who live from Lake Chad.",
        objectives="Document five practices that reduce post-harvest losses\nHold a peer assist every quarter",
        topics="lake chad, livelihoods, resilience",
    )
    version = services.charter_assemble(actor=leader, programme=programme)
    services.charter_submit(actor=leader, version=version)
    services.charter_review(actor=demo[0], version=version, approve=True, comment="Clear and realistic.")
    services.programme_launch(actor=staff, programme=programme)
    for title, days, status in [("Launch webinar held", -20, "done"), ("First 50 members", 15, "in_progress"),
                                ("First quarterly digest", -3, "planned"), ("Review the charter after a year", 300,
                                                                             "planned")]:  # fmt: skip
        Milestone.objects.create(programme=programme, title=title, status=status, owner=leader,
                                 due_on=timezone.localdate() + datetime.timedelta(days=days))  # fmt: skip
    overdue = programme.milestones.get(title="First quarterly digest")
    services.milestone_flag_overdue(milestone_id=overdue.pk)
    _conversation(programme.community, leader, demo[3], demo[4])
    services.comment_create(actor=demo[0], programme=programme,
                            body="Good launch. Ask the champion to bring two NGOs to the first discussion.")  # fmt: skip
    ValueStory.objects.create(programme=programme, author=demo[4], cycle="applied",
                              title="Solar dryers in Bol",
                              story="After the discussion on fish drying, our NGO tried raised solar dryers.")  # fmt: skip


def _conversation(community, leader, moderator, champion):
    """A little real activity in the launched community, so the insights have numbers."""
    from discussions.models import Thread
    from discussions.services import post_create, thread_create

    welcome = Thread.objects.get(community=community, title="Welcome and charter")
    post_create(author=moderator, thread=welcome, body="Welcome everyone! Introduce yourself and your basin.")
    post_create(author=champion, thread=welcome, body="Hello from Bol: our NGO works with fish processors.")
    thread = thread_create(
        author=champion,
        community=community,
        title="Which fish-drying racks survived the rainy season?",
        body="We tested three rack designs near Baga Sola. Raised mesh racks lasted; wooden ones warped. "
        "What have others seen?",
    )
    post_create(author=leader, thread=thread, body="Good question for our first peer assist in October.")
