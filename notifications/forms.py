from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import DigestFrequency
from notifications.models import Channel, NotificationKind


class PreferencesForm(forms.Form):
    """One channel choice per notification kind, and a digest frequency per community."""

    def __init__(self, *args, preferences, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = list(memberships)
        for kind, label in NotificationKind.choices:
            self.fields[f"kind_{kind}"] = forms.ChoiceField(
                label=label, choices=Channel.choices, initial=preferences[kind], widget=forms.Select
            )
        for membership in self.memberships:
            self.fields[f"digest_{membership.community_id}"] = forms.ChoiceField(
                label=membership.community.name,
                choices=DigestFrequency.choices,
                initial=membership.digest_frequency,
                help_text=_("Digest frequency"),
            )

    def kind_fields(self):
        return [self[f"kind_{kind}"] for kind in NotificationKind.values]

    def digest_fields(self):
        return [self[f"digest_{m.community_id}"] for m in self.memberships]
