"""One saved, interactive workspace per training module (htmx partials, works without JS)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub.responses import REJECTED
from training import permissions as perms
from training import selectors, services
from training.catalogue import MODULE_CHOICES, MODULES_BY_KEY, ValueCycle
from training.diagrams import analyse_network, link_legend, network_svg, systems_svg
from training.forms import ITEM_FORMS
from training.models import GoodCase, LabItem
from training.selectors import programme_get
from training.services.charters import ROLE_ORDER
from training.services.workspaces import ITEM_KINDS
from training.views._helpers import apply_errors, form_data, kept_form_data, login_keeping_form, render_form
from training.views.programmes import programme_context


def _workspace_url(request, pk, module="itlab", **kwargs):
    return reverse("training:workspace", kwargs={"pk": pk, "module": module})


MODULE_KINDS = {}
for _kind, (_module, _model) in ITEM_KINDS.items():
    MODULE_KINDS.setdefault(_module, []).append(_kind)


def _module_or_404(module):
    if module not in MODULES_BY_KEY:
        raise Http404
    return MODULES_BY_KEY[module]


def workspace_context(request, programme, module, bound=None):
    """Everything a module's workspace shows; ``bound`` = {kind: form} keeps a rejected form."""
    bound = bound or {}
    forms = {kind: bound.get(kind) or ITEM_FORMS[kind](programme=programme) for kind in MODULE_KINDS.get(module, [])}
    ctx = programme_context(
        request, programme, module=MODULES_BY_KEY[module], forms=forms, module_choices=MODULE_CHOICES
    )
    if module == "systems":
        elements = list(programme.system_elements.all())
        links = list(programme.system_links.select_related("source", "target"))
        ctx.update(elements=elements, links=links, diagram=systems_svg(elements, links), legend=link_legend())
    elif module == "network":
        nodes = list(programme.network_nodes.all())
        ties = list(programme.network_ties.select_related("source", "target"))
        analysis = analyse_network(nodes, ties)
        names = {n.pk: n for n in nodes}
        ctx.update(
            nodes=nodes,
            ties=ties,
            diagram=network_svg(nodes, analysis),
            metrics=sorted(
                [
                    {
                        "node": n,
                        "degree": analysis.degree.get(n.pk, 0),
                        "betweenness": analysis.betweenness.get(n.pk, 0.0),
                        "cluster": analysis.cluster_of.get(n.pk, 0) + 1,
                    }
                    for n in nodes
                ],
                key=lambda r: (-r["betweenness"], -r["degree"], r["node"].name.lower()),
            ),  # fmt: skip
            connectors=[names[pk] for pk in analysis.connectors],
            cluster_count=len(analysis.clusters),
        )
    elif module == "value":
        expectations = list(programme.value_expectations.all())
        ctx.update(
            cycles=[
                {"value": value, "label": label, "items": [e for e in expectations if e.cycle == value]}
                for value, label in ValueCycle.choices
            ],
            stories=programme.value_stories.select_related("author")[:20],
        )
    elif module == "roles":
        roles = sorted(programme.role_assignments.all(), key=lambda r: (ROLE_ORDER.get(r.role, 99), r.pk))
        ctx.update(roles=roles, total_hours=sum(r.hours_per_week for r in roles))
    elif module == "cases":
        ctx.update(
            case_links=programme.case_links.select_related("case"),
            cases=GoodCase.objects.filter(is_published=True),
        )
    elif module == "itlab":
        ctx.update(checklist=selectors.lab_checklist(programme), sandbox=programme.sandbox)
    elif module == "activities":
        ctx.update(activities=programme.activities.all())
    return ctx


@login_keeping_form
def workspace(request, pk, module):
    _module_or_404(module)
    programme = programme_get(pk=pk, viewer=request.user)
    bound = {}
    for kind in MODULE_KINDS.get(module, []):
        kept = kept_form_data(request, kind)
        if kept is not None:
            bound[kind] = ITEM_FORMS[kind](kept, programme=programme)
    return render(request, "training/workspace_detail.html", workspace_context(request, programme, module, bound))


def _after_write(request, programme, module, bound=None):
    """htmx: the workspace body (400 with the rejected form: htmx swaps it too); else redirect or re-render."""
    ctx = workspace_context(request, programme, module, bound)
    if request.htmx:
        return render(request, "training/_workspace_body.html", ctx, status=REJECTED if bound else 200)
    if bound:
        return render(request, "training/workspace_detail.html", ctx, status=400)
    return redirect(reverse("training:workspace", kwargs={"pk": programme.pk, "module": module}))


@require_POST
@login_keeping_form(back=_workspace_url, form_key=lambda **kw: kw["kind"])
def workspace_item_add(request, pk, module, kind):
    _module_or_404(module)
    if kind not in MODULE_KINDS.get(module, []):
        raise Http404
    programme = programme_get(pk=pk, viewer=request.user)
    if not perms.can_edit_programme(request.user, programme):
        raise PermissionDenied
    form = ITEM_FORMS[kind](request.POST, programme=programme)
    if form.is_valid():
        try:
            services.workspace_item_add(actor=request.user, programme=programme, kind=kind, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
    if form.errors:
        return _after_write(request, programme, module, {kind: form})
    return _after_write(request, programme, module)


@login_keeping_form
def workspace_item_edit(request, pk, module, kind, item_id):
    _module_or_404(module)
    if kind not in MODULE_KINDS.get(module, []):
        raise Http404
    programme = programme_get(pk=pk, viewer=request.user)
    if not perms.can_edit_programme(request.user, programme):
        raise PermissionDenied
    item = get_object_or_404(ITEM_KINDS[kind][1], pk=item_id, programme=programme)
    form = ITEM_FORMS[kind](form_data(request), instance=item, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.workspace_item_update(
                actor=request.user, programme=programme, kind=kind, item=item, data=form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(reverse("training:workspace", kwargs={"pk": programme.pk, "module": module}))
    context = programme_context(request, programme, form=form, module=MODULES_BY_KEY[module], item=item)
    return render_form(request, "training/workspace_item_form.html", context, form)


@require_POST
@login_keeping_form(back=_workspace_url)
def workspace_item_delete(request, pk, module, kind, item_id):
    _module_or_404(module)
    if kind not in MODULE_KINDS.get(module, []):
        raise Http404
    programme = programme_get(pk=pk, viewer=request.user)
    services.workspace_item_delete(actor=request.user, programme=programme, kind=kind, item_id=item_id)
    return _after_write(request, programme, module)


@require_POST
@login_keeping_form(back=_workspace_url)
def sandbox_create(request, pk):
    programme = programme_get(pk=pk, viewer=request.user)
    try:
        services.sandbox_create(actor=request.user, programme=programme)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your sandbox community is ready. Follow the checklist."))
    return redirect(reverse("training:workspace", kwargs={"pk": programme.pk, "module": "itlab"}))


@login_keeping_form
def lab_checklist(request, pk):
    """The checklist alone (polled by htmx so it ticks itself while leaders practise)."""
    programme = programme_get(pk=pk, viewer=request.user)
    return render(request, "training/_lab_checklist.html", workspace_context(request, programme, "itlab"))


@require_POST
@login_keeping_form(back=_workspace_url)
def lab_tick(request, pk):
    programme = programme_get(pk=pk, viewer=request.user)
    item = request.POST.get("item", "")
    if item not in LabItem.values:
        messages.error(request, _("Unknown checklist item."))
    else:
        try:
            services.lab_tick_toggle(actor=request.user, programme=programme, item=item)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect(reverse("training:workspace", kwargs={"pk": programme.pk, "module": "itlab"}))
