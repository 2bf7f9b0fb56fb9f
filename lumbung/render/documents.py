"""Model regulations as DOCX (python-docx), ODT (odfdo) and PDF (ReportLab).

All three lay out the same blocks from :func:`lumbung.regulation.layout`: centred bold
titles, BAB and Pasal headings kept with their text, hanging indents for ayat and
lists, signature blocks, page numbers, A4 (or F4) paper.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import reportlab
from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from odfdo import Document as OdfDocument
from odfdo import Element, Paragraph, Span, Style, VarPageNumber
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import SimpleDocTemplate

from lumbung.regulation import BLANK, Block, Segment, layout

PAPER = {"A4": (210, 297), "F4": (215, 330)}  # millimetres
STEP_CM = 0.75  # indentation per list level
LABEL_CM = {"default": 0.9, "diktum": 2.6}
SIGNATURE_CM = 9.0
FONT_SIZE = 12


@dataclass(frozen=True)
class Options:
    paper: str = "A4"
    tokens: bool = False  # blanks as ⟦key⟧ tokens, for the in-browser builder's template
    annotated: bool = False  # commentary as Word comments (DOCX only)


def segment_text(segment: Segment, options: Options) -> str:
    if segment.key is None:
        return segment.text
    if options.tokens:
        return f"⟦{segment.key}{':upper' if segment.upper else ''}⟧"
    return BLANK


def _indent(block: Block) -> tuple[float, float]:
    """(left indent, first-line indent) in cm: the label hangs to the left of the text."""
    if block.role == "signature" and not block.label:
        return (SIGNATURE_CM if block.level else 0.0), 0.0
    if not block.label:
        return block.level * STEP_CM, 0.0
    width = LABEL_CM["diktum" if block.label.endswith(":") else "default"]
    left = block.level * STEP_CM + width
    return left, -width


# --- DOCX -------------------------------------------------------------------------------------

def to_docx(model: dict, options: Options = Options()) -> bytes:
    document = DocxDocument()
    section = document.sections[0]
    width, height = PAPER[options.paper]
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(FONT_SIZE)
    normal.paragraph_format.space_after = Pt(0)
    _docx_page_number(section.footer.paragraphs[0])

    for block in layout(model):
        paragraph = document.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                         "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[block.align]
        left, first = _indent(block)
        fmt.left_indent, fmt.first_line_indent = Cm(left), Cm(first)
        fmt.space_before = Pt(FONT_SIZE if block.space_before else 0)
        fmt.keep_with_next = block.keep_with_next
        if block.label:
            fmt.tab_stops.add_tab_stop(Cm(left))
            paragraph.add_run(f"{block.label}\t").bold = block.bold
        runs = []
        for segment in block.segments:
            run = paragraph.add_run(segment_text(segment, options))
            run.bold = block.bold
            runs.append(run)
        if options.annotated and block.commentary and runs:
            document.add_comment(runs, text=commentary_text(block.commentary),
                                 author="Lumbung Praktik", initials="LP")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_page_number(paragraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def commentary_text(commentary: dict) -> str:
    parts = [commentary.get("why", "")]
    if commentary.get("basis"):
        parts.append(f"Dasar hukum: {commentary['basis']}.")
    if commentary.get("cases"):
        parts.append("Dipraktikkan di: " + ", ".join(commentary["cases"]) + ".")
    return " ".join(part for part in parts if part)


# --- ODT --------------------------------------------------------------------------------------

def to_odt(model: dict, options: Options = Options()) -> bytes:
    document = OdfDocument("text")
    body = document.body
    body.clear()
    width, height = PAPER[options.paper]
    _odt_page(document, width, height)
    styles: dict[tuple, str] = {}
    bold_style = Style("text", name="LpBold", bold=True)
    document.insert_style(bold_style, automatic=True)

    for block in layout(model):
        name = _odt_paragraph_style(document, styles, block)
        text = "".join(segment_text(s, options) for s in block.segments)
        content = f"{block.label}\t{text}" if block.label else text
        paragraph = Paragraph("" if block.bold else content, style=name)
        if block.bold:
            paragraph.append(Span(content, style="LpBold"))
        body.append(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _odt_paragraph_style(document: OdfDocument, styles: dict, block: Block) -> str:
    left, first = _indent(block)
    key = (block.align, round(left, 2), round(first, 2), block.space_before, block.keep_with_next)
    if key not in styles:
        name = f"LpP{len(styles) + 1}"
        area = {"fo:text-align": {"center": "center", "left": "start", "justify": "justify"}[
            block.align], "fo:margin-left": f"{left}cm", "fo:text-indent": f"{first}cm",
            "fo:margin-top": f"{FONT_SIZE if block.space_before else 0}pt",
            "fo:margin-bottom": "0pt"}
        if block.keep_with_next:
            area["fo:keep-with-next"] = "always"
        style = Style("paragraph", name=name)
        style.set_properties(properties=area, area="paragraph")
        style.set_properties(properties={"fo:font-size": f"{FONT_SIZE}pt",
                                         "style:font-name": "Arial"}, area="text")
        if left:
            tabs = Element.from_tag(
                '<style:tab-stops><style:tab-stop style:position="0cm"/></style:tab-stops>')
            style.get_element("style:paragraph-properties").append(tabs)
        document.insert_style(style, automatic=True)
        styles[key] = name
    return styles[key]


def _odt_page(document: OdfDocument, width: int, height: int) -> None:
    layout_style = document.get_style("page-layout", "Mpm1") or None
    master = document.get_style("master-page", "Standard")
    if layout_style is not None:
        layout_style.set_properties(properties={
            "fo:page-width": f"{width}mm", "fo:page-height": f"{height}mm",
            "fo:margin-left": "2.5cm", "fo:margin-right": "2.5cm",
            "fo:margin-top": "2.5cm", "fo:margin-bottom": "2.5cm"})
    if master is not None:
        footer = Paragraph("", style="Footer")
        footer.append(VarPageNumber())
        master.set_page_footer([footer])


# --- PDF --------------------------------------------------------------------------------------

FONT_DIR = Path(reportlab.__file__).parent / "fonts"


def _pdf_fonts() -> tuple[str, str]:
    # Bitstream Vera ships inside ReportLab's wheel, is embedded in the PDF, and covers
    # Indonesian text and typographic quotes.
    if "LpVera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("LpVera", str(FONT_DIR / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont("LpVeraBold", str(FONT_DIR / "VeraBd.ttf")))
    return "LpVera", "LpVeraBold"


def to_pdf(model: dict, options: Options = Options()) -> bytes:
    regular, bold = _pdf_fonts()
    width, height = PAPER[options.paper]
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=(width * mm, height * mm), leftMargin=2.5 * cm,
                            rightMargin=2.5 * cm, topMargin=2.5 * cm, bottomMargin=2.5 * cm,
                            title=model["title"], author="Lumbung Praktik")
    story = []
    for block in layout(model):
        left, first = _indent(block)
        style = ParagraphStyle(
            "lp", fontName=bold if block.bold else regular, fontSize=FONT_SIZE - 1,
            leading=(FONT_SIZE - 1) * 1.35, spaceBefore=FONT_SIZE if block.space_before else 0,
            alignment={"center": TA_CENTER, "left": TA_LEFT, "justify": TA_JUSTIFY}[block.align],
            leftIndent=left * cm, keepWithNext=int(block.keep_with_next),
            bulletFontName=bold if block.bold else regular, bulletFontSize=FONT_SIZE - 1,
            bulletIndent=(left + first) * cm)
        text = xml_escape("".join(segment_text(s, options) for s in block.segments))
        story.append(PdfParagraph(text, style, bulletText=block.label or None))
    doc.build(story, onFirstPage=_pdf_page_number(regular), onLaterPages=_pdf_page_number(regular))
    return out.getvalue()


def _pdf_page_number(font: str) -> Callable:
    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.drawCentredString(doc.pagesize[0] / 2, 1.2 * cm, str(doc.page))
        canvas.restoreState()
    return draw


FORMATS = {"docx": to_docx, "odt": to_odt, "pdf": to_pdf}
