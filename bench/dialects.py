"""Dialects: the same true lists written the way other offices write them.

    python -m bench.dialects --rows 30000 --seed 101 --split tuning --out bench/data/d-101

`bench.generate` writes one dialect: its own headers, column orders and habits, which the
engine was tuned on. This module rewrites a generated set (`generate` first, into
OUT/base) into another dialect drawn at random per file, keeping the ground truth:

- headers: every field's wording drawn from a pool of at least 8 wordings (`HEADERS`);
- column order: shuffled (the row-number column first or not, or dropped);
- mixed cells: the owner inside the business name ("Toko Jaya (Siti Aminah)",
  "TOKO JAYA <SITI AMINAH>") with no owner column; the owner's name and phone in one
  cell ("Siti Aminah / 0812...") with no phone column; a point as "lat,lng" in one cell or
  as two columns (kecamatan centroid + the business's own offset + GPS jitter);
- habits: a whole file in upper case; owner names abbreviated ("Siti A.", "S. Aminah");
  one-word owner names ("SITI"); the business name written in the owner column; exact
  copies of rows (a row pasted twice). Excel-damaged NIKs and aid lists without business
  names come from `bench.generate` itself.

TUNING and LOCKED: every pool is split in two disjoint halves, and seeds too
(`TUNING_SEEDS`, `LOCKED_SEEDS`). Tuning runs (`bench.dialect_eval`) may only use the
tuning half; the locked half is read by `bench.locked_eval`, run once at the end.

Invariants: same base set, seed and split -> same bytes; every output row has one truth
row (source_file, source_row, entity_id), copies included; the manifest says which
header holds which field (for the baselines).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import zlib
from functools import cache
from pathlib import Path

TUNING_SEEDS = range(100, 200)
# The first locked half, read once on 2026-12-07 (docs/benchmarks.md): spent, not held out.
LOCKED_SEEDS = range(900, 1000)
# The second locked draw ("fresh"): new seeds and a third pool of wordings (FRESH_HEADERS),
# written on 2026-12-07 before any run of it, for `bench.locked_eval` to read once.
FRESH_SEEDS = range(2000, 2100)

# field -> (tuning wordings, locked wordings). Disjoint by construction (checked in tests).
HEADERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "no": (
        ("No", "NO", "No.", "Nomor", "#", "Urut", "No Urut", "Nmr"),
        ("No. Urut", "Nomer", "N0", "Num", "Baris", "Nomor Urut", "Nomor Baris", "Id"),
    ),
    "owner_name": (
        ("Nama Pemilik", "Pemilik", "Nama Pelaku Usaha", "Nama Pengusaha", "Nama Lengkap",
         "Nama Pemilik Usaha", "Penanggung Jawab", "Nama KTP", "Nama Responden", "Nama"),
        ("Pemilik Usaha", "Nama Pengelola", "Nama Pelaku UMKM", "Atas Nama", "Nama Sesuai KTP",
         "Pengusaha", "Nama Pemilik/Pengelola", "Nama Wirausaha", "Nama Debitur", "Nama Anggota"),
    ),
    "nik": (
        ("NIK", "No KTP", "No. KTP", "NIK KTP", "Nomor KTP", "NIK Pemilik", "No. NIK",
         "Nomor Induk Kependudukan", "NIK (16 digit)", "KTP"),
        ("No Induk Kependudukan", "NIK Pelaku Usaha", "Nomor NIK", "No.KTP/NIK", "NIK Penerima",
         "No Identitas (KTP)", "NIK Pengusaha", "Nomer KTP"),
    ),
    "business_name": (
        ("Nama Usaha", "Nama UMKM", "Nama Toko", "Nama Perusahaan", "Usaha", "Nama Tempat Usaha",
         "Merek", "Nama Unit Usaha", "Nama Usaha/Merek", "Nama IKM"),
        ("Nama Badan Usaha", "Nama Brand", "Merk Dagang", "Nama Outlet", "Nama Produk/Usaha",
         "Nama UKM", "Unit Usaha", "Nama Kios"),
    ),
    "address": (
        ("Alamat", "Alamat Usaha", "Alamat Lengkap", "Alamat Rumah", "Alamat Tempat Usaha",
         "Jalan", "Alamat KTP", "Lokasi Usaha"),
        ("Alamat Domisili", "Alamat Pemilik", "Domisili", "Alamat Jalan", "Alamat Sesuai KTP",
         "Lokasi", "Tempat Usaha", "Alamat Lokasi Usaha"),
    ),
    "district": (
        ("Kecamatan", "Kec", "Kec.", "Nama Kecamatan", "KECAMATAN USAHA", "Kecamatan Usaha",
         "Kapanewon", "Distrik"),
        ("Kecamatan Domisili", "Nm Kec", "Kec Usaha", "Kemantren", "Wilayah Kecamatan",
         "Kecamatan/Distrik", "Nama Kec", "Kec. Usaha"),
    ),
    "village": (
        ("Desa", "Kelurahan", "Desa/Kelurahan", "Kel/Desa", "Kalurahan", "Desa/Kel", "Nama Desa",
         "Kelurahan/Desa"),
        ("Desa / Kelurahan", "Kel.", "Nama Kelurahan", "Desa Domisili", "Gampong", "Nagari",
         "Kampung", "Kelurahan Usaha"),
    ),
    "regency": (
        ("Kabupaten/Kota", "Kab/Kota", "Kabupaten", "Kota/Kabupaten", "Kab./Kota", "KAB/KOTA",
         "Kota", "Kab"),
        ("Kabupaten / Kota", "Nama Kabupaten", "Kota/Kab", "Kab Kota", "Daerah",
         "Wilayah Kab/Kota", "Kabupaten Kota", "Asal Kab/Kota"),
    ),
    "phone": (
        ("No. HP", "HP", "No HP", "HP/WA", "No Telp", "Telepon", "No. WA", "Nomor HP", "Kontak",
         "No Telepon"),
        ("No Handphone", "Telp/HP", "WhatsApp", "Nomor Telepon", "Hp/Telp", "No. Kontak",
         "Nomor WA", "Telpon"),
    ),
    "sector": (
        ("Jenis Usaha", "Sektor", "Bidang Usaha", "Sektor Usaha", "KBLI", "Kategori",
         "Kategori Usaha", "Lapangan Usaha"),
        ("Klasifikasi Usaha", "Jenis Kegiatan", "Kegiatan Usaha", "Bidang", "Kode KBLI",
         "Sub Sektor", "Kelompok Usaha", "Jenis"),
    ),
    "product": (
        ("Produk", "Produk Utama", "Jenis Produk", "Komoditas", "Barang/Jasa", "Produk Usaha",
         "Hasil Produksi", "Nama Produk"),
        ("Produk Unggulan", "Komoditi", "Jenis Barang", "Produk/Jasa", "Produksi",
         "Barang Dagangan", "Jenis Produk/Jasa", "Produk yang Dijual"),
    ),
    "aid_kind": (
        ("Jenis Bantuan", "Bantuan", "Program", "Nama Program", "Jenis Program", "Skema Bantuan",
         "Bentuk Bantuan", "Jenis BLT"),
        ("Program Bantuan", "Jenis Stimulan", "Nama Bantuan", "Kegiatan Bantuan", "Jenis Hibah",
         "Bansos", "Jenis Insentif", "Skema"),
    ),
    "amount": (
        ("Nominal", "Jumlah", "Nilai Bantuan", "Jumlah Bantuan", "Besaran", "Nilai (Rp)",
         "Jumlah (Rp)", "Nominal Bantuan"),
        ("Besar Bantuan", "Total", "Nilai", "Rupiah", "Jml Bantuan", "Anggaran", "Dana",
         "Nilai Hibah"),
    ),
    "nib": (
        ("NIB", "No NIB", "Nomor Induk Berusaha", "NIB/Izin", "No. NIB", "Nomor NIB", "NIB OSS",
         "NIB Usaha"),
        ("No Induk Berusaha", "Nomor Izin Usaha (NIB)", "NIB (OSS)", "Izin NIB", "Kode NIB",
         "NIB Perusahaan", "No. Induk Berusaha", "Nomer NIB"),
    ),
    "helper": (
        ("Nama Pendamping", "Pendamping", "Petugas", "Enumerator", "Pendata", "Petugas Lapangan",
         "Nama Petugas", "Surveyor"),
        ("Nama Enumerator", "Fasilitator", "Pendamping Lapangan", "Verifikator", "Operator",
         "Nama Pendata", "Tenaga Pendamping", "Petugas Pendata"),
    ),
    "coordinates": (
        ("Koordinat", "Titik Koordinat", "Lokasi (lat,lng)", "Latlong", "Koordinat GPS",
         "Geotag", "Lat, Long", "Titik Lokasi"),
        ("Koordinat Usaha", "LatLng", "GPS", "Posisi", "Titik GPS", "Lat/Long", "Geolokasi",
         "Koordinat Lokasi"),
    ),
    "latlng": (
        ("lat|lng", "Latitude|Longitude", "Lintang|Bujur", "LAT|LONG", "Lat|Lon",
         "latitude|longitude", "Koordinat Lat|Koordinat Long", "Lat Usaha|Lng Usaha"),
        ("LS|BT", "Garis Lintang|Garis Bujur", "lat_usaha|lng_usaha",
         "Latitude Usaha|Longitude Usaha", "Lintang Selatan|Bujur Timur", "Lat.|Long.", "y|x",
         "Lattitude|Longitud"),
    ),
}  # fmt: skip


# field -> wordings of the fresh locked draw; disjoint from both halves above once case is
# folded (checked in tests/bench/test_dialects.py).
FRESH_HEADERS: dict[str, tuple[str, ...]] = {
    "no": ("Nmr Urut", "Antrean", "Urutan", "Seq", "Nomor Data", "No Baris", "No Antrian",
           "Angka Urut"),
    "owner_name": ("Nama Pemohon", "Nama Penerima", "Nama Pelaku", "Pemilik/Pengelola Usaha",
                   "Nama Lengkap Pemilik", "Pemilik (Sesuai KTP)", "Nama Penanggung Jawab Usaha",
                   "Nama Owner"),
    "nik": ("NIK Pemohon", "Nomor Induk Penduduk", "NIK/No KTP", "Nomor KTP Pemilik",
            "NIK Sesuai KTP", "No KTP Pemilik", "Nomor Identitas", "NIK Penanggung Jawab"),
    "business_name": ("Nama Usaha Mikro", "Nama Usaha/Toko", "Nama Warung/Toko", "Nama Dagang",
                      "Nama Unit UMKM", "Usaha Yang Dijalankan", "Nama Gerai",
                      "Merek Usaha"),
    "address": ("Alamat Tempat Tinggal", "Alamat Rumah Pemilik", "Alamat Lengkap Usaha",
                "Jalan/Dusun", "Alamat (Jalan, RT/RW)", "Lokasi Tempat Usaha", "Alamat Toko",
                "Tempat Tinggal"),
    "district": ("Kecamatan Tempat Usaha", "Kec. Domisili", "Kecamatan (Lokasi Usaha)", "Kcmtn",
                 "Nama Kecamatan Usaha", "Kapanewon/Kemantren", "Kecamatan Pemilik",
                 "Wil. Kecamatan"),
    "village": ("Kelurahan/Desa Usaha", "Nama Desa/Kelurahan", "Kalurahan/Kelurahan", "Desa Usaha",
                "Kelurahan Domisili", "Pekon", "Desa/Kelurahan Tempat Usaha", "Wil. Desa"),
    "regency": ("Kabupaten/Kota Usaha", "Kab/Kota Domisili", "Nama Kab/Kota",
                "Kota/Kabupaten Usaha", "KAB./KOTA ASAL", "Kabupaten/Kota Pemilik",
                "Kabupaten atau Kota",
                "Pemkab/Pemkot"),
    "phone": ("No. Telp/HP", "Nomor Handphone", "No WA Aktif", "HP Pemilik", "Kontak HP/WA",
              "No. Telepon Seluler", "Telp. Pemilik", "Nomor Kontak"),
    "sector": ("Sektor Usaha Utama", "Bidang Kegiatan", "Jenis Usaha Utama", "Kategori KBLI",
               "Lapangan Usaha Utama", "Golongan Usaha", "Jenis Sektor", "Sektor KBLI"),
    "product": ("Produk yang Dihasilkan", "Komoditas Utama", "Produk/Komoditas", "Nama Barang",
                "Hasil Usaha", "Barang yang Dijual", "Jenis Produk Unggulan", "Produk Dagangan"),
    "aid_kind": ("Jenis Program Bantuan", "Sumber Bantuan", "Nama Skema", "Bentuk Dukungan",
                 "Program Stimulus", "Jenis Dana", "Kategori Bantuan", "Paket Bantuan"),
    "amount": ("Nilai Bantuan (Rp)", "Jumlah Diterima", "Besaran (Rp)", "Nominal Diterima",
               "Dana Diterima", "Nilai Stimulan", "Jumlah Uang", "Total Bantuan"),
    "nib": ("NIB (Nomor Induk Berusaha)", "No. Izin Berusaha", "Nomor Induk Berusaha (NIB)",
            "NIB Pemilik", "No NIB OSS", "No. NIB (OSS)", "Nomor Izin (NIB)", "Induk Berusaha"),
    "helper": ("Pendamping UMKM", "Nama Fasilitator", "Petugas Verifikasi", "Diinput Oleh",
               "Pencatat", "Nama Penyuluh", "Tim Pendata", "Petugas Input"),
    "coordinates": ("Titik Koordinat Usaha", "Koordinat (Lat, Long)", "Lokasi GPS", "Titik Peta",
                    "Posisi GPS", "LatLong Usaha", "Koordinat Peta", "Lokasi Peta"),
    "latlng": ("Lat Lokasi|Lng Lokasi", "Latitude (Y)|Longitude (X)", "Titik Lintang|Titik Bujur",
               "koord_lat|koord_lng", "Lat GPS|Long GPS", "Lintang (LS)|Bujur (BT)",
               "LAT_Y|LONG_X", "Koor. Lintang|Koor. Bujur"),
}  # fmt: skip

# The third locked draw ("fresh2", session 5): seeds 3000-3099 and a fourth pool of wordings,
# none equal to a tuning, locked or fresh wording once case and punctuation are folded
# (tests/bench/test_dialects.py). Written and committed before any run of it; read once by
# `bench.locked_eval`. The "fresh" draw above was read on 2026-12-07 and is spent.
FRESH2_SEEDS = range(3000, 3100)
FRESH2_HEADERS: dict[str, tuple[str, ...]] = {
    "no": (
        "Nomor Antrian", "No Pendataan", "Ke-", "Nmr Data", "No Data", "Urutan Data",
        "Nomor Pencatatan", "Baris Ke",
    ),
    "owner_name": (
        "Nama Pemilik Warung", "Nama Pengelola Usaha", "Pemilik Toko", "Nama Pendaftar",
        "Nama Peserta Program", "Nama Penggerak Usaha", "Nama Wirausahawan", "Pelaku UMKM",
    ),
    "nik": (
        "NIK Pendaftar", "No Induk Penduduk", "Nomor KTP Pengusaha", "KTP Pemilik",
        "NIK (16 angka)", "No NIK KTP", "NIK Pemilik Usaha", "Nomor NIK Pemilik",
    ),
    "business_name": (
        "Nama Kedai", "Nama Usaha/Merek Dagang", "Merek Jualan", "Nama Usaha Binaan",
        "Nama Stand", "Nama Toko Online", "Brand Usaha", "Nama Toko/Warung",
    ),
    "address": (
        "Alamat Usaha Lengkap", "Alamat Lengkap Pemilik", "Alamat Sekarang", "Alamat Tinggal",
        "Jalan/Gang", "Alamat Rumah/Usaha", "Alamat Tempat Produksi", "Letak Usaha",
    ),
    "district": (
        "Kec. Tempat Usaha", "Kecamatan Alamat", "Kec. Lokasi Usaha", "Kecamatan Sesuai KTP",
        "Kecamatan Toko", "Kecamatan Lokasi", "Kec. Rumah", "Wilayah Kec.",
    ),
    "village": (
        "Kelurahan/Desa Domisili", "Desa Sesuai KTP", "Kelurahan/Desa Toko", "Nama Kel/Desa",
        "Desa/Kel Usaha", "Kelurahan Lokasi", "Desa Lokasi", "Kel/Ds",
    ),
    "regency": (
        "Kab/Kota Tempat Usaha", "Kabupaten/Kota Domisili", "Kota/Kab Usaha", "Kab./Kota Pemilik",
        "Wilayah Kabupaten", "Kabupaten Asal", "Kota Asal", "Kab-Kota Lokasi",
    ),
    "phone": (
        "No. HP/WhatsApp", "HP/WA Pemilik", "Nomor WA Aktif", "Telepon Pemilik Usaha",
        "No HP Aktif", "Kontak WA", "Nomor HP/Telp", "No. Ponsel",
    ),
    "sector": (
        "Bidang Usaha Utama", "Kategori Usaha Utama", "Jenis Usaha (KBLI)", "Kode Bidang Usaha",
        "Sektor Utama", "Golongan KBLI", "Kelompok Bidang Usaha", "Klasifikasi KBLI",
    ),
    "product": (
        "Produk Dijual", "Jenis Produk/Layanan", "Produk Andalan", "Barang Produksi",
        "Hasil Olahan", "Komoditas Usaha", "Produk/Layanan", "Nama Komoditas",
    ),
    "aid_kind": (
        "Jenis Bansos", "Nama Program Bantuan", "Skema Program", "Bantuan Diterima",
        "Jenis Fasilitas", "Program Pemerintah", "Jenis Stimulus", "Kategori Program",
    ),
    "amount": (
        "Nilai Diterima", "Jumlah Dana (Rp)", "Besaran Bantuan (Rp)", "Nilai Program",
        "Jumlah Nominal", "Dana (Rp)", "Nominal (Rp)", "Total Diterima",
    ),
    "nib": (
        "Nomor Induk Berusaha (OSS)", "NIB Terbit", "No. NIB Usaha", "NIB dari OSS", "Kode OSS",
        "Nomor Izin Berusaha", "NIB Pelaku Usaha", "No Izin (NIB)",
    ),
    "helper": (
        "Nama Pendamping Lapangan", "Petugas Pendamping", "Pendata Lapangan", "Nama Verifikator",
        "Operator Input", "Penginput", "Tim Lapangan", "Nama Surveyor",
    ),
    "coordinates": (
        "Titik Lokasi Usaha", "Koordinat Toko", "Lokasi Koordinat", "GPS Usaha",
        "Titik GPS Usaha", "Koordinat Lat-Long Toko", "Geolokasi Usaha", "Posisi Usaha",
    ),
    "latlng": (
        "Lat Toko|Long Toko", "Latitude Lokasi|Longitude Lokasi", "Lintang Toko|Bujur Toko",
        "Titik Y|Titik X", "Lat. Tempat Usaha|Long. Tempat Usaha", "GPS Lat|GPS Long",
        "Lintang Usaha|Bujur Usaha", "gps_lat_usaha|gps_lng_usaha",
    ),
}  # fmt: skip

# The fourth locked draw ("fresh3", session 5, after the engine5 changes): seeds 4000-4099
# and a fifth pool of wordings, none equal to any earlier pool's wording nor to a wording of
# the engine's header dictionary once case and punctuation are folded
# (tests/bench/test_dialects.py). Written and committed before any run of it; read once by
# `bench.locked_eval`. The "fresh2" draw above was read once on 2026-12-07 and is spent.
FRESH3_SEEDS = range(4000, 4100)
FRESH3_HEADERS: dict[str, tuple[str, ...]] = {
    "no": (
        "No. Registrasi Data", "Nmr Registrasi", "No Reg Data", "Urut Ke", "Nomor Entri",
        "No. Entri", "Indeks", "Nomor Rekap",
    ),
    "owner_name": (
        "Nama Pemilik Unit Usaha", "Nama Pengusaha Mikro", "Yang Bersangkutan",
        "Nama Pemilik Lapak", "Nama Pelaku Ekonomi", "Nama Lengkap Pengusaha",
        "Pengelola Warung", "Nama Kepala Usaha",
    ),
    "nik": (
        "NIK Pengelola", "No. Induk Kependudukan Pemilik", "NIK Yang Bersangkutan",
        "NIK Pemilik Lapak", "NIK/KTP Pengusaha", "Nomor KTP Pelaku", "Identitas (NIK)",
        "NIK Kepala Usaha",
    ),
    "business_name": (
        "Nama Usaha Dagang", "Merek Produk", "Nama Lapak Usaha", "Label Usaha",
        "Nama Outlet Usaha", "Identitas Usaha", "Nama Usaha Pelaku", "Sebutan Usaha",
    ),
    "address": (
        "Alamat Domisili Pemilik", "Alamat Rumah Tinggal", "Alamat Kediaman", "Jalan/RT/RW",
        "Alamat Jalan Usaha", "Lokasi Lapak", "Alamat Sesuai Domisili", "Alamat Lapak Usaha",
    ),
    "district": (
        "Kec. Domisili Pemilik", "Kecamatan Tinggal", "Kec. Lapak", "Kecamatan Alamat Usaha",
        "Kec. Tempat Tinggal", "KECAMATAN LAPAK", "Kec. Asal", "Kecamatan Unit Usaha",
    ),
    "village": (
        "Kelurahan Tempat Usaha", "Kel./Desa Usaha", "Desa/Kelurahan Lokasi", "Nama Desa/Kel.",
        "Kelurahan Tinggal", "Kel. Domisili Pemilik", "Desa Lapak", "Kel. Tempat Tinggal",
    ),
    "regency": (
        "Kabupaten/Kota Lokasi Usaha", "Kota/Kab. Domisili", "Kab Asal",
        "Kabupaten Tempat Usaha", "Kota Tempat Usaha", "Nama Kota/Kab.", "Kab./Kota Tinggal",
        "KAB/KOTA LAPAK",
    ),
    "phone": (
        "No. HP Pengusaha", "Nomor Seluler", "Kontak Pemilik", "Telp/HP Pemilik",
        "No. WA Pemilik", "Nomor HP Aktif", "HP Pengelola", "Nomor WA/HP Pengusaha",
    ),
    "sector": (
        "Sektor Kegiatan Usaha", "Bidang Usaha (KBLI)", "Kategori Sektor", "KBLI Utama",
        "Rumpun Usaha", "Sektor Lapangan Usaha", "Jenis Bidang Usaha", "Golongan Pokok KBLI",
    ),
    "product": (
        "Produk Utama Usaha", "Olahan Produk", "Nama Produk Utama", "Barang/Jasa Utama",
        "Produk Unggulan Usaha", "Barang Dagangan Utama", "Hasil Produksi Utama",
        "Produk Dipasarkan",
    ),
    "aid_kind": (
        "Jenis Bantuan Usaha", "Program Bantuan Diterima", "Skema Bantuan Pemerintah",
        "Bentuk Stimulus", "Jenis Bantuan Modal", "Kategori Stimulus", "Program Diikuti",
        "Sumber Dana Bantuan",
    ),
    "amount": (
        "Nilai Bantuan Diterima", "Jumlah Bantuan (Rp)", "Besar Dana", "Rupiah Diterima",
        "Jumlah Rupiah", "Dana Stimulan (Rp)", "Besaran Dana Diterima", "Nilai Rupiah",
    ),
    "nib": (
        "NIB (OSS RBA)", "NIB Pengusaha", "Nomor Induk Berusaha Pelaku", "NIB Terdaftar",
        "No. NIB Pengusaha", "NIB Unit Usaha", "Nomor Berusaha (NIB)", "NIB Lapak",
    ),
    "helper": (
        "Nama Petugas Pendata", "Pendamping Desa", "Diverifikasi Oleh", "Operator Pendataan",
        "Nama Pencacah", "Pendamping Usaha", "Petugas Entri", "Nama Kader Pendata",
    ),
    "coordinates": (
        "Koordinat Lokasi Usaha", "Koordinat Lapak", "Geotag Usaha", "Titik Koordinat Lapak",
        "Peta Lokasi", "Titik Lokasi Lapak", "Posisi GPS Usaha", "Koordinat Unit Usaha",
    ),
    "latlng": (
        "Koord. Y Usaha|Koord. X Usaha", "Lat Lapak|Long Lapak", "Lintang Lokasi|Bujur Lokasi",
        "Posisi Y|Posisi X", "Latitude Lapak|Longitude Lapak", "GPS Lintang|GPS Bujur",
        "lat_unit|lon_unit", "Y (Lintang)|X (Bujur)",
    ),
}  # fmt: skip

SPLITS = ("tuning", "locked", "fresh", "fresh2", "fresh3")


def wordings(field: str, split: str) -> tuple[str, ...]:
    if split == "fresh":
        return FRESH_HEADERS[field]
    if split == "fresh2":
        return FRESH2_HEADERS[field]
    if split == "fresh3":
        return FRESH3_HEADERS[field]
    tuning, locked = HEADERS[field]
    return tuning if split == "tuning" else locked


def check_seed(seed: int, split: str) -> None:
    seeds = {
        "tuning": TUNING_SEEDS,
        "locked": LOCKED_SEEDS,
        "fresh": FRESH_SEEDS,
        "fresh2": FRESH2_SEEDS,
        "fresh3": FRESH3_SEEDS,
    }[split]
    if seed not in seeds:
        raise SystemExit(f"seed {seed} is not a {split} seed ({seeds.start}..{seeds.stop - 1})")


# How often each habit happens: per file unless the name ends in _cell / _row.
HABITS = {
    "upper_file": 0.3,
    "no_column_dropped_file": 0.2,
    "owner_in_business_file": 0.15,
    "name_phone_file": 0.12,
    "coordinates_file": 0.25,
    "abbrev_file": 0.4,
    "abbrev_cell": 0.12,
    "one_word_cell": 0.06,
    "business_as_owner_cell": 0.04,
    "copy_row": 0.02,
}


@cache
def _centroids() -> dict[str, tuple[float, float]]:
    path = Path(__file__).resolve().parents[2] / "shared" / "data" / "batas_wilayah"
    path = path / "kecamatan_centroid.csv"
    if not path.exists():  # a worktree one level deeper
        path = Path("/work/shared/data/batas_wilayah/kecamatan_centroid.csv")
    out: dict[str, tuple[float, float]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            out[r["kode_digits"]] = (float(r["lat"]), float(r["lng"]))
    return out


def entity_point(entity: str, village: str) -> tuple[float, float] | None:
    """The business's own spot: its kecamatan's centroid + a fixed offset (< ~1.5 km)."""
    base = _centroids().get(village[:6])
    if base is None:
        return None
    h = zlib.crc32(entity.encode())
    dy = ((h & 0xFFFF) / 0xFFFF - 0.5) * 0.02
    dx = (((h >> 16) & 0xFFFF) / 0xFFFF - 0.5) * 0.02
    return base[0] + dy, base[1] + dx


def _abbrev(name: str, rng: random.Random) -> str:
    parts = name.split()
    if len(parts) < 2:
        return name
    if rng.random() < 0.5:
        return " ".join([*parts[:-1], parts[-1][0] + "."])
    return " ".join([parts[0][0] + ".", *parts[1:]])


_TITLES = {"h.", "hj.", "hj", "h", "ir.", "dr.", "drs.", "bu", "ibu", "pak", "bapak", "haji"}


def _one_word(name: str) -> str:
    parts = [p for p in name.split() if p.lower().strip(",") not in _TITLES]
    return parts[0].strip(",") if parts else name


def _read(base: Path, f: dict) -> tuple[list[list[str]], list[str], list[list[str]]]:
    with (base / "sources" / f["file"]).open(encoding=f["encoding"], newline="") as fh:
        lines = list(csv.reader(fh, delimiter=f["delimiter"]))
    t = f["title_rows"]
    return lines[:t], lines[t], lines[t + 1 :]


def rewrite(base: Path, out: Path, seed: int, split: str) -> dict[str, object]:
    """Rewrite the set in `base` (written by bench.generate, CSV) into `out` (module doc)."""
    rng = random.Random(seed * 7919 + SPLITS.index(split))
    manifest = json.loads((base / "manifest.json").read_text(encoding="utf-8"))
    truth = {}
    with (base / "truth_detail.csv").open(encoding="utf-8", newline="") as fh:
        detail_rows = list(csv.reader(fh))
    detail_header = detail_rows[0]
    for r in detail_rows[1:]:
        truth[(r[0], int(r[1]))] = r
    src = out / "sources"
    if out.exists():
        shutil.rmtree(out)
    src.mkdir(parents=True)
    files_out = []
    detail_out: list[list[str]] = []
    for f in manifest["files"]:
        titles, header, body = _read(base, f)
        field_of = {h: fld for fld, h in f["columns"].items()}
        result = _rewrite_file(f, titles, header, body, field_of, truth, rng, split)
        out_header, out_rows, columns, habits, origin, row_tags = result
        with (src / f["file"]).open("w", encoding=f["encoding"], newline="") as fh:
            w = csv.writer(fh, delimiter=f["delimiter"])
            for t in titles:
                w.writerow([t[0] if t else ""] + [""] * (len(out_header) - 1))
            w.writerow(out_header)
            w.writerows(out_rows)
        for i, (orig, extra_tags) in enumerate(zip(origin, row_tags, strict=True), start=1):
            row = list(truth[(f["file"], orig)])
            row[1] = str(i)
            row[9] = ";".join(t for t in [*row[9].split(";"), *extra_tags] if t)
            detail_out.append(row)
        files_out.append({**f, "rows": len(out_rows), "columns": columns, "habits": habits})
    with (out / "truth_detail.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(detail_header)
        w.writerows(detail_out)
    with (out / "truth.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(detail_header[:3])
        w.writerows(r[:3] for r in detail_out)
    new_manifest = {
        **manifest,
        "rows": len(detail_out),
        "dialect": {"seed": seed, "split": split, "habits": HABITS},
        "files": files_out,
    }
    (out / "manifest.json").write_text(json.dumps(new_manifest, indent=1), encoding="utf-8")
    return new_manifest


def _rewrite_file(f, titles, header, body, field_of, truth, rng, split):  # noqa: C901
    habits = {k: rng.random() < p for k, p in HABITS.items() if k.endswith("_file")}
    idx = {field_of.get(h, "no" if h.lower().startswith("no") and j == 0 else None): j
           for j, h in enumerate(header)}  # fmt: skip
    idx.pop(None, None)
    extra = [j for j, h in enumerate(header) if h not in field_of and j != idx.get("no")]
    has = set(idx)
    owner_in_business = habits["owner_in_business_file"] and {"owner_name", "business_name"} <= has
    name_phone = habits["name_phone_file"] and {"owner_name", "phone"} <= has
    coords = habits["coordinates_file"]
    one_cell_point = coords and rng.random() < 0.5

    # Output columns: (header, field or None, getter).
    cols: list[tuple[str, str | None]] = []
    for fld in idx:
        if fld == "no" and habits["no_column_dropped_file"]:
            continue
        if fld == "owner_name" and owner_in_business:
            continue
        if fld == "phone" and name_phone:
            continue
        cols.append((fld, fld))
    for j in extra:
        cols.append(("helper", f"extra:{j}"))
    if coords:
        cols += (
            [("coordinates", "coordinates")] if one_cell_point else [("lat", "lat"), ("lng", "lng")]
        )
    first = [c for c in cols if c[0] == "no"]
    rest = [c for c in cols if c[0] != "no"]
    rng.shuffle(rest)
    cols = first + rest if rng.random() < 0.7 else rest + first

    names: list[str] = []
    columns: dict[str, str] = {}
    lat_lng = rng.choice(wordings("latlng", split)).split("|")
    for kind, fld in cols:
        if kind in ("lat", "lng"):
            h = lat_lng[0] if kind == "lat" else lat_lng[1]
        else:
            h = rng.choice(wordings(kind, split))
        if kind == "owner_name" and name_phone:
            h = f"{h} / {rng.choice(wordings('phone', split))}"
        if kind == "business_name" and owner_in_business and rng.random() < 0.5:
            h = f"{h} ({rng.choice(wordings('owner_name', split))})"
        if habits["upper_file"]:
            h = h.upper()
        while h in names:
            h += "_2"
        names.append(h)
        if kind in ("lat", "lng"):
            columns["latitude" if kind == "lat" else "longitude"] = h
        elif kind not in ("no", "helper"):
            columns[str(fld)] = h

    rows: list[list[str]] = []
    origin: list[int] = []
    row_tags: list[list[str]] = []
    file_tags = [
        f"d_{k.removesuffix('_file')}" for k in ("owner_in_business_file",) if owner_in_business
    ]
    file_tags += ["d_name_phone"] if name_phone else []
    file_tags += ["d_upper"] if habits["upper_file"] else []
    bracket = rng.choice(("({})", "<{}>", "- {}", "/ {}"))
    joiner = rng.choice((" / ", " - HP ", " (", ", "))
    for i, cells in enumerate(body, start=1):
        detail = truth[(f["file"], i)]
        entity, village = detail[2], detail[7].split("|")[0]
        get = {fld: cells[j] for fld, j in idx.items()}
        owner = get.get("owner_name", "")
        tags = list(file_tags)
        if owner and habits["abbrev_file"] and rng.random() < HABITS["abbrev_cell"]:
            owner = _abbrev(owner, rng)
            tags.append("d_abbrev")
        if owner and rng.random() < HABITS["one_word_cell"]:
            owner = _one_word(owner)
            tags.append("d_one_word")
        if get.get("business_name") and rng.random() < HABITS["business_as_owner_cell"]:
            owner = get["business_name"]
            tags.append("d_business_as_owner")
        out: list[str] = []
        for kind, fld in cols:
            if kind in ("lat", "lng", "coordinates"):
                pt = entity_point(entity, village)
                if pt is None:
                    out.append("")
                    continue
                lat = pt[0] + rng.uniform(-2e-4, 2e-4)
                lng = pt[1] + rng.uniform(-2e-4, 2e-4)
                if kind == "coordinates":
                    out.append(f"{lat:.6f},{lng:.6f}")
                else:
                    out.append(f"{lat:.6f}" if kind == "lat" else f"{lng:.6f}")
                continue
            if fld and fld.startswith("extra:"):
                out.append(cells[int(fld.split(":")[1])])
                continue
            value = get.get(fld, "")
            if fld == "owner_name":
                value = owner
                if name_phone and get.get("phone"):
                    tail = ")" if joiner == " (" else ""
                    value = f"{owner}{joiner}{get['phone']}{tail}" if owner else get["phone"]
            elif fld == "business_name" and owner_in_business and owner:
                value = f"{value} {bracket.format(owner)}".strip() if value else owner
            out.append(value)
        if habits["upper_file"]:
            out = [c.upper() for c in out]
        rows.append(out)
        origin.append(i)
        row_tags.append(tags)
        if rng.random() < HABITS["copy_row"]:
            rows.append(list(out))
            origin.append(i)
            row_tags.append([*tags, "d_copy"])
    used = {k: v for k, v in habits.items() if v}
    used["one_cell_point"] = one_cell_point
    return names, rows, columns, sorted(k for k, v in used.items() if v), origin, row_tags


def make(out: Path, rows: int, seed: int, split: str, regencies: int | None = None) -> dict:
    """Generate a base set (bench.generate, same seed) and rewrite it into `out`."""
    from bench.generate import generate

    check_seed(seed, split)
    base = out.parent / f"{out.name}.base"
    if not (base / "manifest.json").exists():
        generate(base, rows, seed=seed, regencies=regencies)
    return rewrite(base, out, seed, split)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.dialects", description=__doc__.split("\n")[0])
    p.add_argument("--rows", type=int, default=30_000)
    p.add_argument("--seed", type=int, default=101)
    p.add_argument("--split", choices=SPLITS, default="tuning")
    p.add_argument("--regencies", type=int, default=None)
    p.add_argument("--out", type=Path, required=True)
    a = p.parse_args(argv)
    m = make(a.out, a.rows, a.seed, a.split, a.regencies)
    print(f"{m['rows']:,} rows, {len(m['files'])} files -> {a.out}")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


# --- aid lists (sinergi screen) -------------------------------------------------------------

AID_FIELDS = {
    "NO": "no",
    "NAMA": "owner_name",
    "NIK": "nik",
    "ALAMAT": "address",
    "KAB/KOTA": "regency",
    "JENIS BANTUAN": "aid_kind",
    "NOMINAL": "amount",
}


def rewrite_aid(base: Path, out: Path, seed: int, split: str) -> None:
    """Rewrite a `bench.generate_aid` set's proposed and received lists into a dialect.

    Headers from the split's pools, columns shuffled, some files upper case, some owner
    names abbreviated. Rows keep their order and number, so expected.csv and rows.csv
    (copied unchanged) still say what a perfect screen reports; exclusion lists and the
    received list's payment date column keep their headers.
    """
    rng = random.Random(seed * 7919 + 17 + SPLITS.index(split))
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(base, out)
    for sub in ("proposed", "received"):
        for path in sorted((out / sub).glob("*.csv")):
            with path.open(encoding="utf-8-sig", newline="") as fh:
                lines = list(csv.reader(fh))
            header, body = lines[0], lines[1:]
            order = list(range(len(header)))
            rng.shuffle(order)
            upper = rng.random() < 0.5
            abbrev = rng.random() < HABITS["abbrev_file"]
            names = []
            for j in order:
                fld = AID_FIELDS.get(header[j])
                h = rng.choice(wordings(fld, split)) if fld else header[j]
                h = h.upper() if upper else h
                while h in names:
                    h += "_2"
                names.append(h)
            name_col = header.index("NAMA") if "NAMA" in header else None
            rows = []
            for cells in body:
                if name_col is not None and abbrev and rng.random() < HABITS["abbrev_cell"]:
                    cells = list(cells)
                    cells[name_col] = _abbrev(cells[name_col], rng)
                row = [cells[j] for j in order]
                rows.append([c.upper() for c in row] if upper else row)
            with path.open("w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(names)
                w.writerows(rows)
