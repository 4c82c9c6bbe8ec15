"""Catalog fixtures: an owner with a login and a business in Kab. Bangka, photos with EXIF.

- `owner`: a business owner (user `pemilik.siti`) whose business is `siti_business`
  (Warung Makan Bu Siti, NIK 1901015507850001, personal phone +6281234567890);
- `jpeg_with_gps(width, height, orientation)`: JPEG bytes whose EXIF holds a GPS position
  in Sungailiat, a camera model, and the given orientation tag.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MODEL = 0x0110


def jpeg_bytes(width: int = 64, height: int = 32, orientation: int = 1, gps: bool = True) -> bytes:
    picture = Image.new("RGB", (width, height), (200, 40, 40))
    # The left half green: lets a test see which way the picture was turned.
    picture.paste((40, 160, 40), (0, 0, width // 2, height))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[MODEL] = "Pendamping Phone 7"
    if gps:
        exif[GPS_IFD] = {1: "S", 2: (1.0, 51.0, 30.0), 3: "E", 4: (106.0, 7.0, 12.0)}
    out = io.BytesIO()
    picture.save(out, format="JPEG", exif=exif, quality=90)
    return out.getvalue()


@pytest.fixture
def jpeg_with_gps() -> Callable[..., bytes]:
    return jpeg_bytes


@pytest.fixture
def owner(make_member: Callable[..., Any]) -> Any:
    return make_member("pemilik.siti", "business_owner", None, "Pemilik usaha")


@pytest.fixture
def siti_business(bangka_business: Any, owner: Any) -> Any:
    person = bangka_business.owner
    person.user = owner
    person.save(update_fields=["user"])
    return bangka_business


@pytest.fixture
def published(siti_business: Any, owner: Any) -> Callable[..., Any]:
    """published(name="Kerupuk Ikan", **product_fields): a product in the public catalog."""
    from sinergi.catalog import actions

    actions.save_storefront(owner, siti_business, {"published": True, "tagline": "Khas Bangka"})

    def make(name: str = "Kerupuk Ikan Tenggiri", **fields: Any) -> Any:
        from sinergi.registry.models import Sector

        data = {"name": name, "price_min": 25_000, "price_max": 25_000, "unit": "bungkus"}
        if "sector_id" in fields:
            fields["sector"] = Sector.objects.get(code=fields.pop("sector_id"))
        data.update(fields)
        return actions.save_product(owner, siti_business, None, data)

    return make
