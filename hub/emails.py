"""One branded layout for every email (templates/email/layout.html).

Emails written as plain text (allauth's account emails, invitations, reminders, reports)
get an HTML alternative in that layout from their text: paragraphs kept, addresses made
links, and an address alone on its line shown as a button.
"""

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import format_html, urlize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

_URL_LINE = re.compile(r"^\s*(https?://\S+)\s*$")
BUTTON = (
    "display:inline-block;background:#0b5f84;color:#ffffff;padding:10px 18px;border-radius:6px;"
    "text-decoration:none;font-weight:bold;"
)


def layout_context(**extra) -> dict:
    return {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **extra}


def text_to_html(text: str) -> str:
    """The body of a plain-text email as safe HTML paragraphs."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", (text or "").strip()):
        lines = block.splitlines()
        if len(lines) == 1 and (match := _URL_LINE.match(lines[0])):
            url = match[1]
            paragraphs.append(
                format_html(
                    '<p><a href="{}" style="{}">{}</a><br><span style="font-size:12px;color:#555d66;">{}</span></p>',
                    url,
                    BUTTON,
                    _("Open the link"),
                    url,
                )  # fmt: skip
            )
            continue
        html = "<br>\n".join(urlize(line.strip(), autoescape=True) for line in lines)
        paragraphs.append(f"<p>{html}</p>")
    return mark_safe("\n".join(paragraphs))  # noqa: S308 - every piece above is escaped


def html_from_text(text: str, *, subject: str = "") -> str:
    """A whole HTML email in the hub's layout, made from a plain-text one."""
    return render_to_string("email/layout.html", layout_context(subject=subject, body_html=text_to_html(text)))
