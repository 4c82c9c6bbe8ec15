"""Column recognition reads the values, not only the header, and says how sure and why."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from sinergi.linkage.io.columns import recognise
from sinergi.linkage.io.profile import (
    is_business_like,
    is_coordinate_pair,
    is_person_like,
    profile_values,
)

SHOPS = ["Warung Mas Rendy", "Pabrik Tahu", "Kios Sembako", "Toko Berkah", "Bengkel Jaya"]
PEOPLE = ["Siti Aminah", "H. Ahmad Fauzi", "Budi Santoso", "Dewi", "Rudi Hartono, S.E."]


def _recognise(columns: dict[str, list[str]], overrides=None):
    return recognise(list(columns), overrides, sample=pl.DataFrame(columns))


def test_a_nama_column_holding_shop_names_is_the_business_name():
    mapping = _recognise({"Nama": SHOPS, "Kecamatan": ["Coblong"] * 5})
    assert mapping.fields["business_name"] == "Nama"
    assert "owner_name" not in mapping.fields
    choice = mapping.choice_for("Nama")
    assert choice.confidence >= 0.9
    assert "100% of values begin with a shop word" in choice.reason_en
    assert "100% nilai diawali kata usaha" in choice.reason_id


def test_a_nama_column_holding_people_stays_the_owner():
    mapping = _recognise({"Nama": PEOPLE, "Nama Usaha": SHOPS})
    assert mapping.fields == {"owner_name": "Nama", "business_name": "Nama Usaha"}


def test_nama_mitra_is_the_business_and_pemilik_its_owner():
    mapping = _recognise(
        {
            "Nama Mitra": ["CV Maju Jaya", "Keripik Bu Ani", "Sinar Abadi", "UD Berkah", "Dapur"],
            "Pemilik": PEOPLE,
        }
    )
    assert mapping.fields == {"business_name": "Nama Mitra", "owner_name": "Pemilik"}


def test_a_kecamatan_column_holding_a_city_name_on_every_row_is_the_regency():
    mapping = _recognise({"Nama": SHOPS, "Kecamatan": ["Kota Bandung"] * 5})
    assert mapping.fields["regency"] == "Kecamatan"
    assert "district" not in mapping.fields
    assert "regency/city" in mapping.choice_for("Kecamatan").reason_en


def test_a_column_with_an_unknown_header_is_read_from_its_values():
    mapping = _recognise(
        {
            "Nama": PEOPLE[:4],
            "Kolom 3": [
                "3273014501900001",
                "3273015506850002",
                "3273010101700003",
                "'3273014501900004",
            ],
            "Titik": ["-6.91, 107.61", "-6.92,107.62", "-6.93, 107.6", "-7.0, 110.4"],
        }
    )
    assert mapping.fields["nik"] == "Kolom 3"
    assert mapping.fields["coordinates"] == "Titik"
    assert 0.5 < mapping.choice_for("Kolom 3").confidence < 0.9


def test_lat_and_lng_and_bps_codes_are_recognised_with_their_values():
    mapping = _recognise(
        {
            "Nama Usaha": ["TUKANG PERAHU <AMINTO>"] * 3,
            "Kdprov": ["32"] * 3,
            "Kdkab": ["04"] * 3,
            "Kdkec": ["010"] * 3,
            "lat": ["-6.9", "-6,95", "-7.01"],
            "lng": ["107.6", "107,61", "110.2"],
        }
    )
    assert mapping.fields["latitude"] == "lat" and mapping.fields["longitude"] == "lng"
    assert mapping.fields["bps_district"] == "Kdkec"
    assert mapping.choice_for("lat").confidence == 1.0


def test_a_kk_column_headed_nik_is_said_to_look_like_kk_numbers():
    # 20 family-card numbers: valid region and date, but never a woman's day (+40).
    kk = [f"32730115{m:02d}1{y}00{i:02d}" for i, (m, y) in enumerate([(1, 5), (2, 8)] * 10)]
    fits = profile_values(kk)
    assert fits["kk"].share == 1.0 and fits["nik"].share < 0.5
    assert "KK" in fits["nik"].reason_en


def test_a_close_call_names_the_map_argument_that_switches_it():
    mapping = _recognise({"Nama": ["Toko Siti", "Warung Bu Ani", "Budi", "Agus Salim", "Rina"]})
    choice = mapping.choice_for("Nama")
    assert (choice.field, choice.alternative) == ("business_name", "owner_name")
    assert choice.close
    assert '--map "Nama=owner_name"' in mapping.describe()
    assert "close call" in mapping.describe() and "hampir sama" in mapping.describe()


def test_an_override_still_wins_and_is_said_to_come_from_map():
    mapping = _recognise({"Nama": SHOPS}, overrides={"Nama": "owner_name"})
    assert mapping.fields == {"owner_name": "Nama"}
    assert mapping.choice_for("Nama").overridden
    assert "Nama -> owner_name (--map)" in mapping.describe()


def test_an_unknown_column_that_lost_its_field_says_what_it_could_be():
    mapping = _recognise({"HP": ["081234567890"] * 3, "WA": ["-"] * 3})
    assert mapping.fields == {"phone": "HP"}
    assert '--map "WA=phone"' in mapping.describe()


QUICK = settings(deadline=None, max_examples=60)


@QUICK
@given(st.text(max_size=40))
def test_the_value_checks_never_fail_on_any_text(text):
    for check in (is_business_like, is_person_like, is_coordinate_pair):
        assert check(text) in (True, False)
    assert all(0.0 <= f.share <= 1.0 for f in profile_values([text] * 3, regions=False).values())


@QUICK
@given(st.sampled_from(SHOPS), st.sampled_from(PEOPLE))
def test_a_shop_name_is_never_a_person_and_a_person_never_a_shop(shop, person):
    assert is_business_like(shop) and not is_person_like(shop)
    assert is_person_like(person) and not is_business_like(person)


def test_nama_mitra_holding_people_beside_a_company_column_is_the_owner():
    mapping = _recognise(
        {
            "Nama Mitra": PEOPLE,
            "Nama Perusahaan": ["CV Maju", "PT Abadi", "UD Jaya", "CV X", "PT Y"],
        }
    )
    assert mapping.fields == {"owner_name": "Nama Mitra", "business_name": "Nama Perusahaan"}


def test_nama_mitra_of_plain_business_names_beside_pemilik_is_still_the_business():
    plain = ["Sinar Abadi", "Berkah Jaya", "Maju Bersama", "Sumber Rejeki", "Cahaya Baru"]
    mapping = _recognise({"Nama Mitra": plain, "Pemilik": PEOPLE})
    assert mapping.fields == {"business_name": "Nama Mitra", "owner_name": "Pemilik"}


# --- headers nobody wrote into the dictionary: the values decide ------------------------

AIDS = ["BPUM", "Banpres Produktif", "Hibah Alat Usaha", "BLT UMKM", "Bantuan Modal Kerja"]
OWNERS = [
    f"{a} {b}" for a in ("Siti", "Budi", "Dewi", "Rudi", "Ani") for b in ("Aminah", "Hartono")
]


def test_a_column_naming_aid_programmes_is_the_kind_of_aid_whatever_its_header():
    for header in ("Skema", "Kegiatan Bantuan", "Kolom 7"):
        mapping = _recognise({"Nama Usaha": SHOPS * 2, header: AIDS * 2})
        assert mapping.fields.get("aid_kind") == header, header
        assert "aid programme" in mapping.choice_for(header).reason_en


def test_many_different_aid_words_are_not_a_kind_of_aid():
    notes = [f"bantuan modal tahap {i} tahun {2000 + i}" for i in range(30)]
    mapping = _recognise({"Nama Usaha": SHOPS * 6, "Catatan Lain": notes})
    assert "aid_kind" not in mapping.fields


def test_an_unknown_header_over_peoples_names_is_the_owner_but_a_helpers_column_is_not():
    helpers = ["Rina Wati", "Joko Susilo"] * 5
    mapping = _recognise({"Nama Usaha": SHOPS * 2, "Fasilitator": helpers, "Tertera": OWNERS})
    assert mapping.fields.get("owner_name") == "Tertera"
    assert "Fasilitator" in mapping.unknown


def test_an_unknown_header_over_kecamatan_names_and_one_over_streets_are_read_as_such():
    mapping = _recognise(
        {
            "Nama Usaha": SHOPS * 2,
            "Zona": ["Coblong", "Sukajadi", "Cicendo", "Andir", "Sukasari"] * 2,
            "Letak": [f"Jl. Melati No. {i} RT 02/RW 03" for i in range(10)],
        }
    )
    assert mapping.fields.get("district") == "Zona"
    assert mapping.fields.get("address") == "Letak"


def test_a_region_header_with_a_qualifier_is_the_level_named_first():
    # Abbreviated or written out, followed by where ("lokasi usaha", "tempat usaha",
    # "domisili", "asal"): the column is the region level its first word names.
    for header, level in (
        ("KEC. LOKASI USAHA", "district"),
        ("Kecamatan Tempat Usaha", "district"),
        ("Kec Domisili Pemilik", "district"),
        ("KAB/KOTA DOMISILI", "regency"),
        ("Kabupaten Asal", "regency"),
        ("Kel. Lokasi", "village"),
        ("Prov Tempat Usaha", "province"),
    ):
        values = {
            "district": ["Coblong", "Sukajadi", "Cicendo", "Coblong"],
            "regency": ["Kota Bandung", "Kabupaten Bogor", "Kota Bandung", "Kabupaten Bogor"],
            "village": ["Dago", "Lebakgede", "Sekeloa", "Dago"],
            "province": ["Jawa Barat", "Jawa Tengah", "Jawa Barat", "Jawa Barat"],
        }[level]
        mapping = _recognise({"Nama Usaha": SHOPS[:4], header: values})
        assert mapping.fields.get(level) == header, (header, mapping.fields)
        assert "address" not in mapping.fields


def test_a_qualifier_that_names_something_else_is_not_a_region():
    # "Kota Lahir" is where the owner was born, "Kab Kode" a code: not the business's place.
    mapping = _recognise(
        {"Nama Usaha": SHOPS[:4], "Kota Lahir": ["Bandung", "Garut", "Bogor", "Bandung"]}
    )
    assert "regency" not in mapping.fields


def test_a_point_in_two_columns_named_x_and_y_is_longitude_and_latitude():
    for x, y in (("TITIK X", "TITIK Y"), ("Koordinat X", "Koordinat Y"), ("Posisi X", "Posisi Y")):
        mapping = _recognise(
            {
                "Nama Usaha": SHOPS[:4],
                x: ["107.6101", "107,6202", "110.41", "106.82"],
                y: ["-6.9101", "-6,9202", "-7.001", "-6.2"],
            }
        )
        assert mapping.fields.get("longitude") == x, (x, mapping.fields)
        assert mapping.fields.get("latitude") == y, (y, mapping.fields)


def test_x_and_y_are_read_from_the_values_when_the_axes_are_swapped_or_not_degrees():
    # The values decide: an "X" column of latitudes is the latitude; an "X" of metres
    # (a projected grid) is no longitude at all.
    swapped = _recognise(
        {
            "Nama Usaha": SHOPS[:4],
            "TITIK X": ["-6.9101", "-6.9202", "-7.001", "-6.2"],
            "TITIK Y": ["107.6101", "107.6202", "110.41", "106.82"],
        }
    )
    assert swapped.fields.get("latitude") == "TITIK X"
    assert swapped.fields.get("longitude") == "TITIK Y"
    metres = _recognise(
        {
            "Nama Usaha": SHOPS[:4],
            "TITIK X": ["789123", "790456", "791001", "788002"],
            "TITIK Y": ["9234567", "9235678", "9236001", "9237002"],
        }
    )
    assert "longitude" not in metres.fields and "latitude" not in metres.fields


def test_a_column_holding_one_shop_word_on_every_row_is_not_the_business_name():
    # An OpenStreetMap export's `amenity` ("cafe" on every row) names the kind of the
    # whole list; the business is in the column whose values differ.
    names = ["Warkop Cak Man", "Kedai Tua Baru", "Warung Bu Lilik", "Kopi Kota", "Kafeku"] * 3
    mapping = _recognise({"amenity": ["cafe"] * 15, "nama_tempat": names})
    assert mapping.fields["business_name"] == "nama_tempat"
    assert "amenity" not in mapping.fields.values()
    assert profile_values(["cafe"] * 15)["business_name"].share == 0.0


BRANDS = ["CV Berkah Jaya", "Warung Sari Rasa", "Toko Makmur", "UD Sumber Rejeki", "Kios Bu Ani"]


def test_a_product_header_over_shop_names_all_different_is_the_business_name():
    # A brand column headed with a product word: shop names, nearly all different.
    for header in ("Merk Produk", "Brand Produk", "Produk/Brand"):
        mapping = _recognise({header: BRANDS, "Pemilik": PEOPLE, "Kecamatan": ["Coblong"] * 5})
        assert mapping.fields.get("business_name") == header, (header, mapping.fields)
        assert "differ" in mapping.choice_for(header).reason_en


def test_a_product_column_that_repeats_its_values_stays_the_product():
    products = ["Warung makan", "Toko kelontong", "Keripik", "Warung makan", "Keripik"] * 2
    mapping = _recognise({"Produk": products, "Nama Usaha": BRANDS * 2, "Pemilik": PEOPLE * 2})
    assert mapping.fields["product"] == "Produk"
    assert mapping.fields["business_name"] == "Nama Usaha"


def test_a_street_and_rt_rw_column_is_the_address_and_a_bare_rt_rw_column_is_not():
    streets = [
        "Jl. Randu No. 24 RT 04/RW 10",
        "Kampung Lembang RT 13 RW 4",
        "Gg. Mawar 3, RT 002 / RW 005",
        "Dusun Krajan RT 01 RW 02",
    ]
    for header in ("Jln/RT/RW", "Jalan, RT/RW", "Dusun/RT/RW"):
        mapping = _recognise({"Nama Usaha": SHOPS[:4], header: streets})
        assert mapping.fields.get("address") == header, (header, mapping.fields)
        assert "street" in mapping.choice_for(header).reason_en
    bare = _recognise({"Nama Usaha": SHOPS[:4], "RT/RW": ["004/010", "013/004", "2/5", "1/2"]})
    assert bare.fields.get("rt_rw") == "RT/RW"
    assert "address" not in bare.fields


def test_points_under_a_header_that_names_a_place_are_the_coordinates():
    points = ["-6.9101, 107.6101", "-6.9202,107.6202", "-7.001, 110.41", "-6.2, 106.82"]
    for header in ("Peta Lokasi Usaha", "Lokasi (Peta)", "Tempat Usaha di Peta"):
        mapping = _recognise({"Nama Usaha": SHOPS[:4], header: points})
        assert mapping.fields.get("coordinates") == header, (header, mapping.fields)
        assert "address" not in mapping.fields
        assert "latitude and longitude" in mapping.choice_for(header).reason_en


def test_a_header_that_only_contains_a_heading_its_values_contradict_is_read_from_the_values():
    # "Info Lokasi" contains an address heading, but these cells hold no street: names in one
    # file, kecamatan names in another. A header that is a known heading as a whole
    # ("Alamat") is not second-guessed this way.
    people = ["Siti Aminah", "Budi Santoso", "Dewi Lestari", "Agus Salim", "Rina Wati"]
    owners = _recognise({"Info Lokasi": people, "Nama Usaha": SHOPS})
    assert owners.fields.get("owner_name") == "Info Lokasi", owners.fields
    assert "its values do not fit" in owners.choice_for("Info Lokasi").reason_en
    places = _recognise(
        {
            "Info Lokasi": ["Coblong", "Sukajadi", "Cicendo", "Coblong", "Sukajadi"],
            "Nama Usaha": SHOPS,
        }
    )
    assert places.fields.get("district") == "Info Lokasi", places.fields
    assert "owner_name" not in places.fields
    known = _recognise({"Alamat": people, "Nama Usaha": SHOPS})
    assert known.fields.get("address") == "Alamat"


def test_names_with_a_phone_beside_them_are_the_owner_whatever_the_header():
    cells = [
        "Siti Aminah / 0812-3456-7890",
        "BUDI SANTOSO (+62 813 2222 3333)",
        "Dewi Lestari 085712345678",
        "H. Ahmad Fauzi - 0821 9876 5432",
    ]
    for header in ("Kontak Usaha", "Identitas", "No HP"):
        mapping = _recognise({header: cells, "Nama Usaha": SHOPS[:4]})
        assert mapping.fields.get("owner_name") == header, (header, mapping.fields)
        assert "phone number beside it" in mapping.choice_for(header).reason_en
    # Beside a real owner column, a phone column that carries names stays the phone.
    both = _recognise({"Nama Pemilik": PEOPLE[:4], "No HP": cells, "Nama Usaha": SHOPS[:4]})
    assert both.fields["owner_name"] == "Nama Pemilik"
    assert both.fields.get("phone") == "No HP"


NAMES_ONLY = ["Sinar Abadi", "Bunga Matahari", "Citra Lestari", "Dua Saudara", "Maju Bersama"]


def test_a_sector_column_of_free_text_beginning_with_shop_words_is_not_the_business_name():
    # Business names without a shop word beside a free-text sector column that has them.
    sectors = [
        f"{shop} {what} {i}"
        for i, (shop, what) in enumerate(
            zip(
                ["Warung makan", "Toko", "Kios", "Warung", "Toko"] * 2,
                ["padang", "sembako", "pulsa", "kopi", "kelontong"] * 2,
                strict=True,
            )
        )
    ]
    mapping = _recognise(
        {"Nama Usaha": NAMES_ONLY * 2, "Jenis Usaha": sectors, "Pemilik": PEOPLE * 2}
    )
    assert mapping.fields["business_name"] == "Nama Usaha"
    assert mapping.fields.get("sector") == "Jenis Usaha"


def test_a_region_header_over_names_the_index_does_not_know_is_never_the_owner():
    unknown_places = ["Sukamaju Kidul", "Cibeureum Girang", "Tanjungsari Hilir", "Pasirjati Wetan"]
    mapping = _recognise(
        {"Nama Usaha": SHOPS[:4], "Kec. Lokasi Survei": unknown_places, "NIK": ["-"] * 4}
    )
    assert "owner_name" not in mapping.fields


def test_names_with_a_shop_word_at_the_end_are_places_not_people():
    # A map or marketplace export: "name" holds places whose trade word stands last
    # ("Bon Cafe", "Blackbarn Coffee") or is a product ("Kopi Ganes"). No person is
    # called that, so the column is the business name, not the owner.
    places = ["Bon Cafe", "Kudos Cafe", "Blackbarn Coffee", "Teras Lounge", "Kopi Ganes"]
    for header in ("name", "Name", "Nama"):
        mapping = _recognise({header: places, "addr:street": ["Jl. Raya Darmo 5"] * 5})
        assert mapping.fields.get("business_name") == header, (header, mapping.fields)
        assert "owner_name" not in mapping.fields
        assert "shop or product word" in mapping.choice_for(header).reason_en


def test_an_english_name_column_of_people_is_still_the_owner():
    mapping = _recognise({"Name": PEOPLE, "Business": SHOPS})
    assert mapping.fields.get("owner_name") == "Name", mapping.fields


def test_of_two_columns_that_could_be_the_business_the_one_filled_on_more_rows_wins():
    # An OpenStreetMap export: "name" on most rows; "name:en" on a few, with more shop
    # words. The business is the column that names most rows; the other is kept as is.
    rows = 12
    names = ["Bon Cafe", "Starbucks", "Kopi Ganes", "Excelso", "Warkop Damai", "Kudos Cafe"]
    english = ["Calibre Coffee Roasters", "Warung Bu Lilik", "Cafe Glass", "", "", ""]
    mapping = _recognise({"name": names * 2, "name:en": english * 2, "n": ["x"] * rows})
    assert mapping.fields.get("business_name") == "name", mapping.fields
    assert "owner_name" not in mapping.fields
    assert mapping.choice_for("name:en").field is None
    assert mapping.choice_for("name:en").alternative == "business_name"
