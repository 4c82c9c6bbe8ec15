"""The market window in a real (headless Debian) chromium.

An owner consents to publish, adds a product with a photo; a visitor on a phone finds it
in the public catalog without logging in (screenshots at phone size); the collection's
flyer PDF is generated and its first page checked as an image; a buyer in a campaign
with a cap is refused a second purchase from the same business.
"""

from __future__ import annotations

import datetime as dt

import pytest
from tests.browser import MARKS, chromium, click_and_wait, log_in, new_page, press_and_wait
from tests.catalog.conftest import jpeg_bytes

pytestmark = MARKS
PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True)
def test_an_owner_lists_a_product_the_public_finds_it_flyers_print_and_caps_hold(
    live_server, make_member, bangka_business, assistant_bangka, officer_bangka, output_dir,
    tmp_path, monkeypatch,
):  # fmt: skip
    import pypdfium2
    from playwright.sync_api import expect

    from sinergi.catalog import campaigns
    from sinergi.catalog.models import Product

    owner = make_member("pemilik.siti", "business_owner", None, "Pemilik usaha")
    bangka_business.owner.user = owner
    bangka_business.owner.save(update_fields=["user"])
    photo = tmp_path / "kerupuk.jpg"
    photo.write_bytes(jpeg_bytes(width=400, height=300, orientation=1))
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base = live_server.url
    with chromium() as browser:
        page = new_page(browser, viewport={"width": 1280, "height": 1000})
        log_in(page, base, "pemilik.siti")

        # Consent, then a product with a price range, a certificate and a photo.
        page.goto(f"{base}/catalog/business/{bangka_business.pk}/")
        page.check("#id_published")
        page.fill("#id_tagline", "Kerupuk khas Sungailiat")
        click_and_wait(page, "#storefront-form button[type=submit]")
        expect(page.locator(".message")).to_contain_text("Profil publik disimpan")
        click_and_wait(page, page.locator("a.button.primary", has_text="Tambah produk"))
        page.fill("#id_p-name", "Kerupuk Ikan Tenggiri")
        page.fill("#id_p-price", "15rb - 25rb")
        page.fill("#id_p-unit", "bungkus")
        page.fill("#id_p-kbli", "10794")
        page.select_option("#id_cert-0-kind", "halal")
        page.fill("#id_cert-0-number", "ID31110000123")
        page.fill("#id_cert-0-expires_on", "2099-01-01")
        page.select_option("#id_link-0-kind", "whatsapp")
        page.fill("#id_link-0-url", "https://wa.me/6281399990000")
        click_and_wait(page, "#product-form button[type=submit].primary")
        expect(page.locator(".message")).to_contain_text("Kerupuk Ikan Tenggiri")
        page.set_input_files("#photo-form input[type=file]", str(photo))
        click_and_wait(page, "#photo-form button[type=submit]")
        expect(page.locator(".message")).to_contain_text("Data lokasi dan kamera sudah dihapus")
        expect(page.locator("#photos img")).to_have_count(1)
        page.screenshot(path=str(output_dir / "1-owner-product.png"), full_page=True)

        # A visitor on a phone, not logged in, finds it.
        visitor = new_page(browser, viewport=PHONE, is_mobile=True, has_touch=True)
        visitor.goto(f"{base}/katalog/")
        visitor.fill("#id_q", "kerupuk")
        press_and_wait(visitor, "#id_q", "Enter")
        card = visitor.locator("#results .name", has_text="Kerupuk Ikan Tenggiri")
        expect(card).to_have_count(1)
        expect(visitor.locator("#results .price").first).to_have_text("Rp15.000–Rp25.000")
        visitor.screenshot(path=str(output_dir / "2-phone-catalog.png"), full_page=True)
        click_and_wait(visitor, card)
        expect(visitor.locator("h1")).to_have_text("Kerupuk Ikan Tenggiri")
        image = visitor.locator(".gallery img").first
        expect(image).to_be_visible()
        assert image.evaluate("img => img.complete && img.naturalWidth") == 400
        expect(visitor.locator(".links a[data-kind=whatsapp]")).to_be_visible()
        assert "1901015507850001" not in visitor.content()
        visitor.screenshot(path=str(output_dir / "3-phone-product.png"), full_page=True)

        # The collection's flyer: a PDF whose first page shows the photo's colours.
        response = visitor.request.get(f"{base}/katalog/flyer.pdf?region=1901&paper=a4")
        assert response.ok and response.headers["content-type"] == "application/pdf"
        first = pypdfium2.PdfDocument(response.body())[0].render(scale=1).to_pil().convert("RGB")
        first.save(output_dir / "4-flyer-page-1.png")
        colours = first.getcolors(maxcolors=1 << 24)
        assert any(r > 150 and g < 80 and b < 80 for _, (r, g, b) in colours)  # the photo
        assert any(max(c) < 30 for _, c in colours)  # the QR code

        # A campaign allowing one purchase per business per week refuses the second.
        campaign = campaigns.create_campaign(
            officer_bangka,
            {"name": "Jumat Beli Lokal", "kind": "buy_local_day", "starts_on": dt.date(2026, 1, 1),
             "ends_on": dt.date(2026, 12, 31), "max_purchases_per_business": 1,
             "period_days": 7},
            "1901",
        )  # fmt: skip
        campaigns.change_selection(officer_bangka, campaign, add=[bangka_business.pk])
        buyer = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
        log_in(buyer, base, "pendamping.bangka")
        buyer.goto(f"{base}/catalog/campaigns/{campaign.pk}/")
        for attempt in range(2):
            form = buyer.locator(
                f"#rotation li[data-business='{bangka_business.pk}'] form.purchase"
            )
            form.locator("input[name=amount]").fill("50.000")
            form.locator("input[name=on]").fill("2026-03-06")
            form.locator("input[name=receipt]").set_input_files(str(photo))
            click_and_wait(buyer, form.locator("button[type=submit]"))
            if attempt == 0:
                expect(buyer.locator(".message")).to_contain_text("pembelian sudah dicatat")
        expect(buyer.locator(".message.error")).to_contain_text("sudah mendapat 1 dari 1")
        expect(buyer.locator("#fairness")).to_contain_text("Rp50.000")
        buyer.screenshot(path=str(output_dir / "5-campaign-refused.png"), full_page=True)

    assert Product.objects.get().photos.count() == 1
