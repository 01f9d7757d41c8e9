"""allauth hooks: how the hub talks to members during sign-up and login."""

from allauth.account.adapter import DefaultAccountAdapter

from hub.emails import html_from_text


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data.get("display_name", "") or user.username
        if commit:
            user.save()
        return user

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's emails in the hub's branded layout: the text body (templates/account/email/)
        also goes out as HTML unless a ``*_message.html`` template already gave one."""
        message = super().render_mail(template_prefix, email, context, headers=headers)
        has_html = message.content_subtype == "html" or any(
            kind == "text/html" for _content, kind in getattr(message, "alternatives", [])
        )
        if not has_html:
            message.attach_alternative(html_from_text(message.body, subject=message.subject), "text/html")
        return message
