"""The charter as a PDF (fpdf2, pure Python).

A Unicode TrueType font is used when the system has one (DejaVu Sans); otherwise the
built-in Helvetica with characters outside Latin-1 replaced, so a PDF is always produced.
"""

import logging
from pathlib import Path

from django.utils.translation import gettext as _
from fpdf import FPDF

logging.getLogger("fontTools").setLevel(logging.WARNING)  # font subsetting is chatty at INFO

FONT_CANDIDATES = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
]


class CharterPDF(FPDF):
    def __init__(self):
        super().__init__(format="A4")
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=18)
        regular = next((p for p in FONT_CANDIDATES if p.exists()), None)
        bold = regular.with_name("DejaVuSans-Bold.ttf") if regular else None
        if regular is not None:
            self.add_font("body", "", str(regular))
            self.add_font("body", "B", str(bold if bold and bold.exists() else regular))
            self.family, self.unicode = "body", True
        else:
            self.family, self.unicode = "helvetica", False

    def text_(self, value):
        value = str(value or "")
        return value if self.unicode else value.encode("latin-1", "replace").decode("latin-1")

    def heading(self, value, size=13):
        self.ln(3)
        self.set_font(self.family, "B", size)
        self.multi_cell(0, 7, self.text_(value), new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.family, "", 10.5)

    def para(self, value):
        self.multi_cell(0, 5.5, self.text_(value), new_x="LMARGIN", new_y="NEXT")

    def bullet(self, value):
        self.multi_cell(0, 5.5, self.text_(f"•  {value}" if self.unicode else f"-  {value}"),
                        new_x="LMARGIN", new_y="NEXT")  # fmt: skip


def charter_pdf_bytes(version) -> bytes:
    content = version.content
    pdf = CharterPDF()
    pdf.set_title(pdf.text_(f"{_('Community Charter')}: {content['name']}"))
    pdf.add_page()
    pdf.heading(f"{_('Community Charter')}: {content['name']}", size=17)
    pdf.para(f"{_('Convened by')} {content['organisation']} · {_('Topic')}: {content['topic']}")
    pdf.para(f"{_('Version')} {version.number} · {version.get_status_display()}")
    if content.get("description"):
        pdf.ln(2)
        pdf.para(content["description"])
    pdf.heading(_("Objectives"))
    for i, objective in enumerate(content.get("objectives", []), 1):
        pdf.para(f"{i}. {objective}")
    if content.get("value"):
        pdf.heading(_("Value we expect to create"))
        for v in content["value"]:
            extra = f" ({_('indicators')}: {v['indicators']})" if v.get("indicators") else ""
            pdf.bullet(f"{v['cycle']}: {v['expected']}{extra}")
    audience = content.get("audience", {})
    pdf.heading(_("Audience"))
    pdf.bullet(f"{_('People mapped')}: {audience.get('people', 0)}")
    for key, label in (("organisations", _("Organisations")), ("sectors", _("Sectors")),
                       ("countries", _("Countries")), ("connectors", _("Connectors to invite first"))):  # fmt: skip
        if audience.get(key):
            pdf.bullet(f"{label}: {', '.join(audience[key])}")
    pdf.heading(_("Activity plan"))
    for a in content.get("activities", []):
        until = f" – {a['ends_on']}" if a.get("ends_on") else ""
        pdf.bullet(f"{a['starts_on']}{until}: {a['title']} ({a['kind']}, {a['format']}, {a['owner']}) {a['focus']}")
    pdf.heading(_("Roles"))
    for r in content.get("roles", []):
        who = r.get("person") or r.get("email") or _("to be named")
        pdf.bullet(f"{r['role_label']}: {who}, {r['hours']:g} h/{_('week')}. {r['responsibilities']}")
    pdf.para(f"{_('Estimated effort')}: {content.get('hours_per_week', 0):g} {_('hours per week')}")
    return bytes(pdf.output())
