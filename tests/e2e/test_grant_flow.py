"""A grant from definition to payment, in a real (headless Debian) chromium.

The Bangka officer creates a grant program, opens a cycle, nominates from the registry
(a business registered twice and an owner on the civil-servant list among them), submits,
sees the screening findings, removes the double and resolves the other with a reason,
approves, disburses, and sees the budget and the business page change.
"""

from __future__ import annotations

import re

import pytest
from tests.browser import (
    MARKS,
    chromium,
    click_and_wait,
    log_in,
    new_page,
    search_and_wait,
    swap_and_wait,
)

pytestmark = MARKS


@pytest.mark.django_db(transaction=True)
def test_an_officer_runs_a_grant_cycle_through_screening_to_payment(
    live_server, officer_bangka, bangka_business, make_business, output_dir, tmp_path, monkeypatch
):
    from django.db import connection
    from playwright.sync_api import expect

    from sinergi.programs import actions
    from sinergi.programs.models import Disbursement, Program

    twin = make_business(
        name="Warung Makan Bu Siti", owner_name="Siti Aminah", nik="1901015507850001"
    )
    civil_servant = make_business(
        name="Toko Siti Budi", owner_name="Budi Santoso", nik="1901011202750002"
    )
    asn = tmp_path / "asn.csv"
    asn.write_text("NAMA,NIK\nBudi Santoso,1901011202750002\n", encoding="utf-8")
    actions.upload_reference_list(
        officer_bangka,
        organisation=officer_bangka.membership.organisation,
        category="asn",
        name="Data ASN 2020",
        path=str(asn),
    )
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base = live_server.url
    with chromium() as browser:
        page = new_page(browser, viewport={"width": 1280, "height": 1000})
        log_in(page, base, "officer.bangka")

        page.goto(f"{base}/programs/new/")
        page.fill("#id_name", "Hibah Uji Bangka")
        page.select_option("#id_kind", "grant")
        page.fill("#id_budget_idr", "10000000")
        page.fill("#id_period_start", "2020-01-01")
        page.fill("#id_period_end", "2020-12-31")
        page.fill("#id_region_scope", "1901")
        click_and_wait(page, "button[type=submit].primary")
        expect(page.locator("h1")).to_have_text("Hibah Uji Bangka")
        expect(page.locator("[data-testid=budget-left]")).to_have_text("Rp10.000.000")

        page.fill("#id_cycle_name", "Tahap 1")
        click_and_wait(page, "form.inline button[type=submit]")
        search_and_wait(page, "#id_q", "Siti", "#candidates tbody")
        for business in (bangka_business, twin, civil_servant):
            page.check(f"#pick-{business.pk}")
        page.fill("#id_amount", "2400000")
        # No late search response may have replaced the rows (and the ticks) meanwhile.
        for business in (bangka_business, twin, civil_servant):
            expect(page.locator(f"#pick-{business.pk}")).to_be_checked()
        click_and_wait(page, "#candidates ~ button.primary")
        expect(page.locator("#nominations tbody tr")).to_have_count(3)

        click_and_wait(page, "form[action$='/submit/'] button")
        expect(page.locator("[data-testid=cycle-status]")).not_to_have_text("Draft")
        click_and_wait(page, "form[action$='/verify/'] button")
        expect(page.locator("[data-reason=DUPLICATE_IN_LIST]")).to_have_count(1)
        expect(page.locator("[data-reason=EXCLUDED_ASN]")).to_have_count(1)
        expect(page.locator("form[action$='/approve/'] button")).to_be_disabled()
        page.screenshot(path=str(output_dir / "1-findings.png"), full_page=True)

        duplicate = page.locator("[data-reason=DUPLICATE_IN_LIST]")
        duplicate.locator("input[name=reason]").fill("data ganda, usaha yang sama")
        click_and_wait(page, duplicate.locator("button[value=remove]"))  # reloads the page
        excluded = page.locator("[data-reason=EXCLUDED_ASN]")
        excluded.locator("input[name=reason]").fill("pensiun sejak 2019 (SK terlampir)")
        click_and_wait(page, excluded.locator("button[value=resolve]"))
        expect(page.locator("[data-testid=open-findings]")).to_have_text("0")

        click_and_wait(page, "form[action$='/approve/'] button")
        click_and_wait(page, "form[action$='/disburse/'] button")
        expect(page.locator("[data-testid=cycle-status]")).to_have_text(re.compile("Paid|Dibayar"))
        page.screenshot(path=str(output_dir / "2-paid.png"), full_page=True)

        program = Program.objects.get(name="Hibah Uji Bangka")
        page.goto(f"{base}/programs/{program.pk}/")
        expect(page.locator("[data-testid=budget-left]")).to_have_text("Rp5.200.000")
        page.goto(f"{base}/registry/{bangka_business.pk}/")
        swap_and_wait(page, "#panel-programs", lambda: page.click("#panel-programs a"))
        expect(page.locator("#business-payments")).to_contain_text("Rp2.400.000")
        expect(page.locator("#business-programs")).to_contain_text("Hibah Uji Bangka")
        page.screenshot(path=str(output_dir / "3-business.png"), full_page=True)
    assert Disbursement.objects.filter(program=program).count() == 2
    connection.close()
