"""Word lists for the synthetic UMKM generator: names by region, business words, streets.

Plain data, no logic. Lists are written as space-separated strings to keep the file short;
`words()` splits them. Multi-word entries use an underscore ("Abdul_Rahman") and are
turned into spaces when split. Every list here is public, generic vocabulary: given names
common in each culture, shop words, flower/hero street names.
"""

from __future__ import annotations


def words(s: str) -> tuple[str, ...]:
    """Split a space-separated list; '_' inside an entry becomes a space."""
    return tuple(w.replace("_", " ") for w in s.split())


_MARGA = words(
    "Siregar Nasution Simanjuntak Hutapea Sitompul Situmorang Pardede Manurung Sinaga "
    "Simatupang Lubis Harahap Panjaitan Tampubolon Hutagalung Silalahi Damanik Sembiring "
    "Ginting Tarigan Pasaribu Napitupulu Sihombing Gultom Hasibuan Marpaung Sianturi"
)
_CHINESE_FAMILY = words(
    "Wijaya Halim Tanoto Salim Kurniawan Setiawan Santoso Tanjaya Susanto Gunawan "
    "Lim Tan Tjandra Widjaja Hartanto Kusuma Sutanto Tanuwijaya"
)

# --- Owner names by cultural group --------------------------------------------------------
# Each group: (male first names, female first names, male second names, female second names).
# Second names are drawn with a group-specific probability; Batak second names are margas
# and are (almost) always present.

JAVANESE = (
    words(
        "Agus Budi Eko Joko Bambang Slamet Sugeng Heru Dwi Tri Hadi Wahyu Didik Bayu Yudi "
        "Teguh Sutrisno Suparman Sukirno Suyanto Sugiyono Purwanto Suwarno Mulyono Cahyono "
        "Darmaji Sunarto Paijo Tukiman Jumadi Wagiman Subagyo Widodo Haryanto Rudi Andi Sigit"
    ),
    words(
        "Sri Dewi Endang Siti Tri Dwi Sumarni Suparmi Sulastri Wahyuni Sukarti Tutik Rini "
        "Yuli Ani Lestari Nining Suci Mujiati Winarsih Juwariyah Ngatini Painem Sumiyati "
        "Kasiyem Tumini Sunarsih Puji Retno Wulan Yuniati"
    ),
    words(
        "Santoso Prasetyo Wibowo Setiawan Susilo Nugroho Saputro Purnomo Wijayanto Kurniawan "
        "Hartono Utomo Riyanto Hidayat Sulistyo Sutanto Cahyadi Raharjo Suryono"
    ),
    words(
        "Wahyuni Lestari Rahayu Handayani Susanti Purwanti Ningsih Astuti Rahmawati Kusumawati "
        "Setyowati Widayati Suryani Utami Wulandari Pratiwi Prihatin"
    ),
)

SUNDANESE = (
    words(
        "Asep Ujang Dede Cecep Yayan Deden Dadang Endang Ade Jajang Ujang Wawan Iwan Acep "
        "Engkus Otong Aep Yana Cucu Dedi Hendra Usep Agus Ajat Didin Encep Ruhiyat"
    ),
    words(
        "Euis Neneng Iis Cucu Eneng Imas Yeni Elis Nining Popon Nenden Ai Entin Tati Titin "
        "Dedeh Enok Ela Ijah Nia Rina Siti Yati Nyai Kokom Oom Empat"
    ),
    words(
        "Sunarya Suryana Hidayat Permana Kusnadi Saepudin Supriatna Sopandi Mulyana Hermawan "
        "Rohendi Setiadi Gunawan Suherman"
    ),
    words("Kurniasih Rahayu Nurjanah Komalasari Rostika Sumiati Maryati Hasanah Juhaeni Nurlela"),
)

BATAK = (
    words(
        "Tigor Horas Maruli Sahat Togar Parlindungan Binsar Hotman Jonner Marihot Poltak "
        "Bonar Saut Manahan Rudolf Hasudungan Daniel Jhonson Parulian Ronald Benny Darwin"
    ),
    words(
        "Rosmaida Rotua Tiurma Lamtiar Rosdiana Tiarma Ruth Hotnida Nurmala Roslina Erna "
        "Dameria Sondang Martha Lenny Rosita Masniari Risma"
    ),
    _MARGA,
    _MARGA,
)

MINANG = (
    words(
        "Afrizal Syafrizal Yusnaldi Zulkifli Rahmat Efrizal Yusrizal Asrul Hendri Jasman "
        "Khairul Masrizal Nofrizal Syahrial Yuhendri Irwan Dasril Erman Rusli Zulfikar Edi"
    ),
    words(
        "Elfi Yusnidar Nurhayati Rosmiati Yenni Desmawati Fitri Yusnita Rahmi Marlina Ernawati "
        "Syafni Yulisma Nelmawati Zuraida Asmaniar Yeni Roslaini Warnita"
    ),
    words("Putra Saputra Chaniago Piliang Tanjung Koto Sikumbang Jambak Rahman Syahputra"),
    words("Putri Yanti Chaniago Piliang Tanjung Koto Sikumbang Jambak Yusra Wati"),
)

BUGIS = (
    words(
        "Baso Sampara Haerul Syamsul Ridwan Rahman Hasanuddin Sudirman Nurdin Arif Amiruddin "
        "Syahrir Jamaluddin Muhlis Asdar Ilham Mappe Kahar Rusdi Lukman Darwis Sulaiman"
    ),
    words(
        "Ramlah Hasnah Nurhaedah Sitti Hasmawati Haslinda Jumriah Kasmawati Nurhayati "
        "Rosmini Hajrah Nurbaya Satriani Hasriani Marwah Sumarni Jumiati Nurmiati"
    ),
    words("Daeng_Ngemba Daeng_Tawang Latif Makmur Tahir Hamzah Ramli Yusuf Saleh Mappiase Rahim"),
    words("Daeng_Rani Daeng_Baji Daeng_Sanga Hasnawati Nurhayati Rahmatia Syamsiah"),
)

BALINESE = (
    words(
        "Sudarsana Suarjana Artawan Sukadana Mertayasa Wiratama Adnyana Suastika Sudiarta "
        "Widiana Sukerta Wirawan Darmawan Astawa Budiarta Sumadi Rai Kariasa Suweca"
    ),
    words(
        "Sukarini Ariani Sumerti Widiastuti Wahyuni Puspitasari Suartini Sriani Ayu Kartini "
        "Sudiani Rusmini Srianti Mariani Darmini Suciani Sukasih"
    ),
    # Second names for Balinese are a second given name.
    words("Putra Arsana Wijaya Yasa Artana Suputra Indrawan Mahendra Pranata"),
    words("Putri Sari Dewi Antari Juliani Lestari Astuti Pratiwi"),
)

# Balinese birth-order names; men get I, women Ni. They are part of the name, not titles.
BALINESE_ORDER = words("Wayan Putu Gede Made Kadek Nengah Nyoman Komang Ketut")

CHINESE = (
    words(
        "Hendra Suwandi Gunawan Hartono Budi Rudy Sugianto Tjahjadi Akiong Afuk Ameng Ahui "
        "Acong Lie_Ping Tan_Siu_Hok Liem_Swie_King Kwee_Tek Oei_Hong Ahok Asun Johan Edy"
    ),
    words(
        "Lili Meiliana Susanti Lina Linda Yuliana Ling_Ling Ayen Amoy Lanny Fenny Mei_Lan "
        "Siu_Lan Yenny Herlina Suryani Lie_Mei Tan_Giok_Nio Aling Sisca"
    ),
    _CHINESE_FAMILY,
    _CHINESE_FAMILY,
)

# Arabic-origin names are spread across Muslim-majority groups.
ARABIC = (
    words(
        "Ahmad Abdul_Rahman Abdul_Karim Abdul_Aziz Abdul_Hamid Abdul_Majid Abdul_Rahim "
        "Abdul_Latif Abdul_Gani Abdul_Malik Abdul_Wahab Abdullah Hasan Husein Ali Umar Yusuf "
        "Ibrahim Ismail Rizki Fajar Arif Hidayat Taufik Rahmat Syaiful Zainal Fauzi Khoirul "
        "Syamsudin Nasrul Junaidi Jafar Anwar Zulkarnain Sholeh Mustofa Rofiq Chairul"
    ),
    words(
        "Siti Nur Nurul Aminah Fatimah Khadijah Aisyah Zainab Hidayah Maryam Rohmah Halimah "
        "Salamah Khotimah Syarifah Hafsah Jamilah Zubaidah Rahmah Nafisah Sholihah Umi Latifah"
    ),
    words("Hidayat Rahman Hakim Syahputra Fauzi Maulana Ramadhan Sholeh Ikhsan Hasan"),
    words("Aminah Hidayah Fitriani Rahmawati Azizah Hasanah Khasanah Jannah Zahra Nuraini"),
)

# Very common full names: the hard negatives. Different people carry them in one regency.
COMMON_NAMES_MALE = words(
    "Muhammad_Rizki Agus_Salim Budi_Santoso Muhammad_Yusuf Ahmad_Fauzi Eko_Prasetyo Slamet "
    "Wahyudi Muhammad_Ikhsan Ahmad_Hidayat Agus_Setiawan Muhammad_Arif"
)
COMMON_NAMES_FEMALE = words(
    "Siti_Aminah Nur_Hidayah Sri_Wahyuni Siti_Fatimah Dewi_Lestari Nurhayati Suparmi "
    "Siti_Rahmah Sri_Rahayu Nur_Aini Siti_Khadijah Sri_Lestari"
)

# Cultural mix of owners per province code. Weights need not sum to 1.
GROUP_MIX: dict[str, dict[str, float]] = {
    "11": {"minang": 0.3, "arabic": 0.6, "javanese": 0.1},
    "12": {"batak": 0.55, "javanese": 0.15, "chinese": 0.1, "arabic": 0.15, "minang": 0.05},
    "13": {"minang": 0.75, "arabic": 0.2, "batak": 0.05},
    "19": {"arabic": 0.35, "chinese": 0.3, "javanese": 0.25, "bugis": 0.1},
    "31": {"javanese": 0.35, "sundanese": 0.2, "chinese": 0.15, "arabic": 0.2, "batak": 0.1},
    "32": {"sundanese": 0.7, "arabic": 0.2, "javanese": 0.1},
    "33": {"javanese": 0.8, "arabic": 0.15, "chinese": 0.05},
    "34": {"javanese": 0.85, "arabic": 0.15},
    "35": {"javanese": 0.75, "arabic": 0.2, "chinese": 0.05},
    "51": {"balinese": 0.85, "javanese": 0.1, "arabic": 0.05},
    "73": {"bugis": 0.75, "arabic": 0.2, "chinese": 0.05},
}
DEFAULT_MIX = {"arabic": 0.5, "javanese": 0.3, "chinese": 0.1, "bugis": 0.1}

GROUPS = {
    "javanese": JAVANESE,
    "sundanese": SUNDANESE,
    "batak": BATAK,
    "minang": MINANG,
    "bugis": BUGIS,
    "balinese": BALINESE,
    "chinese": CHINESE,
    "arabic": ARABIC,
}
# Probability that a name has a second token, per group (Batak names carry a marga).
SECOND_NAME_P = {
    "javanese": 0.55,
    "sundanese": 0.45,
    "batak": 0.97,
    "minang": 0.35,
    "bugis": 0.4,
    "balinese": 0.5,
    "chinese": 0.6,
    "arabic": 0.8,
}
# Muslim-majority groups where men are often named "Muhammad ...".
MUHAMMAD_P = {"javanese": 0.1, "sundanese": 0.15, "minang": 0.2, "bugis": 0.25, "arabic": 0.3}

# --- Titles ---------------------------------------------------------------------------------
TITLES_BEFORE_MALE = words("H. Dr. Drs. Ir. Prof. KH R. Tb. Bpk. Bapak H Drs")
TITLES_BEFORE_FEMALE = words("Hj. Dr. Dra. Ir. Ibu Bu Hj Ny.")
TITLES_AFTER = words(
    "S.E. S.Pd. S.H. A.Md. M.M. S.Kom. S.Sos. S.T. SE SPd SH AMd MM S.Ag S.P. M.Si"
)
MUHAMMAD_VARIANTS = words("M. Muh. Moh. Moch. Mochamad Mohammad Muhamad Mhd. Muhammad M Moh")

# --- Businesses -----------------------------------------------------------------------------
# (label used in "Jenis Usaha", KBLI 2020 kelompok code, product words for business names,
#  preferred shop forms)
SECTORS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "Warung makan",
        "56102",
        words("Nasi_Uduk Soto Pecel Gado-Gado Nasi_Padang Sate Bakso"),
        words("Warung RM Depot"),
    ),
    (
        "Kedai makanan",
        "56103",
        words("Mie_Ayam Bakso Martabak Pempek Siomay Seblak Ayam_Geprek"),
        words("Kedai Warung Depot"),
    ),
    (
        "Kafe / kedai kopi",
        "56303",
        words("Kopi Es_Teh Jus Kopi_Susu Wedang"),
        words("Kedai Warung"),
    ),
    ("Katering", "56210", words("Catering Katering Nasi_Kotak Tumpeng"), words("Catering")),
    (
        "Keripik dan kerupuk",
        "10794",
        words("Keripik_Singkong Kerupuk Rempeyek Keripik_Pisang Kerupuk_Kemplang Keripik_Tempe"),
        words("UD Rumah_Produksi"),
    ),
    (
        "Kue dan roti",
        "10710",
        words("Roti Kue Bolu Brownies Kue_Kering Bakery"),
        words("Toko Rumah_Produksi"),
    ),
    (
        "Kue basah",
        "10792",
        words("Kue_Basah Lemper Klepon Jajanan_Pasar Serabi"),
        words("Rumah_Produksi Warung"),
    ),
    ("Dodol", "10796", words("Dodol Jenang Wajik"), words("UD Rumah_Produksi")),
    ("Olahan ikan", "10219", words("Ikan_Asin Terasi Otak-Otak Abon_Ikan Kemplang"), words("UD")),
    ("Tahu dan tempe", "10392", words("Tahu Tempe Tahu_Sumedang"), words("UD Pabrik")),
    ("Kopi bubuk", "10761", words("Kopi_Bubuk Kopi_Robusta Kopi_Arabika"), words("UD CV")),
    ("Kecap dan sambal", "10771", words("Kecap Sambal Saus"), words("UD CV")),
    ("Batik", "13134", words("Batik Batik_Tulis Batik_Cap"), words("Galeri Toko UD")),
    ("Tenun", "13122", words("Tenun Songket Kain_Tenun Tenun_Ikat"), words("Galeri UD")),
    ("Konveksi", "14111", words("Konveksi Kaos Seragam Jilbab"), words("CV Konveksi")),
    ("Penjahit", "14120", words("Jahit Penjahit Taylor Modiste"), words("Kios")),
    ("Anyaman", "16291", words("Anyaman Kerajinan_Bambu Rotan"), words("UD Galeri")),
    ("Mebel", "31001", words("Mebel Meubel Furniture Kusen"), words("UD CV")),
    (
        "Toko kelontong",
        "47112",
        words("Kelontong Sembako Grosir Sembilan_Bahan_Pokok"),
        words("Toko Warung Kios"),
    ),
    ("Pakaian", "47711", words("Busana Fashion Butik Pakaian"), words("Toko Butik")),
    ("Jualan online", "47919", words("Olshop Online_Shop Store"), words("Toko")),
    ("Bengkel motor", "45407", words("Bengkel Motor Service_Motor"), words("Bengkel")),
    ("Pangkas rambut", "96111", words("Pangkas_Rambut Barbershop Cukur"), words("Kios")),
    ("Salon", "96112", words("Salon Salon_Kecantikan Rias_Pengantin"), words("Salon")),
    ("Laundry", "96200", words("Laundry Binatu Cuci_Kiloan"), words("Laundry")),
    ("Servis HP", "95120", words("Servis_HP Cellular Phone_Cell"), words("Kios Toko")),
    ("Sayur dan buah", "47212", words("Buah Sayur Buah_Segar"), words("Kios Toko")),
    ("Ternak ayam", "01462", words("Telur_Ayam Ayam_Petelur Peternakan_Ayam"), words("UD")),
    ("Budidaya ikan", "03221", words("Lele Nila Ikan_Air_Tawar Gurame"), words("UD Kelompok")),
    ("Percetakan", "18111", words("Percetakan Sablon Digital_Printing"), words("CV")),
)

# Generic "good-luck" words in shop names.
FANCY_WORDS = words(
    "Berkah Jaya Makmur Sejahtera Sentosa Abadi Mandiri Barokah Rejeki Sumber Maju Bersama "
    "Karya Mulia Lancar Sukses Indah Sari Amanah Harapan Baru Putra Putri Family Mekar Tunas "
    "Cahaya Anugerah Bintang Mitra Usaha Murni Sederhana Setia Bahagia Rizki Jaya_Abadi "
    "Tiga_Saudara Dua_Putri Sinar Surya Rahayu Lestari Jaya_Makmur Sumber_Rejeki "
    "Maju_Jaya Berkah_Jaya Sinar_Jaya Karya_Mandiri Mekar_Sari Cahaya_Baru"
)
# Forms the owner name can be glued to: "Warung Bu Siti", "Toko Koh Ahong".
# Per group: (prefixes for women, prefixes for men).
OWNER_PREFIX = {
    "javanese": (words("Bu Mbak Mbok"), words("Pak Mas Cak")),
    "sundanese": (words("Bu Teh Ceu"), words("Pak Kang Mang")),
    "batak": (words("Bu Inang Kak"), words("Pak Bang Amang")),
    "minang": (words("Uni Bu Mak"), words("Uda Pak")),
    "bugis": (words("Bu Daeng"), words("Pak Daeng")),
    "balinese": (words("Bu Mbok"), words("Pak Bli")),
    "chinese": (words("Cik Bu Ci"), words("Koh Ko Pak")),
    "arabic": (words("Bu Ummi Mbak"), words("Pak Abah Bang")),
}
# Shop forms the business name may start with (legal forms and shop words).
SHOP_FORMS = words("Warung Toko UD CV Kedai RM Depot Kios PD Koperasi")

# --- Addresses ------------------------------------------------------------------------------
STREET_NAMES = words(
    "Merdeka Sudirman Diponegoro Ahmad_Yani Gatot_Subroto Pahlawan Gajah_Mada Hayam_Wuruk "
    "Kartini Imam_Bonjol Pattimura Teuku_Umar Hasanuddin Veteran Pemuda Sisingamangaraja "
    "Cut_Nyak_Dien Ki_Hajar_Dewantara Raya Pasar Masjid Mawar Melati Anggrek Kenanga Kamboja "
    "Dahlia Cempaka Flamboyan Cendana Nangka Mangga Rambutan Durian Kelapa Pinang Manggis "
    "Bougenville Teratai Seroja Kutilang Merpati Cenderawasih Rajawali Garuda Kenari "
    "Nusantara Pelita Bhayangkara Sukajadi Sukamaju Sukarame Karya_Bakti Pramuka Kopral "
    "Proklamasi Pancasila Sriwijaya Majapahit Mataram Trikora Dwikora Kemuning Jambu "
    "Sawo Belimbing Tanjung Cemara Beringin Randu Waru Asem Kusuma_Bangsa Satria Bina_Karya "
    "Syech_Abdul_Jalil Nyi_Ageng_Serang Juanda Sultan_Agung Tjilik_Riwut"
)
# Street kinds and their written variants. The first variant is the canonical one.
STREET_KINDS = {
    "jalan": words("Jl. Jln. Jalan Jl JL. JLN"),
    "gang": words("Gg. Gang Gg"),
    "dusun": words("Dsn. Dusun Dsn"),
    "kampung": words("Kp. Kampung Kp"),
    "perum": words("Perum. Perumahan Perum Komp."),
}
STREET_KIND_P = {"jalan": 0.6, "gang": 0.15, "dusun": 0.1, "kampung": 0.05, "perum": 0.1}
DUSUN_NAMES = words(
    "Krajan Sumberejo Karanganyar Kebonsari Ngasem Sidomulyo Tegalrejo Sukamulya Cibodas "
    "Cikaret Lembang Tanjungsari Mekarjaya Pasirjati Bojong Kaliwungu Jatisari Wonosari"
)
PERUM_NAMES = words(
    "Griya_Asri Griya_Indah Bumi_Permai Taman_Sari Puri_Indah Villa_Mutiara Graha_Mandiri "
    "Permata_Hijau Citra_Indah Bukit_Asri"
)

# --- Other columns --------------------------------------------------------------------------
AID_KINDS = words("BPUM BLT_UMKM Banpres_Produktif Bantuan_Modal_Kerja Hibah_Alat_Usaha")
AID_AMOUNTS = (2_400_000, 1_200_000, 1_000_000, 500_000, 3_000_000)
MOBILE_PREFIXES = words(
    "0811 0812 0813 0821 0822 0823 0851 0852 0853 0814 0815 0816 0855 0856 0857 0858 "
    "0877 0878 0817 0818 0819 0859 0881 0882 0883 0895 0896 0897 0898 0899"
)
TITLE_ROW_TEXTS = (
    "DATA UMKM TERDAMPAK COVID-19",
    "DAFTAR PELAKU USAHA MIKRO",
    "REKAPITULASI DATA UMKM",
    "DATA USULAN CALON PENERIMA BANTUAN",
    "DINAS KOPERASI DAN UKM",
)
