"""The header dictionary: how Indonesian offices, partners and agencies head their columns.

Gathered from real spreadsheets (regency UMKM lists, partnership-program rosters, BPUM aid
lists, BPS business-directory exports, open-data portals, dashboards' database fields).
Each wording is compared after folding (see `columns.fold`), so case, dots and spaces do
not matter. A wording belongs to exactly one field; when offices use one wording for two
things (e.g. "Nama" for the owner in one file and for the shop in another), it is listed
where it usually belongs and the values decide (`column_profile`).

"Nama Mitra", "Nama Binaan" and "Nama KUMKM" usually name the business taken into a
program (the partner): partnership rosters put the owner under "Pemilik" or "Penanggung
Jawab" beside it. Some rosters put the person there; EITHER_NAME_HEADERS lets the values
decide.
"""

from __future__ import annotations

ALIASES: dict[str, tuple[str, ...]] = {
    "owner_name": (
        "Nama Pemilik", "Nama Pelaku Usaha", "Nama", "Nama Lengkap", "Nama Penerima",
        "Nama Pemilik Usaha", "Owner", "Owner Name", "Name", "Nama Pengusaha",
        "Nama Pelaku UMKM", "Nama Penerima Bantuan", "Nama KTP", "Nama Sesuai KTP",
        "Nama Debitur", "Nama Peserta", "Nama Anggota", "Pemilik", "Pemilik Usaha",
        "Nama Pemilik UMKM", "Full Name", "Nama Penanggung Jawab", "Penanggung Jawab",
        "Penanggungjawab", "PJ", "Nama PJ", "Nama Pemohon", "Pemohon", "Nama Wirausaha",
        "Wirausaha", "Nama Pengrajin", "Pengrajin", "Nama Produsen", "Nama Pedagang",
        "Pedagang", "Nama Responden", "Responden", "Nama Kepala Keluarga", "Nama KRT",
        "Nama Pemilik/Pengelola", "Pengelola", "Nama Pengelola", "Nama Pelaku",
        "Pelaku Usaha", "Nama Nasabah", "Nasabah", "Nama Calon Penerima", "Penerima",
        "Nama Pemilik Toko", "Nama Lengkap Pemilik", "Nama Lengkap Sesuai KTP",
        "Owner Full Name", "Nama Ketua", "Contact Person", "Nama Kontak", "Nama Peminjam",
        "Peminjam",
    ),
    "nik": (
        "NIK", "No KTP", "No. KTP", "Nomor KTP", "NIK KTP", "No. Induk Kependudukan",
        "Nomor Induk Kependudukan", "ID Number", "NIK Pemilik", "No NIK", "Nomor NIK", "KTP",
        "NIK Penerima", "National ID", "No. Identitas", "Nomor Identitas", "NIK Pelaku Usaha",
        "NIK Pemohon", "NIK Penanggung Jawab", "NIK Debitur", "NIK Peserta", "No Identitas",
        "NIK Pengusaha", "NIK/KTP", "KTP/NIK", "NIK (16 digit)",
    ),
    "kk": (
        "No KK", "Nomor KK", "No. Kartu Keluarga", "Nomor Kartu Keluarga", "KK", "NKK",
        "Kartu Keluarga", "NIK KK", "No. KK", "Nomor KK Pemilik",
    ),
    "business_name": (
        "Nama Usaha", "Nama UMKM", "Nama Toko", "Nama Perusahaan", "Business Name", "Merek",
        "Merk", "Nama Merek", "Nama Brand", "Brand", "Nama Badan Usaha", "Nama IKM",
        "Nama Koperasi", "Company", "Company Name", "Nama Tempat Usaha", "Nama Unit Usaha",
        "Nama Mitra", "Mitra", "Nama Mitra Binaan", "Mitra Binaan", "Nama Binaan",
        "Nama KUMKM", "Nama UKM", "Nama UMK", "Nama UMKM/IKM", "Nama Usaha/Merek",
        "Nama Merek Dagang", "Merek Dagang", "Nama Dagang", "Nama Outlet", "Outlet",
        "Nama Warung", "Nama Kios", "Nama Gerai", "Gerai", "Nama Lapak", "Lapak",
        "Nama Industri", "Nama Usaha Mikro", "Nama Kelompok Usaha", "Nama Kelompok",
        "Nama KUB", "Nama Tenant", "Tenant", "Nama Perusahaan/Usaha",
        "Nama Bidang Usaha Binaan", "Store Name", "Shop Name", "Nama Bisnis", "Bisnis",
        "Nama Produsen Usaha", "Nama Pabrik", "Nama Sentra", "Nama Usaha (Merek)",
        "Merek Usaha", "Nama Merek Usaha", "Merk Usaha",
    ),
    "product": (
        "Produk", "Jenis Produk", "Produk Unggulan", "Nama Produk", "Product", "Komoditas",
        "Produk Utama", "Produk Usaha", "Produk yang Dihasilkan", "Hasil Produksi",
        "Barang/Jasa", "Produk/Jasa", "Jenis Barang", "Produk Yang Dijual", "Komoditi",
    ),
    "sector": (
        "Jenis Usaha", "Bidang Usaha", "Sektor", "Sektor Usaha", "KBLI", "Kategori Usaha",
        "Kode KBLI", "Sector", "Jenis Kegiatan Usaha", "Lapangan Usaha", "Bidang",
        "Kegiatan Usaha", "Klasifikasi Usaha", "Kegiatan", "Kategori", "Jenis Kegiatan",
        "Subsektor", "Sub Sektor", "Kelompok Usaha", "Jenis UMKM", "Kategori UMKM",
        "Business Type", "Category", "Kegiatan Utama", "Jenis Industri", "Cabang Industri",
    ),
    "address": (
        "Alamat", "Alamat Lengkap", "Alamat Usaha", "Address", "Alamat Rumah", "Alamat KTP",
        "Alamat Domisili", "Alamat Tempat Usaha", "Alamat Pemilik", "Jalan", "Lokasi Usaha",
        "Alamat Lokasi Usaha", "Alamat Toko", "Alamat Perusahaan", "Alamat Pelaku Usaha",
        "Alamat Sesuai KTP", "Domisili", "Lokasi", "Alamat Kantor", "Alamat Produksi",
        "Alamat Jalan", "Nama Jalan", "Dusun", "Kampung", "Alamat (Jalan/Dusun)",
    ),
    "rt_rw": ("RT/RW", "RT RW", "Rt/Rw", "RT/RW Usaha", "RT-RW"),
    "village": (
        "Desa", "Kelurahan", "Desa/Kelurahan", "Kel/Desa", "Desa/Kel", "Kelurahan/Desa", "Kel",
        "Village", "Nama Desa", "Nama Kelurahan", "Desa Kelurahan", "Nmdesa", "Nm Desa",
        "Nama Desa/Kelurahan", "Desa/Kelurahan Usaha", "Kelurahan Usaha", "Desa Usaha",
        "Gampong", "Nagari", "Kalurahan",
    ),
    "district": (
        "Kecamatan", "Kec", "District", "Nama Kecamatan", "Nmkec", "Nm Kec",
        "Kecamatan Usaha", "Kapanewon", "Kemantren", "Distrik", "Subdistrict",
    ),
    "regency": (
        "Kab/Kota", "Kabupaten/Kota", "Kabupaten", "Kota", "Kab", "Kota/Kabupaten", "Kota/Kab",
        "Regency", "City", "Nama Kabupaten", "Kabupaten Kota", "Nmkab", "Nm Kab",
        "Nama Kabupaten/Kota", "Nama Kab/Kota", "Kota/Kabupaten Usaha", "Kab/Kota Usaha",
        "Regency/City",
    ),
    "province": (
        "Provinsi", "Prov", "Propinsi", "Province", "Nama Provinsi", "Nmprov", "Nm Prov",
        "Provinsi Usaha",
    ),
    "postcode": ("Kode Pos", "Kodepos", "Postal Code", "Postcode", "Zip", "Zip Code", "KodePos"),
    "latitude": (
        "Latitude", "Lat", "Lintang", "Garis Lintang", "Koordinat Lintang", "Y", "Koordinat Lat",
        "Koordinat Latitude", "Koordinat Y", "Lat GPS", "Latitude GPS",
    ),
    "longitude": (
        "Longitude", "Lng", "Lon", "Long", "Bujur", "Garis Bujur", "Koordinat Bujur", "X",
        "Koordinat Long", "Koordinat Lng", "Koordinat Longitude", "Koordinat X", "Long GPS",
        "Longitude GPS",
    ),
    "coordinates": (
        "Koordinat", "Titik Koordinat", "Lokasi GPS", "Koordinat GPS", "Coordinates", "Lat Long",
        "Latlong", "Lat/Long", "Lat,Lng", "Titik Lokasi", "GPS", "Geotag", "Lat Lng",
    ),
    "bps_province": ("Kdprov", "Kode Prov BPS", "Kd Prov", "Kode Provinsi BPS"),
    "bps_regency": ("Kdkab", "Kode Kab BPS", "Kd Kab", "Kode Kabupaten BPS"),
    "bps_district": ("Kdkec", "Kode Kec BPS", "Kd Kec", "Kode Kecamatan BPS"),
    "bps_village": ("Kddesa", "Kode Desa BPS", "Kd Desa", "Kode Kelurahan BPS"),
    "phone": (
        "No HP", "No. HP", "HP", "HP/WA", "No. HP/WA", "Telepon", "No Telp", "WA", "WhatsApp",
        "Phone", "No Telepon", "Nomor HP", "Nomor Telepon", "Nomor Handphone", "No Handphone",
        "Handphone", "Telp", "Telp/HP", "No WA", "Nomor WA", "No HP/Telp", "Kontak",
        "No Kontak", "Phone Number", "Mobile", "Telepon/HP", "Nomor WhatsApp", "No Tlp",
        "Tlp", "Nomor Kontak", "No HP Pemilik", "No. Telp/HP", "No HP/WA Aktif", "Nomor HP/WA",
        "No Telp/WA", "Telepon Seluler", "Nomor Telepon Seluler", "Telp/WA", "Kontak Person",
        "No. WhatsApp", "Nomor Ponsel", "Ponsel", "HP Pemilik", "Telepon Usaha",
    ),
    "email": (
        "Email", "E-mail", "Alamat Email", "Surel", "Alamat Surel", "Alamat E-mail",
        "Email Usaha", "Email Pemilik", "Email Address",
    ),
    "nib": (
        "NIB", "Nomor Induk Berusaha", "No NIB", "Nomor NIB", "NIB (OSS)", "NIB OSS",
        "No. Induk Berusaha",
    ),
    "npwp": (
        "NPWP", "No NPWP", "Nomor NPWP", "Nomor Pokok Wajib Pajak", "NPWP Usaha",
        "NPWP Pemilik",
    ),
    "birth_date": (
        "Tanggal Lahir", "Tgl Lahir", "TTL", "Tempat Tanggal Lahir", "Tempat/Tgl Lahir",
        "Date of Birth", "Birth Date", "DOB", "Tgl. Lahir", "Tempat, Tanggal Lahir",
        "Tempat/Tanggal Lahir", "Tanggal Lahir Pemilik",
    ),
    "sex": (
        "Jenis Kelamin", "JK", "L/P", "Kelamin", "Gender", "Sex", "Jenis Kelamin (L/P)",
        "L / P", "Jenis Kelamin Pemilik", "P/L", "Gender Pemilik",
    ),
    "aid_kind": (
        "Jenis Bantuan", "Program", "Bantuan", "Nama Program", "Jenis Program",
        "Program Bantuan", "Aid", "Aid Type", "Skema Bantuan", "Nama Bantuan",
        "Jenis Fasilitasi", "Bentuk Bantuan",
    ),
    "amount": (
        "Nominal", "Jumlah Bantuan", "Nilai", "Besaran Bantuan", "Amount", "Nilai Bantuan",
        "Jumlah", "Nominal Bantuan", "Besar Bantuan", "Jumlah Dana", "Plafon",
        "Nilai Pinjaman", "Jumlah Pinjaman", "Besaran", "Plafond", "Nilai Penyaluran",
        "Jumlah Penyaluran", "Jumlah Pembiayaan", "Nilai Pembiayaan",
    ),
    "external_id": (
        "ID", "No Registrasi", "Kode", "Nomor Registrasi", "No Reg", "ID Pendaftaran",
        "Kode Registrasi", "ID UMKM", "Kode UMKM", "No Pendaftaran", "Record ID",
        "ID Penerima", "Nomor Pendaftaran", "ID Mitra", "Kode Mitra", "No Mitra",
        "Nomor Mitra", "ID Usaha", "Kode Usaha", "IDSBR", "ID SBR", "No Kontrak",
        "Nomor Kontrak", "No Rekening Pinjaman", "Kode Binaan", "ID Binaan",
    ),
}  # fmt: skip

# Row-number columns: recognised as header cells, but never mapped to a field.
ROW_NUMBER_ALIASES: tuple[str, ...] = ("No", "No.", "NO URUT", "Nomor Urut", "Urut", "Nomor")

# Headers offices use for the business in one file and for its owner in another ("Nama
# Mitra" is the partner: a company in one roster, the person in the next). They are listed
# above under the business; the values decide (`column_choice`).
EITHER_NAME_HEADERS: tuple[str, ...] = (
    "Nama Mitra", "Mitra", "Nama Mitra Binaan", "Mitra Binaan", "Nama Binaan",
)  # fmt: skip
