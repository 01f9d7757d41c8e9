"""Autosave of the long forms (intake questionnaire, charter draft) while leaders type (htmx)."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from training import permissions as perms
from training import services
from training.forms import CharterDraftForm, IntakeForm
from training.models import CharterDraft, IntakeQuestionnaire
from training.selectors import programme_get

FORMS = {
    "intake": (IntakeForm, IntakeQuestionnaire, services.intake_autosave),
    "charter": (CharterDraftForm, CharterDraft, services.charter_draft_autosave),
}


@require_POST
def autosave(request, pk, form):
    """Save the fields that are valid so far; answer with a one-line status for the page."""
    if form not in FORMS:
        raise Http404
    if not request.user.is_authenticated:
        # No redirect mid-typing: the text stays in the page (and this browser) until login.
        return render(request, "training/_autosave_status.html", {"expired": True})
    programme = programme_get(pk=pk, viewer=request.user)
    if not perms.can_edit_programme(request.user, programme) or (form == "charter" and programme.community_id):
        return render(request, "training/_autosave_status.html", {"refused": True}, status=403)
    form_class, model, save = FORMS[form]
    bound = form_class(request.POST, instance=model.objects.filter(programme=programme).first())
    bound.is_valid()
    data = {name: value for name, value in bound.cleaned_data.items() if name not in bound.errors}
    if data:
        save(actor=request.user, programme=programme, data=data)
    return render(request, "training/_autosave_status.html", {"saved_at": timezone.now(), "count": len(data)})
