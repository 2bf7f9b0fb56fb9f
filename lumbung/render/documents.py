"""Model regulations as DOCX (python-docx), ODT (odfdo) and PDF (ReportLab).

All three lay out the same blocks from :func:`lumbung.regulation.layout` with the same
geometry: Arial-metric 12 pt (Arial named in DOCX and ODT, where Word has it and
LibreOffice substitutes the metric-compatible Liberation Sans; Liberation Sans embedded
in the PDF), the label columns of Menimbang/Mengingat/Menetapkan and the diktum, hanging
indents for ayat and lists, signature blocks kept on one page with room for the
signature and the stamp, each lampiran and the Penjelasan on a new page, page numbers
centred at the foot, A4 or F4 paper.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from docx import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from odfdo import Cell, Element, Paragraph, Row, Span, Style, Table, VarPageNumber
from odfdo import Document as OdfDocument
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table as PdfTable

from lumbung.legal import Words
from lumbung.regulation import BLANK, PLAIN, Block, Choice, Segment, layout

PAPER = {"A4": (210, 297), "F4": (215, 330)}  # millimetres
MARGIN_CM = 2.5
STEP_CM = 0.75  # indentation per list level
LABEL_CM = 1.0  # width of a hanging label: "a.", "(1)", "10."
RIGHT_COLUMN_CM = 8.0  # signature and lampiran heading column
FONT_SIZE = 12
LINE_PT = 14  # exact line height in every format, so lines and pages fall alike
FONT_NAME = "Arial"  # as named in DOCX and ODT
FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
AUTHOR = "Lumbung Praktik"
MAX_FIELD = 10_000  # characters a filled value may have
KEEP_WHOLE = ("title", "heading", "signature", "note")  # never split over two pages

# Characters XML 1.0 cannot carry (C0 controls but tab and newline, U+FFFE/U+FFFF and
# lone surrogates); a filled value loses them, and the caller is told.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Options:
    paper: str = "A4"
    tokens: bool = False  # blanks and words as ⟦key⟧ tokens, for the in-browser builder
    annotated: bool = False  # commentary as Word comments (DOCX only)
    choice: Choice = PLAIN
    words: Words = Words()
    values: dict = field(default_factory=dict, hash=False, compare=False)


def clean_value(value: str) -> str:
    """A village's value as a document can hold it: without what XML cannot carry, at
    most :data:`MAX_FIELD` characters, spaces collapsed."""
    return " ".join(XML_ILLEGAL.sub("", str(value)).split())[:MAX_FIELD]


def segment_text(segment: Segment, options: Options) -> str:
    if segment.key is None and segment.term is None:
        return segment.text
    if options.tokens:
        name = segment.key or f"@{segment.term}"
        return f"⟦{name}{':upper' if segment.upper else ''}⟧"
    if segment.term is not None:
        text = options.words.word(segment.term)
    else:
        text = clean_value(options.values.get(segment.key, "")) or BLANK
    return text.upper() if segment.upper and text != BLANK else text


def block_text(block: Block, options: Options) -> str:
    return "".join(segment_text(s, options) for s in block.segments)


# --- geometry shared by the three formats ----------------------------------------------------

def _register_fonts() -> tuple[str, str]:
    if "LpSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("LpSans", str(FONT_DIR / "LiberationSans-Regular.ttf")))
        pdfmetrics.registerFont(TTFont("LpSansBold", str(FONT_DIR / "LiberationSans-Bold.ttf")))
    return "LpSans", "LpSansBold"


@dataclass(frozen=True)
class Geometry:
    lead_cm: float  # where the ":" after a lead word stands
    frame_cm: float  # where framed text starts

    @classmethod
    def of(cls, blocks: list[Block]) -> Geometry:
        regular, _ = _register_fonts()
        widest = max((pdfmetrics.stringWidth(b.lead, regular, FONT_SIZE)
                      for b in blocks if b.lead), default=0.0)
        lead = max(2.6, round(widest / cm + 0.25, 2))
        return cls(lead_cm=lead, frame_cm=round(lead + 0.5, 2))


@dataclass(frozen=True)
class Line:
    """How one block sits on the page: indents and tab stops (cm from the text margin)
    and the text before its body (lead, colon, label, separated by tabs)."""

    left: float
    first: float
    tabs: tuple[float, ...]
    prefix: str


def line_of(block: Block, geo: Geometry) -> Line:
    base = geo.frame_cm if block.framed else (RIGHT_COLUMN_CM if block.column == "right" else 0)
    start = base + block.level * STEP_CM
    left = start + (LABEL_CM if block.label else 0)
    if block.lead:
        tabs = (geo.lead_cm, geo.frame_cm) + ((left,) if block.label else ())
        prefix = f"{block.lead}\t:\t" + (f"{block.label}\t" if block.label else "")
        return Line(left, -left, tabs, prefix)
    if block.framed and not block.label and block.role != "note":
        return Line(left, 0.0, (), "")
    if block.label:
        return Line(left, -LABEL_CM, (left,), f"{block.label}\t")
    return Line(left, 0.0, (), "")


def _created(model: dict) -> dt.datetime:
    """The model's own date, so a document does not change from build to build."""
    return dt.datetime.fromisoformat(str(model["updated"])).replace(tzinfo=dt.UTC)


def _dated(package: bytes, model: dict) -> bytes:
    """A DOCX or ODT package (a zip) with each entry dated the model's date instead of the
    minute of the build, so a download is the same file from build to build (and a host's
    cache of it stays valid). Entries keep their order and compression: an ODT's stored
    ``mimetype`` stays first."""
    when = _created(model).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = info.compress_type
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info))
    return out.getvalue()


def _title(model: dict, options: Options) -> str:
    return f"{model['title'].title()} (model Lumbung Praktik)"


# --- DOCX -------------------------------------------------------------------------------------

def to_docx(model: dict, options: Options = Options()) -> bytes:
    blocks = layout(model, options.choice)
    geo = Geometry.of(blocks)
    document = DocxDocument()
    _docx_properties(document, model, options)
    section = document.sections[0]
    width, height = PAPER[options.paper]
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.left_margin = section.right_margin = Cm(MARGIN_CM)
    section.top_margin = section.bottom_margin = Cm(MARGIN_CM)
    normal = document.styles["Normal"]
    normal.font.name = FONT_NAME
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT_NAME)
    normal.font.size = Pt(FONT_SIZE)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = Pt(LINE_PT)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.widow_control = True
    _docx_page_number(section.footer.paragraphs[0])
    body_width = width / 10 - 2 * MARGIN_CM

    first = True
    for block in blocks:
        if block.table is not None:
            _docx_table(document, block, options, body_width)
            continue
        paragraph = document.paragraphs[0] if first and document.paragraphs else \
            document.add_paragraph()
        first = False
        fmt = paragraph.paragraph_format
        fmt.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                         "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[block.align]
        line = line_of(block, geo)
        # Only what differs from the Normal style is written (an explicit "no" or 0 in every
        # paragraph and run made the documents a third slower to write and changed nothing).
        if line.left or line.first:
            fmt.left_indent, fmt.first_line_indent = Cm(line.left), Cm(line.first)
        if block.space_before:
            fmt.space_before = Pt(LINE_PT * block.space_before)
        if block.keep_with_next:
            fmt.keep_with_next = True
        if block.role in KEEP_WHOLE:
            fmt.keep_together = True
        if block.page_break:
            fmt.page_break_before = True
        for tab in line.tabs:
            fmt.tab_stops.add_tab_stop(Cm(tab))
        prefix = [_docx_run(paragraph, line.prefix)] if line.prefix else []
        runs = [_docx_run(paragraph, segment_text(segment, options))
                for segment in block.segments]
        if block.bold:
            for run in prefix + runs:
                run.bold = True
        if options.annotated and block.commentary and runs:
            comment = document.add_comment(runs, text=commentary_text(block.commentary),
                                           author=AUTHOR, initials="LP")
            # Dated the model's date, not the build's (python-docx stamps the time of the
            # call and has no setter: its element, as its documentation advises for XML
            # the API does not reach).
            comment._element.date = _created(model)
    out = io.BytesIO()
    document.save(out)
    return _dated(out.getvalue(), model)


_DOCX_BREAKS = re.compile(r"([\t\r\n])")


def _docx_run(paragraph, text: str):
    """``paragraph.add_run(text)``, written the same (a tab as ``<w:tab/>``, a line end as
    ``<w:br/>``, the rest in ``<w:t>``) through the run's ``add_text`` / ``add_tab`` /
    ``add_break``: python-docx's ``Run.text`` reads the text a character at a time (the model
    downloads took a tenth longer with it)."""
    run = paragraph.add_run()
    for part in _DOCX_BREAKS.split(text):
        if part == "\t":
            run.add_tab()
        elif part in ("\r", "\n"):
            run.add_break()
        elif part:
            run.add_text(part)
    return run


def _docx_properties(document, model: dict, options: Options) -> None:
    props = document.core_properties
    props.author = props.last_modified_by = AUTHOR
    props.title = _title(model, options)
    props.subject = model["title"]
    props.comments = "Model peraturan di desa dari Lumbung Praktik; cocokkan dengan naskah resmi."
    props.created = props.modified = _created(model).replace(tzinfo=None)
    props.revision = 1
    props.keywords = "peraturan desa; pekerja migran"


def _docx_table(document, block: Block, options: Options, body_width: float) -> None:
    rows = block.table
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = _column_widths(len(rows[0]), body_width)
    for r, row in enumerate(rows):
        # A row never splits across pages; the header repeats on each page.
        tr_pr = table.rows[r]._tr.get_or_add_trPr()
        cant = OxmlElement("w:cantSplit")
        tr_pr.append(cant)
        if r == 0:
            header = OxmlElement("w:tblHeader")
            tr_pr.append(header)
        for c, cell in enumerate(row):
            target = table.rows[r].cells[c]
            target.width = Cm(widths[c])
            paragraph = target.paragraphs[0]
            paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER if r == 0 else \
                WD_ALIGN_PARAGRAPH.LEFT
            run = _docx_run(paragraph, "".join(segment_text(s, options) for s in cell))
            if r == 0:
                run.bold = True
    # Space after the table, as after a paragraph.
    document.add_paragraph()


def _column_widths(count: int, body_width: float) -> list[float]:
    if count == 4:  # No., Nama, Unsur, Kedudukan
        parts = [0.09, 0.33, 0.28, 0.30]
    else:
        parts = [1 / count] * count
    return [round(body_width * p, 2) for p in parts]


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
    blocks = layout(model, options.choice)
    geo = Geometry.of(blocks)
    document = OdfDocument("text")
    body = document.body
    body.clear()
    width, height = PAPER[options.paper]
    _odt_fonts(document)
    _odt_page(document, width, height)
    _odt_meta(document, model, options)
    styles: dict[tuple, str] = {}
    document.insert_style(Style("text", name="LpBold", bold=True), automatic=True)
    body_width = width / 10 - 2 * MARGIN_CM

    for block in blocks:
        if block.table is not None:
            body.append(_odt_table(document, block, options, body_width, styles))
            continue
        name = _odt_paragraph_style(document, styles, block, geo)
        line = line_of(block, geo)
        content = line.prefix + block_text(block, options)
        body.append(Paragraph(Span(content, style="LpBold"), style=name) if block.bold
                    else Paragraph(content, style=name))
    out = io.BytesIO()
    document.save(out)
    return _dated(out.getvalue(), model)


def _odt_fonts(document: OdfDocument) -> None:
    """Declare Arial (generic family: swiss), so LibreOffice substitutes a sans-serif with
    Arial's metrics (Liberation Sans), never a serif."""
    face = Element.from_tag(
        f'<style:font-face style:name="{FONT_NAME}" svg:font-family="{FONT_NAME}" '
        'style:font-family-generic="swiss" style:font-pitch="variable"/>')
    for part in (document.get_part("content.xml"), document.get_part("styles.xml")):
        decls = part.get_element("//office:font-face-decls")
        if decls is None:
            continue
        for old in decls.get_elements(f'style:font-face[@style:name="{FONT_NAME}"]'):
            decls.delete(old)
        decls.append(face.clone)
    default = document.get_style("paragraph", "Standard")
    if default is not None:
        default.set_properties(properties={"style:font-name": FONT_NAME,
                                           "fo:font-size": f"{FONT_SIZE}pt"}, area="text")


def _odt_meta(document: OdfDocument, model: dict, options: Options) -> None:
    meta = document.meta
    meta.set_title(_title(model, options))
    meta.set_subject(model["title"])
    meta.set_initial_creator(AUTHOR)
    meta.set_creator(AUTHOR)
    meta.set_description("Model peraturan di desa dari Lumbung Praktik; "
                         "cocokkan dengan naskah resmi.")
    created = _created(model).replace(tzinfo=None)
    meta.set_creation_date(created)
    meta.set_modification_date(created)
    meta.set_generator(AUTHOR)
    meta.set_editing_cycles(1)


def _odt_paragraph_style(document: OdfDocument, styles: dict, block: Block,
                         geo: Geometry) -> str:
    line = line_of(block, geo)
    key = (block.align, line.left, line.first, line.tabs, block.space_before,
           block.keep_with_next, block.page_break, block.role in KEEP_WHOLE)
    if key not in styles:
        name = f"LpP{len(styles) + 1}"
        area = {"fo:text-align": {"center": "center", "left": "start", "justify": "justify"}[
            block.align], "fo:margin-left": f"{line.left}cm", "fo:text-indent": f"{line.first}cm",
            "fo:margin-top": f"{LINE_PT * block.space_before}pt",
            "fo:margin-bottom": "0pt", "fo:line-height": f"{LINE_PT}pt",
            "fo:widows": "2", "fo:orphans": "2"}
        if block.role in KEEP_WHOLE:
            area["fo:keep-together"] = "always"
        if block.keep_with_next:
            area["fo:keep-with-next"] = "always"
        if block.page_break:
            area["fo:break-before"] = "page"
        style = Style("paragraph", name=name, parent_style="Standard")
        style.set_properties(properties=area, area="paragraph")
        style.set_properties(properties={"fo:font-size": f"{FONT_SIZE}pt",
                                         "style:font-name": FONT_NAME}, area="text")
        if line.tabs:
            # Tab positions are relative to the paragraph's indent (TabsRelativeToIndent).
            stops = "".join(f'<style:tab-stop style:position="{tab - line.left:.2f}cm"/>'
                            for tab in line.tabs)
            tabs = Element.from_tag(f"<style:tab-stops>{stops}</style:tab-stops>")
            style.get_element("style:paragraph-properties").append(tabs)
        document.insert_style(style, automatic=True)
        styles[key] = name
    return styles[key]


def _odt_table(document: OdfDocument, block: Block, options: Options, body_width: float,
               styles: dict) -> Table:
    rows = block.table
    widths = _column_widths(len(rows[0]), body_width)
    name = f"LpT{len(styles) + 1}"
    styles[("table", name)] = name
    table_style = Style("table", name=name, width=f"{sum(widths)}cm", align="center")
    table_style.set_properties(properties={"fo:margin-top": f"{LINE_PT:.2f}pt",
                                           "fo:margin-bottom": f"{LINE_PT:.2f}pt"})
    document.insert_style(table_style, automatic=True)
    cell_style = Style("table-cell", name=f"{name}C", border="0.5pt solid #000000",
                       padding="0.1cm")
    document.insert_style(cell_style, automatic=True)
    table = Table(name, width=len(rows[0]), height=0, style=name)
    for index, width in enumerate(widths):
        column_style = Style("table-column", name=f"{name}c{index}", width=f"{width}cm")
        document.insert_style(column_style, automatic=True)
        table.get_column(index).style = column_style.name
    for r, row in enumerate(rows):
        odf_row = Row()
        for cell in row:
            odf_cell = Cell(style=cell_style.name)
            odf_cell.clear()
            paragraph = Paragraph("")
            text = "".join(segment_text(s, options) for s in cell)
            if r == 0:
                paragraph.append(Span(text, style="LpBold"))
            else:
                paragraph.append_plain_text(text)
            odf_cell.append(paragraph)
            odf_row.append_cell(odf_cell)
        table.append_row(odf_row)
    return table


def _odt_page(document: OdfDocument, width: int, height: int) -> None:
    layout_style = document.get_style("page-layout", "Mpm1") or None
    master = document.get_style("master-page", "Standard")
    if layout_style is not None:
        layout_style.set_properties(properties={
            "fo:page-width": f"{width}mm", "fo:page-height": f"{height}mm",
            "fo:margin-left": f"{MARGIN_CM}cm", "fo:margin-right": f"{MARGIN_CM}cm",
            "fo:margin-top": f"{MARGIN_CM}cm", "fo:margin-bottom": f"{MARGIN_CM - 1}cm"})
    if master is not None:
        footer_style = Style("paragraph", name="LpFooter", parent_style="Standard")
        footer_style.set_properties(properties={"fo:text-align": "center"}, area="paragraph")
        footer_style.set_properties(properties={"fo:font-size": "9pt",
                                                "style:font-name": FONT_NAME}, area="text")
        document.insert_style(footer_style)
        footer = Paragraph("", style="LpFooter")
        footer.append(VarPageNumber())
        master.set_page_footer([footer])
        footer_props = Element.from_tag(
            '<style:footer-style><style:header-footer-properties fo:min-height="0.5cm" '
            'fo:margin-top="0.5cm"/></style:footer-style>')
        if layout_style is not None:
            for old in layout_style.get_elements("style:footer-style"):
                layout_style.delete(old)
            layout_style.append(footer_props)


# --- PDF --------------------------------------------------------------------------------------

def to_pdf(model: dict, options: Options = Options()) -> bytes:
    regular, bold = _register_fonts()
    blocks = layout(model, options.choice)
    geo = Geometry.of(blocks)
    width, height = PAPER[options.paper]
    out = io.BytesIO()
    page_size = (width * mm, height * mm)
    doc = BaseDocTemplate(out, pagesize=page_size, title=_title(model, options), author=AUTHOR,
                          creator=AUTHOR, producer=AUTHOR, subject=model["title"], invariant=1,
                          initialFontName=regular, initialFontSize=FONT_SIZE)
    # The text area of DOCX and ODT: the margins, with no padding inside the frame.
    frame = Frame(MARGIN_CM * cm, MARGIN_CM * cm, page_size[0] - 2 * MARGIN_CM * cm,
                  page_size[1] - 2 * MARGIN_CM * cm, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("page", frames=[frame],
                                       onPage=_pdf_page_number(regular))])
    body_width = width / 10 - 2 * MARGIN_CM
    story: list = []
    group: list = []  # blocks kept with the next one, as one KeepTogether

    def flush() -> None:
        if len(group) > 1:
            story.append(KeepTogether(list(group)))
        else:
            story.extend(group)
        group.clear()

    for block in blocks:
        if block.page_break:
            flush()
            story.append(PageBreak())
        if block.table is not None:
            flush()
            story.append(Spacer(1, LINE_PT))
            story.append(_pdf_table(block, options, body_width, regular, bold))
            continue
        line = line_of(block, geo)
        font = bold if block.bold else regular
        text = xml_escape(block_text(block, options))
        # A block longer than a page cannot be kept with the next one; ReportLab would
        # try for ever (a 10,000-character value in a signature line).
        keep = block.keep_with_next and len(text) < 600
        style = ParagraphStyle(
            "lp", fontName=font, fontSize=FONT_SIZE, leading=LINE_PT,
            spaceBefore=LINE_PT * block.space_before,
            alignment={"center": TA_CENTER, "left": TA_LEFT, "justify": TA_JUSTIFY}[block.align],
            leftIndent=line.left * cm, firstLineIndent=0, keepWithNext=int(keep),
            allowWidows=0, allowOrphans=0, allowSplitting=int(block.role not in KEEP_WHOLE),
            bulletFontName=font, bulletFontSize=FONT_SIZE,
            bulletIndent=(line.left + line.first) * cm)
        bullet = _pdf_bullet(line, font) if line.prefix else None
        group.append(PdfParagraph(text, style, bulletText=bullet))
        if not keep:
            flush()
    flush()
    doc.build(story)
    return out.getvalue()


def _pdf_bullet(line: Line, font: str) -> str:
    """The prefix (lead, colon, label) as one bullet, padded with en spaces so the colon
    and the label sit where the tab stops of DOCX and ODT put them."""
    start = (line.left + line.first) * cm
    parts = [p for p in line.prefix.split("\t") if p]
    stops = list(line.tabs)
    out = parts[0]
    for part, stop in zip(parts[1:], stops, strict=False):
        gap = stop * cm - start - pdfmetrics.stringWidth(out, font, FONT_SIZE)
        spaces = max(1, round(gap / pdfmetrics.stringWidth("\u2002", font, FONT_SIZE)))
        out += "\u2002" * spaces + part
    return out


def _pdf_table(block: Block, options: Options, body_width: float, regular: str,
               bold: str) -> PdfTable:
    rows = block.table
    cell = ParagraphStyle("cell", fontName=regular, fontSize=FONT_SIZE,
                          leading=LINE_PT)
    head = ParagraphStyle("head", parent=cell, fontName=bold, alignment=TA_CENTER)
    data = [[PdfParagraph(xml_escape("".join(segment_text(s, options) for s in c)),
                          head if r == 0 else cell) for c in row]
            for r, row in enumerate(rows)]
    table = PdfTable(data, colWidths=[w * cm for w in _column_widths(len(rows[0]), body_width)],
                     repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("FONTNAME", (0, 0), (-1, -1), regular),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _pdf_page_number(font: str) -> Callable:
    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.drawCentredString(doc.pagesize[0] / 2, 1.5 * cm, str(doc.page))
        canvas.restoreState()
    return draw


FORMATS = {"docx": to_docx, "odt": to_odt, "pdf": to_pdf}
