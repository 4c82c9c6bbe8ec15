"""Print-ready flyers (A4 or A5 PDF, typst) for one business or a collection.

Each product card has its photo (the stored thumbnail: already cleaned of metadata),
price, unit, valid certificates and a QR code (segno) to its public page. The template
reads its data from `sys.inputs.data` (JSON) and its pictures from a temporary folder
that is the typst root, so nothing typed by a user becomes typst markup and the compiler
can read no other file. typst embeds its own fonts: no network, no system fonts needed.

Only public data goes on a flyer: callers pass products from `Product.objects.for_catalog()`.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import segno
import typst
from django.conf import settings
from django.utils import timezone

from sinergi.catalog.models import Product
from sinergi.catalog.prices import format_price

MAX_PRODUCTS = 50
PAPERS = {"a4": 3, "a5": 2}  # paper -> columns


def flyer_pdf(
    products: list[Product],
    *,
    title: str,
    subtitle: str,
    paper: str,
    url_of: Any,
) -> bytes:
    """The PDF for `products` (at most `MAX_PRODUCTS`); `url_of(product)` is the absolute
    address of its public page (the QR code's content)."""
    if paper not in PAPERS:
        raise ValueError(paper)
    template = Path(settings.PACKAGE_DIR) / "templates" / "catalog" / "flyer.typ"
    today = timezone.localdate()
    with tempfile.TemporaryDirectory(prefix="sinergi-flyer-") as folder:
        root = Path(folder)
        items = []
        for n, item in enumerate(products[:MAX_PRODUCTS]):
            qr = f"qr{n}.svg"
            segno.make(url_of(item), error="m").save(str(root / qr), kind="svg", border=1)
            photo = ""
            photos = list(item.photos.all())
            if photos:
                photo = f"p{n}.jpg"
                (root / photo).write_bytes(bytes(photos[0].thumb))
            certs = [
                f"{c.get_kind_display()} {c.number}"
                for c in item.certifications.all()
                if not c.is_expired(today)
            ]
            village = item.business.village
            region = ""
            if village is not None and village.parent is not None:
                regency = village.parent.parent
                region = f"{village.parent.name}, {regency.name}" if regency else ""
            items.append(
                {
                    "name": item.name,
                    "business": item.business.name,
                    "price": format_price(item.price_min, item.price_max) or "—",
                    "unit": item.unit,
                    "certs": " · ".join(certs),
                    "region": region,
                    "photo": photo,
                    "qr": qr,
                }
            )
        data = {
            "title": title,
            "subtitle": subtitle,
            "paper": paper,
            "columns": PAPERS[paper],
            "items": items,
            "footer": f"Sinergi · {today.isoformat()} · pindai kode QR untuk membeli",
        }
        main = root / "flyer.typ"
        main.write_bytes(template.read_bytes())
        return typst.compile(
            str(main), root=str(root), format="pdf", sys_inputs={"data": json.dumps(data)}
        )
