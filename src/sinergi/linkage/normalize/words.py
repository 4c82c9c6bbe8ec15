"""Word lists that say what a name is: shop and legal forms, products, titles.

Shared by the normalisers (splitting "Name - Owner" cells, business-name keys) and by
column recognition (`io.profile`), so they live at the bottom layer. All words are
folded (lower-case ASCII).
"""

from __future__ import annotations

# Words that start a business name (after folding). Shop, trade and legal forms.
SHOP_WORDS = frozenset(
    "warung warkop toko tk kios ud cv pt pd depot pabrik jasa usaha kedai rm bengkel salon "
    "laundry loundry catering katering koperasi kop ksp kud bumdes konveksi percetakan "
    "apotek apotik klinik studio butik cafe kafe resto restoran rumah bakery mebel meubel "
    "furniture grosir agen distributor minimarket mart swalayan counter konter cell "
    "fotocopy photocopy sablon penjahit tailor barbershop pangkas cukur kerajinan "
    "industri home peternakan ternak perikanan tambak kebun rental travel cuci showroom "
    "outlet gerai lapak galeri gallery sanggar bimbel kursus dapur kantin angkringan "
    "lesehan pondok sentra kelompok kub umkm ukm ikm irt homestay penginapan "
    "wisma dealer service servis material panglong kilang huller penggilingan sentral "
    "dagang tukang waroeng warmindo toserba "
    # Loanwords Indonesian shops name themselves with ("Blackbarn Coffee", "Teras Lounge").
    "coffee coffeeshop shop store bistro eatery lounge grill kitchen patisserie roastery "
    "roasters".split()
)
# Legal forms that mark a business wherever they stand ("Sinar Jaya, CV").
LEGAL_WORDS = frozenset("pt cv ud pd tbk koperasi bumdes firma persero".split())
# What small businesses make and sell: a name holding these is not a person's name.
PRODUCT_WORDS = frozenset(
    "keripik kripik kerupuk krupuk kue roti tahu tempe batik sembako bakso mie mi soto "
    "sate nasi ayam ikan kopi jamu madu snack dodol bolu tenun songket anyaman souvenir "
    "sayur buah pulsa las bordir gorengan pecel martabak seblak cilok jus susu sambal "
    "abon rendang bumbu kopi teh gula beras jagung singkong pisang tape opak rengginang "
    "emping kacang bawang cabe cabai telur daging pempek siomay batagor cireng lontong "
    "ketoprak gado rujak bubur dimsum donat brownies kerudung hijab jilbab baju kaos "
    "sepatu sandal tas dompet mebel kayu rotan bambu gerabah keramik sabun parfum "
    "laundry elektronik motor mobil sparepart bangunan kelontong plastik kerajinan "
    "aksesoris akik perhiasan emas tanaman bunga pupuk pakan bibit".split()
)
# Honorifics and titles written before a person's name.
TITLE_WORDS = frozenset(
    "h hj haji hajjah dr drs dra ir prof kh bu ibu pak bapak bpk sdr sdri ny nn tn "
    "mas mbak mba andi tb ust ustadz ustadzah".split()
)
# Words of aid programmes and kinds of aid: a column whose few distinct values hold these
# ("BPUM", "Banpres Produktif", "Hibah Alat Usaha", "BLT", "KUR") says which aid a row is.
AID_WORDS = frozenset(
    "bpum blt banpres bansos bantuan hibah stimulan stimulus insentif subsidi pkh bpnt bst "
    "kur prakerja jps rtlh modal produktif langsung tunai program fasilitasi".split()
)
# Words that mark a street address ("Jl. Melati No. 5 RT 02/RW 03", "Dsn. Krajan").
ADDRESS_WORDS = frozenset(
    "jl jln jalan gg gang dsn dusun kp kampung rt rw perum perumahan blok komplek kompleks "
    "lorong lr lingkungan link jorong banjar".split()
)
