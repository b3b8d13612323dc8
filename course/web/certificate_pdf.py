"""The certificate as a PDF (fpdf2, fonts shipped in course/web/fonts/), in the person's language.

It names the company (course.md's `company:`), the person, the course, the completion date, the
validity, and carries the verification code with the address that checks it (/verify/<code>).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from flask_babel import force_locale, format_date

from course import clock
from course.content.values import Course
from course.domain.certificate import Completion
from course.domain.verification import shown
from course.models import Certificate, User
from course.web.i18n import _
from course.web.links import verify_link

if TYPE_CHECKING:
    from fpdf import FPDF

FONTS = Path(__file__).parent / "fonts"
FONT = "DejaVu"


def _day(value: datetime) -> str:
    """A stored (UTC) time as the local day it falls on, written out in the current language."""
    return format_date(clock.local_day(value), format="long")


def certificate_pdf(course: Course, user: User, completion: Completion, certificate: Certificate, language: str) -> bytes:
    """Write one A4 landscape page; return the PDF's bytes."""
    with force_locale(language):
        from fpdf import FPDF  # here, not at the top: fpdf and fontTools are 22 MB of every worker otherwise

        pdf = FPDF(orientation="L", unit="mm", format="A4")
        pdf.set_auto_page_break(False)
        pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        pdf.set_title(_("Certificate") + f": {user.name}")
        pdf.set_author(course.company or "Kurs")
        pdf.set_creator("Kurs")
        pdf.add_page()
        pdf.set_draw_color(60, 90, 130)
        pdf.set_line_width(0.8)
        pdf.rect(12, 12, 273, 186)
        pdf.set_y(28)
        _line(pdf, course.company, 14, bold=True)
        _line(pdf, _("Certificate"), 30, bold=True, after=8)
        _line(pdf, _("This certifies that"), 13)
        _line(pdf, user.name, 24, bold=True, after=4)
        _line(pdf, _("has completed the course"), 13)
        _line(pdf, course.title, 17, bold=True, after=2)
        _line(pdf, _("on %(date)s.", date=_day(certificate.completed_at)), 13, after=4)
        for record in completion.required:
            _line(pdf, f"{record.module.title}: {_day(record.completed_at)}", 10, after=0)
        if certificate.valid_until:
            pdf.ln(3)
            _line(pdf, _("Valid until %(date)s.", date=_day(certificate.valid_until)), 12, bold=True)
        pdf.set_y(170)
        _line(pdf, _("Verification code: %(code)s", code=shown(certificate.code)), 11, bold=True, after=0)
        _line(pdf, _("Check this certificate at %(address)s", address=verify_link(certificate.code)), 9, after=0)
        return bytes(pdf.output())


def _line(pdf: FPDF, text: str, size: int, bold: bool = False, after: float = 2) -> None:
    """One centred line (wrapped when long); nothing for empty text."""
    if not text:
        return
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.multi_cell(w=0, h=size * 0.5, text=text, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(after)
