"""Loan pages over HTTP: who sees what, actions through the verbs, PDF, bank import."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sinergi.loans.models import LoanAgreement, LoanEntry


@pytest.fixture
def loan(make_loan, bangka_business):
    return make_loan(bangka_business)


def test_the_portfolio_shows_outstanding_quality_and_npl(client_of, officer_babel, loan) -> None:
    response = client_of(officer_babel).get(reverse("loans:portfolio") + "?as_of=2024-09-01")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Rp12.000.000" in body and loan.number in body
    assert "100,0%" in body  # the only loan is diragukan on 1 Sept 2024: NPL 100%


def test_an_officer_of_another_province_sees_no_loan(client_of, officer_denpasar, loan):
    client = client_of(officer_denpasar)
    body = client.get(reverse("loans:portfolio")).content.decode()
    assert loan.number not in body and "Rp12.000.000" not in body
    assert client.get(reverse("loans:agreement", args=[loan.pk])).status_code == 404
    assert client.get(reverse("loans:statement_pdf", args=[loan.pk])).status_code == 404
    response = client.post(
        reverse("loans:act", args=[loan.pk, "repay"]), {"date": "2024-02-01", "amount": "5"}
    )
    assert response.status_code == 404
    assert not LoanEntry.objects.filter(kind="repayment").exists()


def test_a_field_assistant_cannot_see_loans(client_of, assistant_bangka, loan) -> None:
    assert client_of(assistant_bangka).get(reverse("loans:portfolio")).status_code == 403


def test_an_auditor_reads_but_cannot_record_a_repayment(client_of, auditor, loan) -> None:
    client = client_of(auditor)
    page = client.get(reverse("loans:agreement", args=[loan.pk]))
    assert page.status_code == 200
    assert "6,0%" in page.content.decode()  # the flat admin fee, as a percentage
    assert 'id="actions"' not in page.content.decode()
    response = client.post(
        reverse("loans:act", args=[loan.pk, "repay"]), {"date": "2024-02-01", "amount": "5"}
    )
    assert response.status_code == 403


def test_the_program_manager_records_a_repayment_split_fee_first(client_of, manager_mitra, loan):
    client = client_of(manager_mitra)  # the loan's program belongs to the manager's company
    response = client.post(
        reverse("loans:act", args=[loan.pk, "repay"]),
        {"date": "2024-02-15", "amount": "1.000.000", "reference": "TRF-1"},
        follow=True,
    )
    body = response.content.decode()
    assert LoanEntry.objects.get(kind="repayment").amount == 1_000_000
    assert "Rp60.000" in body and "Rp940.000" in body  # fee, then principal


def test_a_bad_amount_is_refused_with_a_message(client_of, manager_mitra, loan) -> None:
    response = client_of(manager_mitra).post(
        reverse("loans:act", args=[loan.pk, "repay"]),
        {"date": "2024-02-15", "amount": "1,5x"},
        follow=True,
    )
    body = response.content.decode()
    assert "whole rupiah" in body or "rupiah bulat" in body  # the form names the field
    assert not LoanEntry.objects.filter(kind="repayment").exists()


def test_the_statement_is_a_pdf(client_of, officer_bangka, loan) -> None:
    response = client_of(officer_bangka).get(reverse("loans:statement_pdf", args=[loan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_apply_approve_and_disburse_through_the_pages(
    client_of, manager_mitra, loan_program, make_business
) -> None:
    business = make_business(name="Kerupuk Pesisir")
    client = client_of(manager_mitra)
    client.post(
        reverse("loans:apply", args=[business.pk]),
        {"program": loan_program.pk, "amount": "5000000", "tenor_months": "10"},
    )
    application = business.loan_applications.get()
    response = client.post(
        reverse("loans:decide", args=[application.pk]),
        {
            "decision": "approve",
            "principal": "5000000",
            "tenor_months": "10",
            "admin_fee_rate": "6",
            "date": "2024-03-01",
        },
    )
    agreement = LoanAgreement.objects.get(business=business)
    assert response.url == reverse("loans:agreement", args=[agreement.pk])
    client.post(reverse("loans:act", args=[agreement.pk, "disburse"]), {"date": "2024-03-05"})
    agreement.refresh_from_db()
    assert agreement.status == "active"
    assert agreement.instalments.first().due_date == dt.date(2024, 4, 5)


def test_the_business_page_shows_its_loans(client_of, officer_bangka, loan, bangka_business):
    body = (
        client_of(officer_bangka)
        .get(reverse("registry:loans", args=[bangka_business.pk]))
        .content.decode()
    )
    assert loan.number in body and "Rp12.000.000" in body


def test_a_bank_statement_is_uploaded_matched_and_the_rest_matched_by_hand(
    client_of, manager_mitra, loan
) -> None:
    client = client_of(manager_mitra)
    csv = (
        "Tanggal;Keterangan;Jumlah;Referensi\n"
        f"15/02/2024;ANGSURAN {loan.number};1.060.000;R1\n"
        "16/02/2024;TRF NIK 1901015507850001 SETORAN;1.060.000;R2\n"
        "17/02/2024;SETORAN TUNAI;5.000;R3\n"
    ).encode()
    response = client.post(
        reverse("loans:bank_upload"),
        {"program": loan.program_id, "file": SimpleUploadedFile("mutasi.csv", csv)},
        follow=True,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "1901015507850001" not in body  # the NIK in a bank note is masked
    assert LoanEntry.objects.filter(kind="repayment", source="bank").count() == 2
    row = loan.program.bank_statements.get().rows.get(row_number=4)
    client.post(reverse("loans:bank_match", args=[row.pk]), {"number": loan.number.lower()})
    row.refresh_from_db()
    assert row.method == "manual" and row.entry.amount == 5_000


def test_an_officer_of_another_province_cannot_upload_to_the_program(
    client_of, officer_denpasar, loan
) -> None:
    response = client_of(officer_denpasar).post(
        reverse("loans:bank_upload"),
        {
            "program": loan.program_id,
            "file": SimpleUploadedFile("m.csv", b"Tanggal;Keterangan;Jumlah\n"),
        },
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"date": "kemarin", "amount": "1.000"},
        {"date": "2024-03-01", "amount": "seribu"},
        {"date": "2024-03-01", "tenor_months": "x", "reason": "r", "entry": "y"},
        {"date": "2024-03-01", "tenor_months": "12", "reason": "r", "admin_fee_rate": "nan"},
        {"decision": "approve", "principal": "1" * 40, "admin_fee_rate": "abc"},
        {"amount": "", "tenor_months": "-1"},
    ],
)
def test_malformed_loan_forms_are_messages_not_500s(
    client_of, manager_mitra, loan, make_business, data
) -> None:
    """Loans get forms like the other apps: a missing or garbled field is a message."""
    from sinergi.loans import actions

    client = client_of(manager_mitra)
    application = actions.submit_application(
        manager_mitra,
        program=loan.program,
        business=make_business(name="Kedai Form"),
        amount=1_000_000,
        tenor_months=6,
    )
    verbs = ("disburse", "repay", "reverse", "reschedule", "restructure", "write_off")
    urls = [reverse("loans:act", args=[loan.pk, verb]) for verb in verbs]
    urls.append(reverse("loans:apply", args=[loan.business_id]))
    urls.append(reverse("loans:decide", args=[application.pk]))
    for url in urls:
        posted = {**data, "program": str(loan.program_id)} if "apply" in url else data
        response = client.post(url, posted)
        assert response.status_code == 302, (url, data)
    assert client.post(reverse("loans:act", args=[loan.pk, "nonsense"]), data).status_code == 404
    assert LoanEntry.objects.filter(kind="repayment").count() == 0
