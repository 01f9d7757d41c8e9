from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from legal import selectors, services
from legal.forms import AcceptForm
from legal.models import Acceptance, DocumentKind


def _document_page(request, document):
    return render(
        request,
        "legal/document_detail.html",
        {"document": document, "history": selectors.document_history(kind=document.kind)},
    )


def _current_page(request, kind):
    try:
        document = selectors.document_get_current(kind=kind)
    except Http404:
        # A fresh installation: the footer links to a page that says so, not to a 404.
        return render(request, "legal/document_missing.html", {"kind_label": DocumentKind(kind).label})
    return _document_page(request, document)


def privacy(request):
    return _current_page(request, DocumentKind.PRIVACY)


def terms(request):
    return _current_page(request, DocumentKind.TERMS)


def document_version(request, kind, version):
    return _document_page(request, selectors.document_get_version(kind=kind, version=version))


def _safe_next(request, url):
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


@login_required
def accept(request):
    pending = selectors.documents_to_accept(user=request.user)
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if not pending:
        return redirect(next_url or "home")
    status = 200
    if request.method == "POST":
        form = AcceptForm(request.POST, pending=pending)
        if form.is_valid():
            services.acceptance_record(user=request.user, documents=pending, via=Acceptance.Via.PROMPT)
            messages.success(request, _("Thank you. You can carry on where you were."))
            return redirect(next_url or "home")
        status = 400
        if "documents" in form.errors:
            # A newer version appeared meanwhile: show it, with a fresh form.
            messages.warning(request, form.errors["documents"][0])
            form = AcceptForm(pending=pending)
    else:
        form = AcceptForm(pending=pending)
    return render(
        request, "legal/accept.html", {"form": form, "pending": pending, "next": next_url or ""}, status=status
    )
