from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import profile_sections, selectors, services, sessions
from accounts.forms import DirectoryFilterForm, ProfileForm
from accounts.models import User
from hub.pagecache import anonymous_page

DIRECTORY_PAGE_SIZE = 24


@anonymous_page
def directory(request):
    form = DirectoryFilterForm(
        request.GET or None, country_codes=selectors.user_country_codes_in_directory(viewer=request.user)
    )
    filters = form.filters if form.is_bound else {"q": "", "country": "", "sector": ""}
    members = selectors.user_list_for_directory(viewer=request.user, **filters)
    page = Paginator(members, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "filtered": any(filters.values())}
    template = "accounts/_directory_results.html" if request.htmx else "accounts/user_directory.html"
    return render(request, template, context)


@anonymous_page
def profile(request, username):
    member = selectors.user_get_profile(username=username, viewer=request.user)
    return render(
        request,
        "accounts/user_profile.html",
        {
            "member": member,
            "is_own_profile": request.user.is_authenticated and request.user.pk == member.pk,
            "sections": profile_sections.render_sections(member=member, viewer=request.user, request=request),
        },
    )


def user_card(request, username):
    """The small card shown on hover or focus of a member's name: the same rule as the profile."""
    member = selectors.user_get_profile(username=username, viewer=request.user)
    response = render(request, "accounts/_user_card.html", {"member": member})
    response["Cache-Control"] = "private, max-age=60"
    return response


@login_required
def profile_edit(request):
    # A fresh copy: a ModelForm writes cleaned values onto its instance even when the
    # form is invalid, and request.user is rendered in the page header.
    instance = User.objects.get(pk=request.user.pk)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=instance)
        if form.is_valid():
            data = dict(form.cleaned_data)
            services.profile_update(
                actor=request.user,
                user=request.user,
                expertise=data.pop("expertise"),
                avatar=data.pop("avatar"),
                remove_avatar=data.pop("remove_avatar"),
                **data,
            )
            language = data.get("preferred_language") or ""
            if language and language != translation.get_language():
                # The new choice applies at once: this browser switches to it too.
                request.hub_language = language
                translation.activate(language)
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile", username=request.user.username)
        status = 400
    else:
        form = ProfileForm(instance=instance)
        status = 200
    return render(request, "accounts/user_profile_edit.html", {"form": form, "member": instance}, status=status)


@login_required
@require_POST
def session_end(request, pk):
    """Sign out one of the member's other sessions (someone else's: 404)."""
    from allauth.usersessions.models import UserSession

    user_session = get_object_or_404(UserSession, pk=pk, user=request.user)
    if user_session.session_key == request.session.session_key:
        messages.info(request, _("To sign out of this browser, use Sign out in the menu."))
        return redirect("usersessions_list")
    sessions.session_end(actor=request.user, user_session=user_session, current_session_key=request.session.session_key)
    messages.success(request, _("That session has been signed out."))
    return redirect("usersessions_list")
