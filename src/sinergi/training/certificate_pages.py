"""Certificate PDFs compiled in batches: one typst document per batch, split into pages.

Django-free on purpose: `certificates.bulk_zip` runs `render_batch` in worker processes
(at most one per CPU core this process may use), each keeping one `typst.Compiler` (fonts
and the template loaded once). A batch of certificates is ONE typst compilation of the
template (`templates/training/certificate.typ`, which lays out a list of certificates,
one per page) and ONE PDF, split into one PDF per certificate with pdfium: a compilation
per certificate costs ~4 ms of CPU, a page of a 50-page batch ~1.7 ms plus ~0.25 ms to
split (docs/benchmarks.md).

Invariants: every certificate keeps its own PDF, code and QR code (the QR of its own
verification URL, made by segno in memory); nothing is read from disk but the template
and nothing from the network. A batch whose document does not have exactly one page per
certificate (a name too long for one page) is compiled again one certificate at a time,
so a PDF never holds another person's page.
"""

from __future__ import annotations

import io
import json
import threading
from typing import Any

import segno

BATCH = 50

_compilers: dict[str, Any] = {}
# A compiler compiles one document at a time (a web process serves requests in threads).
_lock = threading.Lock()


def qr_svg(url: str) -> str:
    """The QR code of `url` as SVG text (error correction M). The mask pattern is fixed:
    any of the eight is valid for every reader, and choosing the "best" one costs ~20 ms
    per code (segno scores all eight)."""
    buffer = io.BytesIO()
    segno.make(url, error="m", mask=0).save(buffer, kind="svg", scale=4, border=1, xmldecl=False)
    return buffer.getvalue().decode("utf-8")


def _compiler(template: str) -> Any:
    import typst

    if template not in _compilers:
        # A compiler reads its input from a file: the template as it is on disk.
        _compilers[template] = typst.Compiler(template, sys_inputs={"data": "[]", "qrs": "[]"})
    return _compilers[template]


def compile_document(template: str, items: list[dict[str, str]]) -> bytes:
    """One PDF with one page per certificate of `items` (their `data_of` dicts)."""
    qrs = [qr_svg(item["verify_url"]) for item in items]
    inputs = {"data": json.dumps(items), "qrs": json.dumps(qrs)}
    with _lock:
        return _compiler(template).compile(format="pdf", sys_inputs=inputs)


def split_pages(pdf: bytes) -> list[bytes]:
    """One PDF per page of `pdf`."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(pdf)
    try:
        out = []
        for index in range(len(source)):
            page = pdfium.PdfDocument.new()
            try:
                page.import_pages(source, [index])
                buffer = io.BytesIO()
                page.save(buffer)
            finally:
                page.close()
            out.append(buffer.getvalue())
        return out
    finally:
        source.close()


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def render_batch(template: str, items: list[dict[str, str]]) -> list[bytes]:
    """One PDF per certificate of `items`, in order (module doc)."""
    if not items:
        return []
    if len(items) == 1:
        return [compile_document(template, items)]
    pages = split_pages(compile_document(template, items))
    if len(pages) == len(items):
        return pages
    return [compile_document(template, [item]) for item in items]
