"""The peer of benches/plan.rs: python-docx builds the same Document (from its JSON) with the same
layout (A4, margins, Times New Roman in all slots, header table, body, data tables, photos two per
row, closing table). scripts/bench_report.py reuses `build`.
Usage: python3 scripts/bench_plan.py DOCUMENT_JSON ITERATIONS OUT_DOCX"""
import io
import json
import sys
import time

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, Twips

FONT = "Times New Roman"


def font(run, size, bold=False, italic=False, underline=False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def centered(cell_or_doc, text, size, bold=False, italic=False, underline=False):
    p = cell_or_doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    font(p.add_run(text), size, bold, italic, underline)
    return p


def build(d, picture=None):
    """`picture(id)` gives a file or stream of the photo with that id (for "photos" blocks)."""
    doc = Document()
    s = doc.sections[0]
    s.page_width, s.page_height = Twips(11906), Twips(16838)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Twips(1134), Twips(1134), Twips(1701), Twips(851)
    s.different_first_page_header_footer = True
    h = d["header"]
    t = doc.add_table(rows=1, cols=2)
    left, right = t.rows[0].cells
    centered(left, h["authority_line"], 13)
    centered(left, h["issuer"], 13, bold=True)
    centered(left, h["number_line"], 13)
    centered(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True)
    centered(right, "Độc lập - Tự do - Hạnh phúc", 14, bold=True, underline=True)
    centered(right, h["place_date"], 14, italic=True)
    centered(doc, d["title"], 14, bold=True)
    centered(doc, d["summary"], 14, bold=True)
    for block in d["body"]:
        if block["kind"] in ("heading", "paragraph"):
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Twips(720)
            p.paragraph_format.space_before = Pt(6)
        if block["kind"] == "heading":
            font(p.add_run(block["text"]), 14, bold=block["level"] < 3, italic=block["level"] >= 3)
        elif block["kind"] == "paragraph":
            for span in block["spans"]:
                font(p.add_run(span["text"]), 14, span["bold"], span["italic"])
        elif block["kind"] == "table":
            cols = block["columns"]
            t = doc.add_table(rows=1 + len(block["rows"]), cols=len(cols))
            t.style = "Table Grid"
            total = sum(c["weight"] for c in cols)
            for i, c in enumerate(cols):
                cell = t.rows[0].cells[i]
                cell.width = Twips(9354 * c["weight"] // total)
                centered(cell, c["title"], 13, bold=True)
            for r, row in enumerate(block["rows"], start=1):
                for i, text in enumerate(row):
                    font(t.rows[r].cells[i].paragraphs[0].add_run(text), 13)
        elif block["kind"] == "photos":
            photos = block["photos"]
            t = doc.add_table(rows=(len(photos) + 1) // 2, cols=2)
            for n, ph in enumerate(photos):
                cell = t.rows[n // 2].cells[n % 2]
                para = cell.paragraphs[0]
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                para.add_run().add_picture(picture(ph["id"]), height=Cm(5))
                centered(cell, ph["caption"], 12, italic=True)
    t = doc.add_table(rows=1, cols=2)
    left, right = t.rows[0].cells
    font(left.add_paragraph().add_run("Nơi nhận:"), 12, bold=True, italic=True)
    for r in d["recipients"]:
        font(left.add_paragraph().add_run("- " + r), 11)
    for line in d["signature"]["title_lines"]:
        centered(right, line, 14, bold=True)
    centered(right, d["signature"]["name"], 14, bold=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def main():
    d = json.load(open(sys.argv[1], encoding="utf-8"))
    n = int(sys.argv[2])
    start = time.perf_counter()
    data = b""
    for _ in range(n):
        data = build(d)
    mean_ms = (time.perf_counter() - start) * 1000 / n
    open(sys.argv[3], "wb").write(data)
    print(f"python-docx\t{n}\t{mean_ms:.2f}\t{len(data)}")


if __name__ == "__main__":
    main()
