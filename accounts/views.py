from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from accounts.models import User


def directory(request):
    members = User.objects.filter(is_active=True).order_by("display_name")[:50]
    return render(request, "accounts/user_directory.html", {"members": members})


def profile(request, username):
    member = get_object_or_404(User, username=username, is_active=True)
    return render(request, "accounts/user_profile.html", {"member": member})


@login_required
def profile_edit(request):
    return render(request, "accounts/user_profile_edit.html", {})
