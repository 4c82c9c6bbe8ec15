"""Reading source files: every cell as the text the file holds, whatever the office sent."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from hypothesis import HealthCheck, assume, given
from hypothesis import strategies as st
from tests.properties import examples

from sinergi.linkage.io import text as io_csv
from sinergi.linkage.io.read import read_table
from sinergi.linkage.io.tables import InputError

FIXTURES = Path(__file__).parent / "fixtures"


def write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def rows(table) -> list[tuple]:
    return table.frame.drop("source_row").rows()


def make_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, lines in sheets.items():
        sheet = book.create_sheet(name)
        for line in lines:
            sheet.append(line)
    book.save(path)
    return path


# --- text files ---------------------------------------------------------------------


def test_it_reads_a_utf8_csv_with_a_bom_without_a_bom_in_the_first_header(tmp_path):
    path = write(tmp_path, "bom.csv", b"\xef\xbb\xbfNama,NIK\r\nSiti,3271024501900001\r\n")
    table = read_table(path)
    assert table.headers == ["Nama", "NIK"]
    assert rows(table) == [("Siti", "3271024501900001")]
    assert table.frame.schema["NIK"] == pl.Utf8
    assert table.header_row == 1
    assert table.file == "bom.csv" and table.sheet is None and table.problems == []


def test_it_sniffs_semicolons_and_keeps_quoted_delimiters_and_newlines(tmp_path):
    text = (
        'Nama;Alamat;Nominal\n"Siti";"Jl. Mawar; No. 5\nRT 002/RW 005";"1,5"\nBudi;Gg. Melati;2\n'
    )
    table = read_table(write(tmp_path, "titik_koma.csv", text))
    assert table.headers == ["Nama", "Alamat", "Nominal"]
    assert rows(table) == [
        ("Siti", "Jl. Mawar; No. 5\nRT 002/RW 005", "1,5"),
        ("Budi", "Gg. Melati", "2"),
    ]


@pytest.mark.parametrize("delimiter", ["\t", "|", ","])
def test_it_sniffs_tab_pipe_and_comma(tmp_path, delimiter):
    text = delimiter.join(["Nama", "Desa", "Kecamatan"]) + "\n"
    text += delimiter.join(["Siti, S.E.", "Sukamaju", "Koba"]) + "\n"
    if delimiter == ",":
        text = 'Nama,Desa,Kecamatan\n"Siti, S.E.",Sukamaju,Koba\n'
    table = read_table(write(tmp_path, "data.txt", text))
    assert rows(table) == [("Siti, S.E.", "Sukamaju", "Koba")]


def test_it_keeps_cell_text_exactly_as_received(tmp_path):
    text = "Nama,NIK,HP\n  Hj. SITI  ,'3271024501900001,08123\n Budi,3.27102E+15,+62 812-3\n"
    table = read_table(write(tmp_path, "mentah.csv", text))
    assert rows(table) == [
        ("  Hj. SITI  ", "'3271024501900001", "08123"),
        (" Budi", "3.27102E+15", "+62 812-3"),
    ]


def test_empty_fields_are_null_whether_quoted_or_not(tmp_path):
    table = read_table(write(tmp_path, "kosong.csv", 'Nama,NIK,HP\nSiti,"",\n'))
    assert rows(table) == [("Siti", None, None)]


def test_it_reads_a_cp1252_file_and_reports_the_guess_once(tmp_path):
    lines = ["Nama,Alamat"] + [f"Jos\xe9 {i},Jl. Caf\xe9 {i}" for i in range(10)]
    path = write(tmp_path, "windows.csv", "\r\n".join(lines).encode("cp1252"))
    table = read_table(path)
    assert table.encoding == "cp1252"
    assert rows(table)[0] == ("José 0", "Jl. Café 0")
    assert len(table.problems) == 1
    problem = table.problems[0]
    assert (problem.code, problem.row, problem.file) == ("ENCODING", 0, "windows.csv")
    assert "Windows-1252" in problem.message_id and "Windows-1252" in problem.message_en


def test_bytes_cp1252_leaves_undefined_are_kept_as_latin1(tmp_path):
    lines = ["Nama,Kode"] + [f"Ren\xe9 {i},\x81\x8d" for i in range(8)]
    table = read_table(write(tmp_path, "c1.csv", "\n".join(lines).encode("latin-1")))
    assert rows(table)[0] == ("René 0", "\x81\x8d")


def test_a_utf8_file_with_one_broken_line_keeps_it_and_names_its_row(tmp_path):
    good = "Nama,Alamat\nJosé,Jl. Café\nSiti,Desa Suka\n".encode()
    broken = "Ren\xe9,Jl. Baru\n".encode("cp1252")
    path = write(tmp_path, "campur.csv", good + broken + "Ani,Kp. Ñ\n".encode())
    table = read_table(path)
    assert rows(table) == [
        ("José", "Jl. Café"),
        ("Siti", "Desa Suka"),
        ("René", "Jl. Baru"),
        ("Ani", "Kp. Ñ"),
    ]
    assert [(p.code, p.row, p.column, p.file) for p in table.problems] == [
        ("ENCODING", 3, "", "campur.csv")
    ]
    assert "baris data 3" in table.problems[0].message_id
    assert "data row 3" in table.problems[0].message_en
    assert table.problems[0].value == "René,Jl. Baru"


def test_a_broken_line_inside_a_multiline_cell_names_the_row_of_that_cell(tmp_path):
    head = 'Nama,Alamat\nSiti,"Jl. A\nRT 1"\n'.encode()
    broken = 'Budi,"Jl. B\nCaf\xe9"\n'.encode("cp1252")
    table = read_table(write(tmp_path, "ml.csv", head + broken))
    assert [p.row for p in table.problems] == [2]
    assert rows(table)[1] == ("Budi", "Jl. B\nCafé")


def test_it_reads_utf16_text_exported_by_excel(tmp_path):
    text = "Nama\tAlamat\r\nJosé\tJl. Café\r\n"
    table = read_table(write(tmp_path, "unicode.txt", text.encode("utf-16")))
    assert rows(table) == [("José", "Jl. Café")]


def test_title_rows_above_the_header_are_skipped_in_a_csv(tmp_path):
    text = (
        "DATA UMKM TERDAMPAK COVID-19;;;\n"
        "KABUPATEN BANGKA TENGAH;;;\n"
        ";;;\n"
        "No;Nama Pemilik;NIK;Alamat\n"
        "1;Siti;1904014501900003;Koba\n"
    )
    table = read_table(write(tmp_path, "judul.csv", text))
    assert table.header_row == 4
    assert table.headers == ["No", "Nama Pemilik", "NIK", "Alamat"]
    assert rows(table) == [("1", "Siti", "1904014501900003", "Koba")]


def test_a_column_numbering_line_under_the_header_is_not_data(tmp_path):
    text = "No,Nama Pemilik,NIK,Alamat\n(1),(2),(3),(4)\n1,Siti,19,Koba\n"
    table = read_table(write(tmp_path, "nomor.csv", text))
    assert table.header_row == 1
    assert rows(table) == [("1", "Siti", "19", "Koba")]
    assert table.frame["source_row"].to_list() == [1]


def test_empty_rows_in_the_middle_are_kept_and_trailing_ones_are_not(tmp_path):
    text = "Nama,NIK\r\nSiti,1\r\n\r\n,\r\nBudi,2\r\n\r\n,\r\n  ,\r\n"
    table = read_table(write(tmp_path, "kosong_tengah.csv", text))
    assert rows(table) == [("Siti", "1"), (None, None), (None, None), ("Budi", "2")]
    assert table.frame["source_row"].to_list() == [1, 2, 3, 4]
    assert table.frame.schema["source_row"] == pl.Int64


def test_duplicate_and_blank_headers_get_unique_names(tmp_path):
    text = "Nama,Nama,,NIK,Nama,source_row,\nA,B,C,D,E,F,\n"
    table = read_table(write(tmp_path, "ganda.csv", text))
    assert table.headers == ["Nama", "Nama (2)", "Kolom 3", "NIK", "Nama (3)", "source_row (2)"]
    assert rows(table) == [("A", "B", "C", "D", "E", "F")]


def test_rows_longer_than_the_header_get_extra_columns_instead_of_losing_cells(tmp_path):
    text = "Nama,NIK\nSiti,1\nBudi,2,catatan\n"
    table = read_table(write(tmp_path, "ragged.csv", text))
    assert table.headers == ["Nama", "NIK", "Kolom 3"]
    assert rows(table) == [("Siti", "1", None), ("Budi", "2", "catatan")]


def test_a_carriage_return_alone_inside_a_cell_is_kept(tmp_path):
    table = read_table(write(tmp_path, "cr.csv", b"Nama,NIK\nSi\rti,1\nBudi,2\n"))
    assert rows(table) == [("Si\rti", "1"), ("Budi", "2")]


def test_a_quote_never_closed_is_an_input_error_naming_its_line(tmp_path):
    path = write(tmp_path, "kutip.csv", 'Nama,NIK\r\nAni,3\r\n"Siti,1\r\nBudi,2\r\n')
    with pytest.raises(InputError, match=r"^kutip\.csv: tanda kutip \(\"\) di baris 3 .* line 3"):
        read_table(path)


# Cells as officers type them: delimiters, quotes, line breaks, spaces, accents.
_cell = st.text(alphabet=st.sampled_from("ab Zé1,;\"\n\r\t|'."), max_size=8)


@examples(60, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.lists(st.lists(_cell, min_size=3, max_size=3), min_size=1, max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
    # Up to 15 title lines: the header is looked for among the first 16 non-empty rows.
    titles=st.lists(
        st.sampled_from(["", "DATA UMKM 2021", '"LAPORAN\nBULANAN"', "  "]), max_size=15
    ),
)
def test_the_fast_and_careful_csv_paths_return_the_cells_written(data, delimiter, titles):
    def blank(row):
        return all(not c.strip() for c in row)

    assume(not blank(data[-1]))
    # A first data line "1,2,3" would rightly be taken for column numbering.
    assume(not all(c.strip().strip("()").isdigit() for c in data[0]))
    buf = io.StringIO()
    buf.write("".join(t + "\r\n" for t in titles))
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["Nama Pemilik", "NIK", "Alamat"])
    writer.writerows(data)
    expected = [tuple(c if c != "" else None for c in row) for row in data]
    with tempfile.TemporaryDirectory() as tmp:
        path = write(Path(tmp), "acak.csv", buf.getvalue())
        fast = read_table(path)
        original = io_csv._fast_path
        io_csv._fast_path = lambda *a, **k: None
        try:
            careful = read_table(path)
        finally:
            io_csv._fast_path = original
    assert rows(careful) == expected
    assert rows(fast) == expected
    assert fast.header_row == careful.header_row == 1 + sum(1 + t.count("\n") for t in titles)


def test_a_clean_csv_takes_the_fast_path(tmp_path, monkeypatch):
    used = []
    original = io_csv._fast_path

    def spy(*args, **kwargs):
        frame = original(*args, **kwargs)
        used.append(frame is not None)
        return frame

    monkeypatch.setattr(io_csv, "_fast_path", spy)
    text = "\r\nDATA UMKM\r\nNama;NIK;Alamat\r\nSiti;1\r\nBudi;2;Koba\r\n"
    table = read_table(write(tmp_path, "bersih.csv", text))
    assert used == [True]
    assert table.header_row == 3
    assert rows(table) == [("Siti", "1", None), ("Budi", "2", "Koba")]


# --- spreadsheets -------------------------------------------------------------------


def test_an_xlsx_nik_stored_as_a_number_comes_out_whole_and_is_flagged(tmp_path):
    path = make_xlsx(
        tmp_path / "angka.xlsx",
        {
            "Data": [
                ["Nama", "NIK", "No KK", "Nominal"],
                ["Siti", 3271024501900000, "3271020101900001", 2400000],
                ["Budi", "3271024501900001", "3271020101900002", 1500000.5],
            ]
        },
    )
    table = read_table(path)
    assert rows(table) == [
        ("Siti", "3271024501900000", "3271020101900001", "2400000"),
        ("Budi", "3271024501900001", "3271020101900002", "1500000.5"),
    ]
    assert table.numeric_columns == {"NIK", "Nominal"}
    assert table.sheet == "Data"
    assert all(table.frame.schema[name] == pl.Utf8 for name in table.headers)


def test_xlsx_booleans_are_text_and_do_not_make_a_column_numeric(tmp_path):
    path = make_xlsx(
        tmp_path / "bool.xlsx",
        {"S": [["Nama", "Aktif", "Kode"], ["Siti", True, "12"], ["Budi", False, 7]]},
    )
    table = read_table(path)
    assert rows(table) == [("Siti", "true", "12"), ("Budi", "false", "7")]
    assert table.numeric_columns == {"Kode"}


def test_an_xlsx_with_title_rows_above_the_header(tmp_path):
    path = make_xlsx(
        tmp_path / "judul.xlsx",
        {
            "Sheet1": [
                ["DATA UMKM TERDAMPAK COVID-19"],
                ["KABUPATEN BANGKA TENGAH"],
                [],
                ["No", "Nama Pelaku Usaha", "NIK", "Nama Usaha", "Alamat"],
                [1, 2, 3, 4, 5],
                [1, "Siti", "1904014501900003", "Warung Bu Siti", "Koba"],
                [],
                [2, "Budi", "1904010101850001", "Toko Budi", "Namang"],
                [None, None, None, None, None],
            ]
        },
    )
    table = read_table(path)
    assert table.header_row == 4
    assert table.headers == ["No", "Nama Pelaku Usaha", "NIK", "Nama Usaha", "Alamat"]
    assert rows(table) == [
        ("1", "Siti", "1904014501900003", "Warung Bu Siti", "Koba"),
        (None, None, None, None, None),
        ("2", "Budi", "1904010101850001", "Toko Budi", "Namang"),
    ]
    assert table.frame["source_row"].to_list() == [1, 2, 3]
    assert table.numeric_columns == {"No"}


def test_xlsx_dates_are_iso_text_and_text_that_looks_like_a_date_is_untouched(tmp_path):
    path = make_xlsx(
        tmp_path / "tanggal.xlsx",
        {
            "S": [
                ["Nama", "Tanggal Lahir"],
                ["Siti", dt.date(1990, 1, 5)],
                ["Budi", dt.datetime(1985, 2, 1, 10, 30)],
                ["Ani", "2001-03-04 00:00:00"],
            ]
        },
    )
    table = read_table(path)
    assert table.frame["Tanggal Lahir"].to_list() == [
        "1990-01-05",
        "1985-02-01 10:30:00",
        "2001-03-04 00:00:00",
    ]
    assert table.numeric_columns == set()


def test_a_blank_xlsx_header_is_named_after_the_column_the_user_sees(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["B2"], sheet["C2"], sheet["D2"] = "Nama", None, "NIK"
    sheet["B3"], sheet["C3"], sheet["D3"] = "Siti", "catatan", "1"
    sheet["F3"] = None
    book.save(tmp_path / "kosong.xlsx")
    table = read_table(tmp_path / "kosong.xlsx")
    assert table.headers == ["Nama", "Kolom 3", "NIK"]
    assert table.header_row == 2


def test_the_default_sheet_is_the_first_with_data_and_sheet_picks_another(tmp_path):
    path = make_xlsx(
        tmp_path / "lembar.xlsx",
        {"Kosong": [], "Pertama": [["Nama"], ["Siti"]], "Kedua": [["Nama"], ["Budi"]]},
    )
    assert rows(read_table(path)) == [("Siti",)]
    second = read_table(path, sheet="Kedua")
    assert (second.sheet, rows(second)) == ("Kedua", [("Budi",)])
    with pytest.raises(InputError, match=r"lembar\.xlsx: lembar 'Ketiga' tidak ada.*Kedua"):
        read_table(path, sheet="Ketiga")


def test_an_ods_written_by_libreoffice_is_read_as_text(tmp_path):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Data")
    for line in [["Nama", "NIK"], ["Siti", 3271024501900000], ["Budi", "0012"]]:
        tr = TableRow()
        for value in line:
            if isinstance(value, int):
                cell = TableCell(valuetype="float", value=str(value))
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(tmp_path / "libre.ods"))
    result = read_table(tmp_path / "libre.ods")
    assert rows(result) == [("Siti", "3271024501900000"), ("Budi", "0012")]
    assert result.numeric_columns == {"NIK"}


def test_a_legacy_xls_is_read_with_title_rows_numbers_and_dates():
    # Written by tests/linkage/fixtures/make_fixtures.py (needs xlwt, so it is committed).
    table = read_table(FIXTURES / "umkm_lama.xls")
    assert table.header_row == 3
    assert table.headers == ["No", "Nama Pemilik", "NIK", "Tanggal Lahir", "Nominal"]
    assert rows(table) == [
        ("1", "Siti Aminah", "1904014501900003", "1990-01-05", "2400000"),
        ("2", "Budi Santoso", "1904010101850001", "1985-01-01", "2400000.5"),
    ]
    assert table.numeric_columns == {"No", "NIK", "Nominal"}


# --- files that cannot be used ------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"\r\n\r\n", b"\xef\xbb\xbf", b";;;\n;;\n"])
def test_an_empty_file_is_an_input_error(tmp_path, content):
    path = write(tmp_path, "data_kosong.csv", content)
    with pytest.raises(InputError) as err:
        read_table(path)
    message = str(err.value)
    assert message.startswith("data_kosong.csv: ")
    assert "tidak ada baris data" in message and "no data rows" in message
    assert "\n" not in message


def test_a_header_only_file_is_an_input_error_naming_the_header_row(tmp_path):
    path = write(tmp_path, "judul_saja.csv", "Judul Laporan\nNama,NIK,Alamat\n,,\n")
    with pytest.raises(InputError, match=r"^judul_saja\.csv: .*baris 2.* / .*row 2"):
        read_table(path)


def test_a_header_only_xlsx_is_an_input_error(tmp_path):
    path = make_xlsx(tmp_path / "kepala.xlsx", {"S": [["Nama", "NIK"]]})
    with pytest.raises(InputError, match="tidak ada baris data / .*no data rows"):
        read_table(path)


def test_a_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match=r"^tidak_ada\.csv: berkas tidak ditemukan / file not"):
        read_table(tmp_path / "tidak_ada.csv")


def test_an_unsupported_extension_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match=r"^laporan\.pdf: jenis berkas tidak didukung \(\.pdf\)"):
        read_table(write(tmp_path, "laporan.pdf", b"%PDF-1.4"))


def test_a_corrupt_workbook_is_an_input_error(tmp_path):
    path = write(tmp_path, "rusak.xlsx", b"PK\x03\x04" + b"\x00" * 200)
    with pytest.raises(InputError, match=r"^rusak\.xlsx: buku kerja rusak"):
        read_table(path)


def test_an_html_page_saved_as_xls_is_explained(tmp_path):
    path = write(tmp_path, "ekspor.xls", b"<html><table><tr><td>Nama</td></tr></table></html>")
    with pytest.raises(InputError, match=r"^ekspor\.xls: berkas ini halaman HTML"):
        read_table(path)


def test_a_workbook_saved_as_csv_is_explained(tmp_path):
    make_xlsx(tmp_path / "asli.xlsx", {"S": [["Nama"], ["Siti"]]})
    path = write(tmp_path, "salah.csv", (tmp_path / "asli.xlsx").read_bytes())
    with pytest.raises(InputError, match=r"^salah\.csv: berkas ini sebenarnya buku kerja"):
        read_table(path)


def test_a_sheet_for_a_text_file_is_an_input_error(tmp_path):
    path = write(tmp_path, "a.csv", "Nama\nSiti\n")
    with pytest.raises(InputError, match="tidak punya lembar"):
        read_table(path, sheet="Data")


def test_the_header_decides_the_delimiter_over_records_split_by_quoted_line_breaks(tmp_path):
    """Found by the property test above: quoted cells holding ';' and a line break made
    ';' split more agreeing records than ','; the header row says ','."""
    text = 'Nama Pemilik,NIK,Alamat\r\n,";\n1",;\r\n,";\n1",;\r\n'
    table = read_table(write(tmp_path, "kutip-baris.csv", text))
    assert table.headers == ["Nama Pemilik", "NIK", "Alamat"]
    assert rows(table) == [(None, ";\n1", ";"), (None, ";\n1", ";")]
