"""The Community Charter: assembled from the workspaces, versioned, reviewed by staff."""

from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.i18n import deferred
from training import permissions as perms
from training.catalogue import ValueCycle
from training.diagrams import analyse_network
from training.models import CharterDraft, CharterStatus, CharterVersion, CommunityRole, ProgrammeComment, StepStatus
from training.services.programmes import tell

ROLE_ORDER = {value: i for i, value in enumerate(CommunityRole.values)}


def charter_draft_save(*, actor, programme, objectives, description, topics="") -> CharterDraft:
    if not perms.can_edit_programme(actor, programme) or programme.community_id:
        raise PermissionDenied
    draft, _created = CharterDraft.objects.get_or_create(
        programme=programme, defaults={"objectives": objectives, "description": description}
    )
    draft.objectives, draft.description, draft.topics = objectives, description, topics
    draft.full_clean()
    draft.save()
    return draft


def charter_draft_autosave(*, actor, programme, data: dict) -> CharterDraft:
    """Keep what the leaders have typed so far (valid fields only)."""
    if not perms.can_edit_programme(actor, programme) or programme.community_id:
        raise PermissionDenied
    with transaction.atomic():
        draft, _created = CharterDraft.objects.select_for_update().get_or_create(programme=programme)
        for key, value in data.items():
            setattr(draft, key, value)
        draft.save()
    return draft


def _split(text, sep="\n"):
    return [part.strip(" -*\t\r") for part in (text or "").split(sep) if part.strip(" -*\t\r")]


def charter_content(programme) -> dict:
    """Gather the charter from the draft and the workspaces (a JSON-able snapshot)."""
    draft = CharterDraft.objects.filter(programme=programme).first()
    nodes = list(programme.network_nodes.all())
    ties = list(programme.network_ties.all())
    analysis = analyse_network(nodes, ties)
    names = {n.pk: n.name for n in nodes}
    roles = sorted(programme.role_assignments.all(), key=lambda r: (ROLE_ORDER.get(r.role, 99), r.pk))
    cycles = dict(ValueCycle.choices)
    return {
        "name": programme.proposed_name,
        "organisation": programme.organisation,
        "topic": programme.topic,
        "description": draft.description if draft else programme.summary,
        "objectives": _split(draft.objectives) if draft else [],
        "topics": [t[:50] for t in _split(draft.topics, ",")][:10] if draft else [],
        "value": [
            {"cycle": str(cycles.get(v.cycle, v.cycle)), "expected": v.expected_value, "indicators": v.indicators}
            for v in programme.value_expectations.all()
        ],
        "audience": {
            "people": sum(1 for n in nodes if n.node_kind == "person"),
            "organisations": sorted(
                {n.organisation or n.name for n in nodes if n.organisation or n.node_kind != "person"}
            ),
            "sectors": [s for s, _n in Counter(n.sector for n in nodes if n.sector).most_common()],
            "countries": [c for c, _n in Counter(n.country for n in nodes if n.country).most_common()],
            "platforms": [
                p
                for p, _n in Counter(
                    p.strip() for n in nodes for p in n.platforms.split(",") if p.strip()
                ).most_common()
            ],
            "connectors": [names[pk] for pk in analysis.connectors],
        },  # fmt: skip
        "activities": [
            {
                "kind": a.get_kind_display(),
                "title": a.title,
                "focus": a.focus,
                "starts_on": a.starts_on.isoformat(),
                "ends_on": a.ends_on.isoformat() if a.ends_on else "",
                "owner": a.owner,
                "format": a.get_format_display(),
            }
            for a in programme.activities.all()
        ],
        "roles": [
            {
                "role": r.role,
                "role_label": str(CommunityRole(r.role).label),
                "responsibilities": r.responsibilities,
                "person": r.person_name,
                "email": r.email,
                "hours": float(r.hours_per_week),
            }
            for r in roles
        ],
        "hours_per_week": float(sum(r.hours_per_week for r in roles)),
        "cases": [link.case.title for link in programme.case_links.select_related("case")],
    }


def charter_text(content: dict) -> str:
    """The charter as Markdown (diffs, the PDF, and the pinned welcome thread)."""
    lines = [f"# {_('Community Charter')}: {content['name']}", ""]
    lines += [f"*{_('Convened by')}* {content['organisation']} · *{_('Topic')}* {content['topic']}", ""]
    if content.get("description"):
        lines += [content["description"], ""]
    lines += [f"## {_('Objectives')}", ""]
    lines += [f"{i}. {o}" for i, o in enumerate(content["objectives"], 1)] or [_("(none yet)")]
    lines.append("")
    if content.get("value"):
        lines += [f"## {_('Value we expect to create')}", ""]
        for v in content["value"]:
            indicators = f" ({_('indicators')}: {v['indicators']})" if v["indicators"] else ""
            lines.append(f"- **{v['cycle']}**: {v['expected']}{indicators}")
        lines.append("")
    audience = content["audience"]
    lines += [f"## {_('Audience')}", ""]
    lines.append(f"- {_('People mapped')}: {audience['people']}")
    for key, label in (("organisations", _("Organisations")), ("sectors", _("Sectors")),
                       ("countries", _("Countries")), ("platforms", _("Platforms they use")),
                       ("connectors", _("Connectors to invite first"))):  # fmt: skip
        if audience.get(key):
            lines.append(f"- {label}: {', '.join(audience[key])}")
    lines.append("")
    lines += [f"## {_('Activity plan')}", ""]
    for a in content["activities"]:
        until = f" – {a['ends_on']}" if a["ends_on"] else ""
        focus = f": {a['focus']}" if a["focus"] else ""
        lines.append(f"- {a['starts_on']}{until} · **{a['title']}** ({a['kind']}, {a['format']}, {a['owner']}){focus}")
    if not content["activities"]:
        lines.append(_("(none yet)"))
    lines += ["", f"## {_('Roles')}", ""]
    for r in content["roles"]:
        who = r["person"] or r["email"] or _("to be named")
        lines.append(f"- **{r['role_label']}**: {who}, {r['hours']:g} h/{_('week')}. {r['responsibilities']}")
    if not content["roles"]:
        lines.append(_("(none yet)"))
    lines += ["", f"{_('Estimated effort')}: {content['hours_per_week']:g} {_('hours per week')}"]
    if content.get("cases"):
        lines += ["", f"## {_('Inspired by')}", ""] + [f"- {c}" for c in content["cases"]]
    return "\n".join(lines).strip() + "\n"


def charter_assemble(*, actor, programme) -> CharterVersion:
    """Snapshot the workspaces into a new charter version (unchanged content makes no new version)."""
    if not perms.can_edit_programme(actor, programme) or programme.community_id:
        raise PermissionDenied
    if not CharterDraft.objects.filter(programme=programme).exists():
        raise ValidationError(_("Write the objectives and the description first."))
    content = charter_content(programme)
    text = charter_text(content)
    with transaction.atomic():
        latest = programme.charter_versions.select_for_update().order_by("-number").first()
        if (
            latest is not None
            and latest.text == text
            and latest.status in (CharterStatus.DRAFT, CharterStatus.SUBMITTED)
        ):
            return latest
        number = (programme.charter_versions.aggregate(n=Max("number"))["n"] or 0) + 1
        return CharterVersion.objects.create(
            programme=programme, number=number, content=content, text=text, created_by=actor
        )


def charter_submit(*, actor, version) -> CharterVersion:
    programme = version.programme
    if not perms.can_submit_charter(actor, programme):
        raise PermissionDenied
    latest = programme.charter_versions.order_by("-number").first()
    if latest.pk != version.pk:
        raise ValidationError(_("Only the latest version can be submitted."))
    if version.status not in (CharterStatus.DRAFT, CharterStatus.CHANGES):
        raise ValidationError(_("This version was already submitted."))
    if not version.content.get("objectives"):
        raise ValidationError(_("A charter needs at least one objective."))
    with transaction.atomic():
        version.status = CharterStatus.SUBMITTED
        version.submitted_at = timezone.now()
        version.save(update_fields=["status", "submitted_at"])
        tell(programme.experts.all(), actor=actor, programme=programme, url=version.get_absolute_url(),
             text=deferred(gettext_lazy("Charter v%(n)s of “%(name)s” awaits your approval"), n=version.number, name=programme.proposed_name))  # fmt: skip
    return version


def charter_review(*, actor, version, approve: bool, comment="") -> CharterVersion:
    """Staff approve the submitted charter or ask for changes (with a comment)."""
    programme = version.programme
    if not perms.can_review_charter(actor, programme):
        raise PermissionDenied
    if version.status != CharterStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted charter can be reviewed."))
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ValidationError({"comment": _("Tell the leaders what to change.")})
    with transaction.atomic():
        version.status = CharterStatus.APPROVED if approve else CharterStatus.CHANGES
        version.decided_by = actor
        version.decided_at = timezone.now()
        version.save(update_fields=["status", "decided_by", "decided_at"])
        if comment:
            ProgrammeComment.objects.create(programme=programme, charter_version=version, author=actor, body=comment)
        if approve:
            programme.training_status = StepStatus.DONE
            programme.save(update_fields=["training_status", "updated_at"])
        text = (_("Charter v%(n)s was approved") if approve else _("Changes were requested on charter v%(n)s")) % {
            "n": version.number
        }
        tell(programme.leaders.all(), actor=actor, programme=programme, text=text, url=version.get_absolute_url())
    return version
