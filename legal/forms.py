from django import forms
from django.utils.translation import gettext_lazy as _


class AcceptForm(forms.Form):
    """Accept the current versions listed on the page."""

    accept = forms.BooleanField(
        label=_("I have read and accept these documents."),
        error_messages={"required": _("Please tick the box to accept, or sign out.")},
    )
    documents = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, pending=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.pending = list(pending)
        self.fields["documents"].initial = ",".join(str(d.pk) for d in self.pending)
        self.fields["accept"].widget.attrs["class"] = "form-check-input"

    def clean_documents(self):
        # The page may be stale (a newer version was published meanwhile): the member must
        # accept exactly what is current, so a mismatch shows the page again.
        shown = self.cleaned_data["documents"]
        current = ",".join(str(d.pk) for d in self.pending)
        if shown != current:
            raise forms.ValidationError(_("These documents changed while you were reading. Please read them again."))
        return shown
