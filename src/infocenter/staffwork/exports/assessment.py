"""IT-4: the annual assessment as a Word document (python-docx): title, person, department,
year, the four sections under their headings, the figures as a table, the head's comment with
the drawn signature, and the dates."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Cm, Pt

from ..figures import SECTIONS

FONT = "Microsoft YaHei"


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"


def assessment_docx(assessment, *, figures, department: str) -> bytes:
    """The assessment as .docx bytes; ``figures`` are the ones its page shows."""
    doc = Document()
    doc.styles["Normal"].font.name = FONT
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(_("Annual assessment summary of the information center"), level=0)
    facts = doc.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in (
        (_("staff member"), str(assessment.person)),
        (_("department"), department or "—"),
        (_("site"), assessment.site.name),
        (_("year"), str(assessment.year)),
        (_("state"), assessment.get_state_display()),
    ):
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = label, value
    for key, heading in SECTIONS.items():
        doc.add_heading(str(heading), level=1)
        for line in (getattr(assessment, key) or "—").splitlines() or ["—"]:
            doc.add_paragraph(line)
    doc.add_heading(_("Figures of the year"), level=1)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    head = table.rows[0].cells
    head[0].text, head[1].text, head[2].text = _("section"), _("figure"), _("value")
    for figure in figures:
        cells = table.add_row().cells
        cells[0].text = str(SECTIONS.get(figure.section, figure.section))
        cells[1].text, cells[2].text = str(figure.label), str(figure.value)
    doc.add_heading(_("Information-center head"), level=1)
    doc.add_paragraph(assessment.head_comment or "—")
    if assessment.signature:
        with assessment.signature.open("rb") as image:
            doc.add_picture(io.BytesIO(image.read()), width=Cm(4))
    doc.add_paragraph(f"{_('signed by')}: {assessment.signed_by or '—'}")
    for label, moment in (
        (_("drafted at"), assessment.created_at),
        (_("submitted at"), assessment.submitted_at),
        (_("signed at"), assessment.signed_at),
    ):
        doc.add_paragraph(f"{label}: {_when(moment)}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
