"""Programme list and overview, people, step 1 pages, the training agenda and sessions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from training import permissions as perms
from training import services
from training.catalogue import MODULES_BY_KEY, build_agenda
from training.forms import ConsultationForm, IntakeForm, PeopleForm, SessionForm, TailorForm
from training.models import Attendance, Consultation, IntakeQuestionnaire, ProgrammeStage, StepStatus, TrainingSession
from training.selectors import programme_get, programme_list_for
from training.views._helpers import apply_errors, form_data, login_keeping_form, render_form

SECTIONS = {
    "preparatory": "preparatory", "intake": "preparatory", "consultation-create": "preparatory",
    "consultation-edit": "preparatory", "tailor": "preparatory", "agenda": "training", "session-create": "training",
    "workspace": "training", "workspace-item-add": "training", "workspace-item-delete": "training", "workspace-item-edit": "training",
    "charter": "charter", "charter-version": "charter", "charter-diff": "charter", "charter-review": "charter",
    "launch": "charter", "followup": "followup", "milestone-edit": "followup", "comment-add": "followup",
}  # fmt: skip


def programme_context(request, programme, **extra):
    user = request.user
    url_name = request.resolver_match.url_name if request.resolver_match else ""
    return {
        "section": SECTIONS.get(url_name, "overview"),
        "programme": programme,
        "can_manage": perms.can_manage_programme(user, programme),
        "can_edit": perms.can_edit_programme(user, programme),
        "is_staff_admin": perms.can_assign_programme_people(user, programme),
        **extra,
    }


@login_keeping_form
def programme_list(request):
    qs = programme_list_for(viewer=request.user)
    stage = request.GET.get("stage", "")
    if stage in ProgrammeStage.values:
        qs = qs.filter(stage=stage)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "training/programme_list.html",
        {"page": page, "stages": ProgrammeStage.choices, "stage": stage,
         "can_insights": perms.can_view_insights(request.user)},
    )  # fmt: skip


@login_keeping_form
def programme_detail(request, pk):
    programme = programme_get(pk=pk, viewer=request.user)
    context = programme_context(
        request,
        programme,
        leaders=programme.leaders.all(),
        experts=programme.experts.all(),
        intake=IntakeQuestionnaire.objects.filter(programme=programme).first(),
        latest_charter=programme.charter_versions.order_by("-number").first(),
        modules=[MODULES_BY_KEY[k] for k in programme.modules if k in MODULES_BY_KEY],
        stage_choices=ProgrammeStage.choices,
        status_choices=StepStatus.choices,
    )
    return render(request, "training/programme_detail.html", context)


@login_keeping_form
def programme_people(request, pk):
    programme = programme_get(pk=pk, viewer=request.user)
    if not perms.can_assign_programme_people(request.user, programme):
        raise PermissionDenied
    initial = {
        "leaders": "\n".join(programme.leaders.values_list("email", flat=True)),
        "experts": "\n".join(programme.experts.values_list("email", flat=True)),
    }
    form = PeopleForm(form_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_set_people(actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("People saved."))
            return redirect(programme)
    return render_form(
        request, "training/programme_people.html", programme_context(request, programme, form=form), form
    )


@require_POST
@login_keeping_form(back=lambda request, pk: reverse("training:programme-detail", kwargs={"pk": pk}))
def programme_pick_up(request, pk):
    programme = programme_get(pk=pk, viewer=request.user)
    if not perms.can_assign_programme_people(request.user, programme):
        raise PermissionDenied
    try:
        services.programme_pick_up(actor=request.user, programme=programme)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You picked up the proposal. Start with the intake and a first consultation."))
    return redirect(programme)


@require_POST
@login_keeping_form(back=lambda request, pk: reverse("training:programme-detail", kwargs={"pk": pk}))
def programme_status(request, pk):
    programme = programme_get(pk=pk, viewer=request.user)
    if not perms.can_manage_programme(request.user, programme):
        raise PermissionDenied
    try:
        services.programme_set_status(
            actor=request.user,
            programme=programme,
            stage=request.POST.get("stage", ""),
            preparatory_status=request.POST.get("preparatory_status", ""),
            training_status=request.POST.get("training_status", ""),
            support_status=request.POST.get("support_status", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(programme)
    messages.success(request, _("Status saved."))
    return redirect(programme)


@login_keeping_form
def intake(request, pk):
    programme = programme_get(pk=pk, viewer=request.user)
    instance = IntakeQuestionnaire.objects.filter(programme=programme).first()
    can_edit = perms.can_edit_programme(request.user, programme)
    form = IntakeForm(form_data(request) if can_edit else None, instance=instance)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.intake_save(actor=request.user, programme=programme, data=form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Thank you: the questionnaire is saved. Your staff experts will read it."))
                return redirect(programme)
    return render_form(request, "training/intake_form.html", programme_context(request, programme, form=form), form)


@login_keeping_form
def preparatory(request, pk):
    programme = programme_get(pk=pk, viewer=request.user)
    context = programme_context(
        request,
        programme,
        intake=IntakeQuestionnaire.objects.filter(programme=programme).first(),
        consultations=programme.consultations.select_related("recorded_by"),
        note_fields=[(name, Consultation._meta.get_field(name).verbose_name) for name in Consultation.NOTE_FIELDS],
    )
    return render(request, "training/programme_preparatory.html", context)


@login_keeping_form
def consultation_form(request, pk, consultation_id=None):
    programme = programme_get(pk=pk, viewer=request.user)
    if not perms.can_manage_programme(request.user, programme):
        raise PermissionDenied
    consultation = None
    if consultation_id is not None:
        consultation = get_object_or_404(Consultation, pk=consultation_id, programme=programme)
    form = ConsultationForm(form_data(request), instance=consultation)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_save(
                actor=request.user, programme=programme, data=form.cleaned_data, consultation=consultation
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Consultation saved."))
            return redirect("training:preparatory", pk=programme.pk)
    context = programme_context(request, programme, form=form, consultation=consultation)
    return render_form(request, "training/consultation_form.html", context, form)


@login_keeping_form
def tailor(request, pk):
    programme = programme_get(pk=pk, viewer=request.user)
    if not perms.can_manage_programme(request.user, programme):
        raise PermissionDenied
    initial = {"modules": programme.modules, "days": programme.training_days, "notes": programme.tailoring_notes}
    form = TailorForm(form_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_tailor(actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Training tailored: the agenda is ready."))
            return redirect("training:agenda", pk=programme.pk)
    context = programme_context(
        request,
        programme,
        form=form,
        modules=list(MODULES_BY_KEY.values()),
        intake=IntakeQuestionnaire.objects.filter(programme=programme).first(),
        consultations=programme.consultations.all(),
    )
    return render_form(request, "training/programme_tailor.html", context, form)


@login_keeping_form
def training_agenda(request, pk):
    programme = programme_get(pk=pk, viewer=request.user)
    sessions = list(programme.sessions.order_by("starts_at"))
    leaders = list(programme.leaders.all())
    present = set(Attendance.objects.filter(session__in=sessions, present=True).values_list("session_id", "user_id"))
    context = programme_context(
        request,
        programme,
        agenda=build_agenda(programme.modules, programme.training_days),
        sessions=[
            {"session": s, "attendance": [(leader, (s.pk, leader.pk) in present) for leader in leaders]}
            for s in sessions
        ],
        session_form=SessionForm(),
    )
    return render(request, "training/programme_agenda.html", context)


@login_keeping_form
def session_create(request, pk):
    programme = programme_get(pk=pk, viewer=request.user)
    if not perms.can_create_session(request.user, programme):
        raise PermissionDenied
    form = SessionForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.session_create(actor=request.user, programme=programme, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Session scheduled; the leaders were invited."))
            return redirect("training:agenda", pk=programme.pk)
    return render_form(request, "training/session_form.html", programme_context(request, programme, form=form), form)


@require_POST
@login_keeping_form(back=lambda request, pk, session_id: reverse("training:agenda", kwargs={"pk": pk}))
def attendance(request, pk, session_id):
    programme = programme_get(pk=pk, viewer=request.user)
    session = get_object_or_404(TrainingSession, pk=session_id, programme=programme)
    try:
        ids = [int(v) for v in request.POST.getlist("present")]
    except ValueError:
        messages.error(request, _("Tick the people who attended."))
        return redirect("training:agenda", pk=programme.pk)
    services.attendance_set(actor=request.user, session=session, present_ids=ids)
    messages.success(request, _("Attendance saved."))
    return redirect("training:agenda", pk=programme.pk)
