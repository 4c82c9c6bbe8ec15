"""Recognising columns: the headers Indonesian offices actually write."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.properties import examples

from sinergi.linkage.io.aliases import ALIASES, ROW_NUMBER_ALIASES
from sinergi.linkage.io.columns import (
    overrides_for,
    parse_map_args,
    recognise,
    recognise_table,
    require_identifying,
    to_canonical,
)
from sinergi.linkage.io.headers import find_header_row, fold, is_numbering_row
from sinergi.linkage.io.tables import InputError, RawTable
from sinergi.linkage.schema import CANONICAL_FIELDS

BRIEF_EXAMPLES = {
    "owner_name": [
        "Nama Pemilik", "Nama Pelaku Usaha", "NAMA", "Nama", "Nama Lengkap", "Nama Penerima",
        "Nama Pemilik Usaha", "Owner", "Owner Name", "Name", "Pemilik", "Penanggung Jawab",
        "Nama Pengusaha",
    ],
    "nik": ["NIK", "No KTP", "No. KTP", "Nomor KTP", "NIK KTP", "No. Induk Kependudukan",
            "ID Number"],
    "kk": ["No KK", "Nomor KK", "No. Kartu Keluarga"],
    "business_name": ["Nama Usaha", "Nama UMKM", "Nama Toko", "Nama Perusahaan",
                      "Business Name", "Merek", "Nama Mitra", "Nama Binaan", "Nama KUMKM"],
    "product": ["Produk", "Jenis Produk", "Produk Unggulan"],
    "sector": ["Jenis Usaha", "Bidang Usaha", "Sektor", "Sektor Usaha", "KBLI",
               "Kategori Usaha"],
    "address": ["Alamat", "Alamat Lengkap", "Alamat Usaha", "Address"],
    "rt_rw": ["RT/RW", "RT / RW"],
    "village": ["Desa", "Kelurahan", "Desa/Kelurahan", "Kel/Desa"],
    "district": ["Kecamatan", "Kec", "Kec."],
    "regency": ["Kab/Kota", "Kabupaten/Kota", "Kabupaten", "Kota", "Kab", "Kab."],
    "province": ["Provinsi", "Prov"],
    "postcode": ["Kode Pos"],
    "phone": ["No HP", "No. HP", "HP", "HP/WA", "No. HP/WA", "Telepon", "No Telp", "WA",
              "WhatsApp", "Phone"],
    "email": ["Email", "E-mail", "EMAIL"],
    "nib": ["NIB", "Nomor Induk Berusaha"],
    "npwp": ["NPWP"],
    "birth_date": ["Tanggal Lahir", "Tgl Lahir", "TTL", "Tempat/Tgl. Lahir"],
    "sex": ["Jenis Kelamin", "JK", "L/P"],
    "aid_kind": ["Jenis Bantuan", "JENIS BANTUAN", "Program", "Bantuan"],
    "amount": ["Nominal", "Jumlah Bantuan", "Nilai", "Besaran Bantuan", "Amount"],
    "external_id": ["ID", "No Registrasi", "Kode"],
}  # fmt: skip


@pytest.mark.parametrize(
    ("field", "header"), [(f, h) for f, hs in BRIEF_EXAMPLES.items() for h in hs]
)
def test_it_recognises_the_headers_offices_use(field, header):
    assert recognise([header]).fields == {field: header}


def test_every_canonical_field_has_aliases_and_no_alias_is_claimed_twice():
    assert set(ALIASES) == set(CANONICAL_FIELDS)
    owner: dict[str, str] = {}
    for fld, names in ALIASES.items():
        for name in names:
            assert owner.setdefault(fold(name), fld) == fld, name


@pytest.mark.parametrize("header", ["No", "No.", "NO URUT", "Nomor Urut", "no"])
def test_row_number_columns_are_never_mapped(header):
    mapping = recognise([header, "Nama"], sample=pl.DataFrame({header: ["1", "2", "3"]}))
    assert mapping.fields == {"owner_name": "Nama"}
    assert mapping.unknown == [header]


def test_an_id_column_counting_1_2_3_is_a_row_number_not_an_external_id():
    sample = pl.DataFrame({"ID": ["1", "2", "3", "4"], "Nama": ["a", "b", "c", "d"]})
    assert "external_id" not in recognise(["ID", "Nama"], sample=sample).fields
    sample = pl.DataFrame({"ID": ["REG-9", "REG-3", "REG-7", "REG-1"], "Nama": list("abcd")})
    assert recognise(["ID", "Nama"], sample=sample).fields["external_id"] == "ID"


def test_a_no_kk_column_of_16_digit_numbers_is_kk_not_nik():
    digits = ["3271020101900001", "3271020101900002", "3271020101900003"]
    sample = pl.DataFrame({"No KK": digits, "Nama": ["a", "b", "c"]})
    mapping = recognise(["Nama", "No KK"], sample=sample)
    assert mapping.fields == {"owner_name": "Nama", "kk": "No KK"}


def test_an_unlabelled_column_of_niks_is_recognised_from_its_values():
    niks = ["3271024501900001", "3.27102E+15", "3271024501900003", None]
    sample = pl.DataFrame({"Nama": ["a", "b", "c", "d"], "Identitas": niks})
    assert recognise(["Nama", "Identitas"], sample=sample).fields["nik"] == "Identitas"


def test_a_bank_account_column_of_16_digits_is_not_taken_for_niks():
    accounts = ["1234567890123456", "1234567890123457", "1234567890123458"]
    sample = pl.DataFrame({"Nama": list("abc"), "No Rekening": accounts})
    assert "nik" not in recognise(["Nama", "No Rekening"], sample=sample).fields


def test_a_labelled_column_beats_one_recognised_from_values():
    sample = pl.DataFrame(
        {"Data": ["3271024501900001"] * 3, "NIK": ["3271024501900002"] * 3, "Nama": list("abc")}
    )
    assert recognise(["Data", "NIK", "Nama"], sample=sample).fields["nik"] == "NIK"


def test_values_break_a_tie_between_two_phone_headers():
    sample = pl.DataFrame(
        {"HP": ["-", "-", "tidak ada"], "WA": ["081234567890", "+62 812-3456-789", "08129876543"]}
    )
    mapping = recognise(["HP", "WA"], sample=sample)
    assert mapping.fields == {"phone": "WA"}
    assert mapping.unknown == ["HP"]


def test_each_field_goes_to_one_header_and_the_leftmost_wins_a_tie():
    mapping = recognise(["Nama", "Nama (2)", "NIK", "No KTP"])
    assert mapping.fields == {"owner_name": "Nama", "nik": "NIK"}
    assert mapping.unknown == ["Nama (2)", "No KTP"]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("NIK Pemilik Usaha", "nik"),
        ("Nama Usaha Pemilik", "business_name"),
        ("Nama Pemilik / Penanggung Jawab", "owner_name"),
        ("Alamat Email Pemilik", "email"),
        ("No. HP Pemilik (WA)", "phone"),
        ("Tempat, Tanggal Lahir", "birth_date"),
        ("Kab./Kota Domisili", "regency"),
        ("Nama Ibu Kandung", None),
        ("No HP Pendamping", None),
        ("Keterangan", None),
        ("Tanggal Bantuan Diterima", None),
        ("Nominal (Rp)", "amount"),
        ("NIK (16 digit)", "nik"),
        ("Nama Kota", None),
        ("Jumlah Anggota", None),
        ("Kode Desa", None),
        ("Kota Lahir", None),
    ],
)
def test_longer_headers_are_recognised_by_the_names_inside_them(header, field):
    mapping = recognise([header])
    assert mapping.fields == ({field: header} if field else {})


def test_a_precise_header_wins_over_a_partial_one():
    mapping = recognise(["Nama Ibu", "Nama Pemilik", "NIK Pemilik"])
    assert mapping.fields == {"owner_name": "Nama Pemilik", "nik": "NIK Pemilik"}


def _vary(text: str, data) -> str:
    """Same header, different case, spacing and punctuation."""
    out = []
    for ch in text:
        if ch.isalnum():
            out.append(ch.upper() if data.draw(st.booleans()) else ch.lower())
        else:
            out.append(data.draw(st.sampled_from([" ", "  ", ".", "/", "-", "_", ". ", " / "])))
        if data.draw(st.integers(0, 9)) == 0:
            out.append(data.draw(st.sampled_from([".", " ", ":"])))
    pad = data.draw(st.sampled_from(["", " ", "\t", "\n"]))
    return pad + "".join(out) + data.draw(st.sampled_from(["", " ", ":", "*"]))


_ALL_ALIASES = sorted({a for names in ALIASES.values() for a in names} | set(ROW_NUMBER_ALIASES))


@examples(300)
@given(alias=st.sampled_from(_ALL_ALIASES), data=st.data())
def test_recognition_ignores_case_spacing_and_punctuation(alias, data):
    varied = _vary(alias, data)
    assert fold(varied) == fold(alias)
    assert list(recognise([varied]).fields) == list(recognise([alias]).fields)


# --- finding the header ---------------------------------------------------------------


def test_the_header_is_found_below_title_rows_and_blank_rows():
    rows = [
        ["DATA UMKM TERDAMPAK COVID-19", None, None],
        ["KABUPATEN BANGKA TENGAH", None, None],
        [None, None, None],
        ["No", "Nama Pemilik", "NIK"],
        ["1", "Siti", "1904"],
        ["2", "Desa Sukamaju", "Kecamatan Koba"],
    ]
    assert find_header_row(rows) == 3


def test_without_known_headers_the_first_non_empty_row_is_the_header():
    assert find_header_row([[None, ""], ["Kolom A", "Kolom B"], ["1", "2"]]) == 1
    assert find_header_row([[None], [" "]]) == -1


def test_an_unknown_header_below_title_rows_is_found_from_the_values():
    # "#" (the row-number column) is the only cell the dictionary knows: one cell's worth.
    header = ["#", "Peserta", "Fasilitas Diterima", "Identitas Kependudukan", "Asal Daerah"]
    data = [
        ["1", "Siti Aminah", "Modal Kerja", "1901014501900003", "Sungailiat"],
        ["2", "Budi Santoso", "Alat Produksi", "1901011203800004", "Belinyu"],
        ["3", "Ani Lestari", "Modal Kerja", "1901014403900005", "Sungailiat"],
    ]
    titles = [
        ["DAFTAR PENERIMA BANTUAN PRODUKTIF USAHA MIKRO", None, None, None, None],
        ["Kabupaten:", "Bangka", None, None, None],
        [None, None, None, None, None],
    ]
    for n in range(len(titles) + 1):
        assert find_header_row(titles[:n] + [header] + data) == n


def test_without_a_label_row_under_the_titles_the_first_non_empty_row_stays_the_header():
    # A headerless list under a title: no row of labels, so nothing is guessed.
    rows = [
        ["DAFTAR UMKM", None, None],
        ["Siti Aminah", "1901014501900003", "081234567890"],
        ["Budi Santoso", "1901011203800004", "081234567891"],
    ]
    assert find_header_row(rows) == 0
    # Headerless from the first row: as before.
    assert find_header_row(rows[1:]) == 0


def test_a_numbering_line_is_recognised_only_as_1_2_3():
    header = ["No", "Nama", "NIK", "Alamat"]
    assert is_numbering_row(["1", "2", "3", "4"], header)
    assert is_numbering_row(["(1)", "(2)", "(3)", None], header)
    assert not is_numbering_row(["1", "Siti", "3", "4"], header)
    assert not is_numbering_row(["1", "3", "2", "4"], header)
    assert not is_numbering_row(["5", "6", "7", "8"], header)


# --- overrides and --map --------------------------------------------------------------


def test_overrides_win_and_a_dash_keeps_a_column_unmapped():
    mapping = recognise(
        ["Nama", "Nama Usaha", "Catatan"],
        overrides={"Catatan": "owner_name", "nama usaha": "-"},
    )
    assert mapping.fields == {"owner_name": "Catatan"}
    assert mapping.unknown == ["Nama", "Nama Usaha"]


def test_overrides_naming_no_column_are_listed_for_the_caller():
    mapping = recognise(["Nama"], overrides={"Nomor Identitas": "nik"})
    assert mapping.unmatched_overrides == ["Nomor Identitas"]
    assert mapping.fields == {"owner_name": "Nama"}


def test_map_arguments_are_parsed_per_file_and_for_all_files():
    maps = parse_map_args(
        [
            "bpum.xlsx:Nama KTP=owner_name",
            "data/dtks 2024.csv:No Identitas=nik",
            "Keterangan: Usaha=sector",
            "Kode=-",
            "Telp=PHONE",
        ]
    )
    assert maps == {
        "bpum.xlsx": {"Nama KTP": "owner_name"},
        "dtks 2024.csv": {"No Identitas": "nik"},
        "*": {"Keterangan: Usaha": "sector", "Kode": "-", "Telp": "phone"},
    }
    assert overrides_for(maps, "bpum.xlsx") == {
        "Keterangan: Usaha": "sector",
        "Kode": "-",
        "Telp": "phone",
        "Nama KTP": "owner_name",
    }


@pytest.mark.parametrize(
    ("arg", "fragment"),
    [
        ("Nama", "bentuknya harus"),
        ("=nik", "bentuknya harus"),
        ("a.csv:=nik", "judul kolom kosong"),
        ("Nama=nama_pemilik", "field 'nama_pemilik' tidak dikenal"),
    ],
)
def test_bad_map_arguments_are_input_errors_naming_the_argument(arg, fragment):
    with pytest.raises(InputError) as err:
        parse_map_args([arg])
    message = str(err.value)
    assert message.startswith(f"--map {arg!r}: ")
    assert fragment in message and " / " in message and "\n" not in message


def test_one_header_mapped_twice_differently_is_an_input_error():
    with pytest.raises(InputError, match="sudah dipetakan"):
        parse_map_args(["a.csv:Nama=owner_name", "a.csv:Nama=business_name"])


def test_one_field_given_to_two_headers_of_a_file_is_an_input_error():
    with pytest.raises(InputError, match=r"field nik sudah dipakai kolom 'KTP'"):
        parse_map_args(["a.csv:KTP=nik", "a.csv:NIK Baru=nik"])


def test_a_file_map_wins_over_an_all_files_map_for_the_same_field():
    maps = parse_map_args(["KTP=nik", "Catatan=-", "b.csv:Identitas=nik"])
    assert overrides_for(maps, "b.csv") == {"Catatan": "-", "Identitas": "nik"}
    assert overrides_for(maps, "c.csv") == {"KTP": "nik", "Catatan": "-"}


# --- canonical frame ------------------------------------------------------------------


def _table() -> RawTable:
    frame = pl.DataFrame(
        {
            "No": ["1", "2"],
            "Nama Pemilik": [" Hj. Siti ", None],
            "NIK": ["3271024501900001", "'32710"],
            "Catatan": ["x", "y"],
            "source_row": pl.Series([1, 2], dtype=pl.Int64),
        }
    )
    return RawTable(
        file="bpum.xlsx", path=Path("bpum.xlsx"), sheet="Data", frame=frame, header_row=3
    )


def test_to_canonical_has_the_contract_columns_and_untouched_values():
    table = _table()
    mapping = recognise_table(table)
    out = to_canonical(table, mapping)
    assert out.columns == [
        "source_file",
        "source_row",
        "source_sheet",
        *CANONICAL_FIELDS,
        "extra:No",
        "extra:Catatan",
    ]
    assert out["owner_name"].to_list() == [" Hj. Siti ", None]
    assert out["nik"].to_list() == ["3271024501900001", "'32710"]
    assert out["phone"].to_list() == [None, None]
    assert out["source_file"].to_list() == ["bpum.xlsx"] * 2
    assert out["source_sheet"].to_list() == ["Data"] * 2
    assert out["source_row"].to_list() == [1, 2]
    assert all(out.schema[c] == pl.Utf8 for c in CANONICAL_FIELDS)
    assert out.schema["source_row"] == pl.Int64


def test_a_csv_has_a_null_source_sheet():
    table = _table()
    table.sheet = None
    out = to_canonical(table, recognise_table(table))
    assert out["source_sheet"].to_list() == [None, None]
    assert out.schema["source_sheet"] == pl.Utf8


def test_describe_lists_one_line_per_column():
    mapping = recognise(["Nama Pemilik", "NIK", "Catatan"])
    lines = mapping.describe().splitlines()
    assert [line.split(" (yakin")[0] for line in lines] == [
        "Nama Pemilik -> owner_name",
        "NIK -> nik",
        "Catatan -> (tidak dikenali, dibawa apa adanya / unknown, kept)",
    ]
    assert "yakin/sure 0.90" in lines[0] and 'judul "Nama Pemilik"' in lines[0]


def test_a_file_without_any_identifying_column_is_refused_with_its_columns():
    mapping = recognise(["Desa", "Catatan"])
    assert mapping.missing_identifying()
    with pytest.raises(InputError, match=r"^x\.csv: tidak ada kolom pengenal.*Catatan.*--map"):
        require_identifying(mapping, "x.csv")
    require_identifying(recognise(["HP"]), "y.csv")
