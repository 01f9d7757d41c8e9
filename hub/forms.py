from django import forms
from django.utils.translation import gettext_lazy as _

from hub.models import ContactMessage


class ContactForm(forms.ModelForm):
    class Meta:
        model = ContactMessage
        fields = ["name", "email", "subject", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"message": _("Up to 5,000 characters.")}

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if len(message) < 10:
            raise forms.ValidationError(_("Please write a little more (at least 10 characters)."))
        return message
