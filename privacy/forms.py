from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

import ratelimits
from privacy.models import PostsChoice
from privacy.services import deletion

CHECK_RATE = "10/h"


class DeleteAccountForm(forms.Form):
    """Confirm with the password (or, for an account without one, the email address),
    and the second factor when the account has one."""

    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}), required=False
    )
    email = forms.CharField(label=_("Your email address"), required=False)
    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    posts = forms.ChoiceField(label=_("Your posts"), choices=PostsChoice.choices, widget=forms.RadioSelect)
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."), required=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.needs_code = deletion.has_second_factor(user)
        if user.has_usable_password():
            del self.fields["email"]
            self.fields["password"].required = True
        else:
            del self.fields["password"]
            self.fields["email"].required = True
            self.fields["email"].help_text = _("Your account has no password: type its email address to confirm.")
        if not self.needs_code:
            del self.fields["code"]
        else:
            self.fields["code"].required = True

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if not ratelimits.hit("privacy-delete", str(self.user.pk), CHECK_RATE):
            raise forms.ValidationError(_("Too many attempts. Try again in an hour."))
        if "password" in self.fields and not self.user.check_password(data.get("password") or ""):
            self.add_error("password", _("This is not your password."))
        if "email" in self.fields and (data.get("email") or "").strip().lower() != self.user.email.lower():
            self.add_error("email", _("This is not the email address of your account."))
        if self.needs_code and not deletion.check_second_factor(self.user, data.get("code")):
            self.add_error("code", _("This code is wrong or was already used."))
        return data


class StaffDeleteAccountForm(forms.Form):
    posts = forms.ChoiceField(label=_("The member's posts"), choices=PostsChoice.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Request being answered"),
        max_length=500,
        help_text=_("For example: email of 3 December asking for erasure. Do not write the person's name or address."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(label=_("I checked that the request comes from the account's owner."), required=True)


def user_for_staff(user_id):
    return get_user_model().objects.filter(pk=user_id).first()
