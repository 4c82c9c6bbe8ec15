"""Rupiah, numbers and masks."""

from __future__ import annotations

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from sinergi.core.formatting import number, rupiah
from sinergi.core.masking import mask_email, mask_nik, mask_phone


def test_rupiah_is_written_the_indonesian_way():
    with translation.override("id"):
        assert rupiah(1_250_000) == "Rp1.250.000"
        assert rupiah(0) == "Rp0"
        assert rupiah(-5000) == "-Rp5.000"
        assert rupiah(None) == ""
        assert number(12345.5, 1) == "12.345,5"


def test_english_pages_group_with_commas():
    with translation.override("en"):
        assert rupiah(1_250_000) == "Rp1,250,000"


def test_a_nik_is_masked_in_the_middle():
    assert mask_nik("3201234567890001") == "3201********0001"
    assert mask_nik("") == ""


def test_phones_and_emails_are_masked():
    assert mask_phone("+6281234567890") == "+62812*****890"
    assert mask_email("siti.aminah@example.id") == "s*********h@example.id"


@given(st.text(alphabet="0123456789", min_size=9, max_size=20))
def test_a_mask_keeps_the_length_and_hides_the_middle(digits):
    masked = mask_nik(digits)
    assert len(masked) == len(digits)
    assert masked[4:-4] == "*" * (len(digits) - 8)


@given(st.integers(-(10**15), 10**15))
def test_rupiah_round_trips_to_the_same_amount(amount):
    with translation.override("id"):
        text = rupiah(amount)
    assert int(text.replace("Rp", "").replace(".", "")) == amount
