"""A partnership loan from application to portfolio, in a real (headless Debian) chromium.

The program manager enters an application on the business page, approves it, disburses,
records a repayment, imports a bank statement, and sees the quality class in the
portfolio and the loan on the business page.
"""

from __future__ import annotations

import re

import pytest
from tests.browser import MARKS, chromium, click_and_wait, log_in, new_page, swap_and_wait

pytestmark = MARKS


@pytest.mark.django_db(transaction=True)
def test_a_manager_takes_a_loan_from_application_to_portfolio(
    live_server, manager_mitra, loan_program, bangka_business, tmp_path, monkeypatch
):
    from django.db import connection
    from playwright.sync_api import expect

    from sinergi.loans.models import LoanAgreement, LoanEntry

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base = live_server.url
    with chromium() as browser:
        page = new_page(browser, viewport={"width": 1280, "height": 1000})
        log_in(page, base, "manager.mitra")

        page.goto(f"{base}/registry/{bangka_business.pk}/")
        swap_and_wait(page, "#panel-loans", lambda: page.click("#panel-loans a"))
        page.click("#loans details summary")
        form = page.locator("form[action$='/loans/apply/%d/']" % bangka_business.pk)
        form.locator("input[name=amount]").fill("12000000")
        form.locator("input[name=tenor_months]").fill("12")
        click_and_wait(page, form.locator("button[type=submit]"))

        page.goto(f"{base}/loans/applications/")
        page.fill("input[name=date]", "2024-01-15")
        click_and_wait(page, "button[value=approve]")
        expect(page.locator("h1")).to_contain_text("PK")
        page.fill("#actions input[name=date]", "2024-01-15")
        click_and_wait(page, "form[action$='/disburse/'] button")
        repay = page.locator("form[action$='/repay/']")
        repay.locator("input[name=date]").fill("2024-02-15")
        repay.locator("input[name=amount]").fill("1.060.000")
        click_and_wait(page, repay.locator("button"))
        expect(page.locator("#schedule tbody tr").first).to_contain_text(re.compile("paid|lunas"))

        agreement = LoanAgreement.objects.get(business=bangka_business)
        csv = tmp_path / "mutasi.csv"
        csv.write_text(
            f"Tanggal;Keterangan;Jumlah\n15/03/2024;ANGSURAN {agreement.number};1.060.000\n"
            "16/03/2024;BIAYA ADM;6.500\n",
            encoding="utf-8",
        )
        page.goto(f"{base}/loans/bank/")
        page.set_input_files("input[name=file]", str(csv))
        click_and_wait(page, "button.primary")
        expect(page.locator("#match-count")).to_contain_text("1")
        expect(page.locator("#unmatched tbody tr")).to_have_count(1)

        page.goto(f"{base}/loans/?as_of=2024-06-01")
        # Two instalments paid, the one due 15 April not: 47 days late, kurang lancar.
        expect(page.locator("#portfolio tfoot")).to_contain_text("Rp10.000.000")
        expect(page.locator("#portfolio tfoot")).to_contain_text("100,0%")
        pdf = page.request.get(f"{base}/loans/{agreement.pk}/statement.pdf")
        assert pdf.body().startswith(b"%PDF")
        page.goto(f"{base}/registry/{bangka_business.pk}/")
        swap_and_wait(page, "#panel-loans", lambda: page.click("#panel-loans a"))
        expect(page.locator("#loans")).to_contain_text(agreement.number)
    assert LoanEntry.objects.filter(kind="repayment").count() == 2
    connection.close()
