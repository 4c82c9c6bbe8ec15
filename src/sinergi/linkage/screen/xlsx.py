"""A small, fast .xlsx writer for the officer's spreadsheet (screening.xlsx).

openpyxl spends about a millisecond per row, so a screening of 100k rows with 40k
findings took longer to write than to compute. Here every cell's XML is built by polars
string expressions, a column at a time, and the workbook parts are written as plain
SpreadsheetML. Only what the officer needs: one header row in bold on a tinted fill,
frozen under the header, filters on every column, set column widths, text cells
(inline strings with the "@" text format, so a NIK stays text when edited) and numbers.

Invariants: text is written exactly (XML-escaped; characters XML forbids are dropped);
numbers stay numbers; an empty or null cell is left out. The file opens in Excel,
LibreOffice and openpyxl.
"""

# ruff: noqa: E501 - SpreadsheetML parts read best one element per line, however long

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import polars as pl

# (column, header, width); the column is taken from the frame.
Layout = Sequence[tuple[str, str, int]]

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
{sheets}
</Types>"""
_SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
# Cell styles: 0 default, 1 header (bold, fill), 2 text ("@"), 3 number with 4 decimals.
_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet {_NS}>
<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0000"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill>
<fill><patternFill patternType="gray125"/></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FFDDE5F0"/></patternFill></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="49" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyNumberFormat="1"/>
<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
_ILLEGAL_XML = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"


def column_letter(i: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    out = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        out = chr(65 + rem) + out
    return out


def _xml_text(expr: pl.Expr) -> pl.Expr:
    return (
        expr.str.replace_all(_ILLEGAL_XML, "")
        .str.replace_all("&", "&amp;", literal=True)
        .str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
    )


def _cells(frame: pl.DataFrame, columns: list[str], text: set[str]) -> pl.Series:
    """One '<row>' XML string per frame row (data rows start at spreadsheet row 2)."""
    row_no = (pl.int_range(pl.len()) + 2).cast(pl.Utf8)
    parts: list[pl.Expr] = []
    for i, col in enumerate(columns):
        ref = pl.lit(column_letter(i)) + row_no
        dtype = frame.schema[col]
        if col in text or not dtype.is_numeric():
            value = _xml_text(pl.col(col).cast(pl.Utf8))
            cell = (
                pl.lit('<c r="') + ref + pl.lit('" t="inlineStr" s="2"><is><t xml:space="preserve">')
                + value + pl.lit("</t></is></c>")
            )  # fmt: skip
            present = pl.col(col).is_not_null() & (pl.col(col).cast(pl.Utf8) != "")
        else:
            style = ' s="3"' if dtype.is_float() else ""
            value = pl.col(col).cast(pl.Utf8)
            cell = pl.lit('<c r="') + ref + pl.lit(f'"{style}><v>') + value + pl.lit("</v></c>")
            present = (
                pl.col(col).is_not_null() & pl.col(col).is_finite()
                if dtype.is_float()
                else (pl.col(col).is_not_null())
            )
        parts.append(pl.when(present).then(cell).otherwise(pl.lit("")))
    row = pl.lit('<row r="') + row_no + pl.lit('">') + pl.concat_str(parts) + pl.lit("</row>")
    return frame.select(row.alias("xml"))["xml"]


def sheet_xml(frame: pl.DataFrame, layout: Layout, text: set[str]) -> str:
    """The worksheet XML: header, frozen pane, filters, widths, data rows."""
    present = [(c, h, w) for c, h, w in layout if c in frame.columns]
    columns = [c for c, esc, _w in present]
    last = column_letter(max(len(present), 1) - 1)
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
        for i, (_c, esc, w) in enumerate(present, start=1)
    )
    header = "".join(
        f'<c r="{column_letter(i)}1" t="inlineStr" s="1"><is><t>{escape(h)}</t></is></c>'
        for i, (_c, h, _w) in enumerate(present)
    )
    body = "".join(_cells(frame, columns, text).to_list()) if frame.height else ""
    rows = frame.height + 1
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {_NS} {_NS_R}>'
        f'<dimension ref="A1:{last}{rows}"/>'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        f'<cols>{cols}</cols><sheetData><row r="1">{header}</row>{body}</sheetData>'
        f'<autoFilter ref="A1:{last}{rows}"/></worksheet>'
    )


def write_workbook(
    path: str | Path, sheets: Sequence[tuple[str, pl.DataFrame, Layout]], text: set[str]
) -> None:
    """Write `sheets` (title, frame, layout) to `path`; columns in `text` are text cells."""
    names = [title for title, _f, _l in sheets]
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {_NS} {_NS_R}>'
        "<sheets>"
        + "".join(
            f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, n in enumerate(names, start=1)
        )
        + "</sheets><definedNames>"
        + "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f"'{escape(n)}'!$A$1:${column_letter(max(len(_l), 1) - 1)}${f.height + 1}"
            "</definedName>"
            for i, (n, f, _l) in enumerate(sheets)
        )
        + "</definedNames></workbook>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        + f'<Relationship Id="rId{len(sheets) + 1}" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'
    )
    types = _CONTENT_TYPES.format(
        sheets="\n".join(_SHEET_TYPE.format(n=i) for i in range(1, len(sheets) + 1))
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/styles.xml", _STYLES)
        for i, (_title, frame, layout) in enumerate(sheets, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", sheet_xml(frame, layout, text))
