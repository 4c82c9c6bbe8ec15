"""`sinergi pprl`: find the overlap of two agencies' lists without sharing them.

    sinergi pprl keygen KEYFILE
    sinergi pprl encode FILE... --key-file KEYFILE --out DIR [--block-level regency]
    sinergi pprl match A_DIR B_DIR --out DIR [--threshold 0.8]

A thin shell over the engine's front door (`sinergi.linkage`, see
`sinergi/linkage/pprl/`); every unusable input is a one-line UsageError (exit 2).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sinergi.cli import UsageError
from sinergi.commands.options import input_errors, open_probability, output_errors


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "pprl",
        help="cocokkan daftar tersandi antarinstansi / match encoded lists between agencies",
        description=(
            "Mencari irisan dua daftar instansi tanpa saling memberi nama dan NIK: tiap "
            "instansi menyandikan daftarnya dengan kunci bersama, lalu sandi dicocokkan. / "
            "Finds the overlap of two agencies' lists without sharing names or NIKs."
        ),
    )
    verbs = p.add_subparsers(dest="verb", metavar="VERB", required=True)
    k = verbs.add_parser("keygen", help="buat kunci bersama / make a shared key file")
    k.add_argument("key_file", metavar="KEYFILE")
    k.set_defaults(run=run_keygen)
    e = verbs.add_parser("encode", help="sandikan daftar / encode lists")
    e.add_argument("lists", nargs="+", metavar="FILE")
    e.add_argument("--key-file", required=True, metavar="KEYFILE")
    e.add_argument("--out", required=True, metavar="DIR")
    e.add_argument(
        "--block-level",
        choices=("province", "regency", "district", "none"),
        default="regency",
        help="tingkat wilayah yang terbuka untuk blok / region level kept in clear (regency)",
    )
    e.add_argument(
        "--fields",
        default="owner_name,birth_date,business_name,address",
        metavar="F1,F2,...",
        help=(
            "kolom filter yang disepakati kedua instansi (min. 2) / filter fields both "
            "agencies agreed on (at least 2): owner_name, birth_date, business_name, address"
        ),
    )
    e.add_argument("--sheet", default=None, help="nama sheet / sheet name")
    e.add_argument("--quiet", action="store_true")
    e.set_defaults(run=run_encode)
    m = verbs.add_parser("match", help="cocokkan dua folder tersandi / match two encoded folders")
    m.add_argument("a_dir", metavar="A_DIR")
    m.add_argument("b_dir", metavar="B_DIR")
    m.add_argument("--out", required=True, metavar="DIR")
    m.add_argument("--threshold", type=open_probability, default=None, metavar="DICE")
    m.add_argument("--quiet", action="store_true")
    m.set_defaults(run=run_match)


def run_keygen(args: argparse.Namespace) -> int:
    from sinergi.linkage import pprl_new_key

    with input_errors():
        path = pprl_new_key(Path(args.key_file))
    sys.stdout.write(
        f"kunci dibuat / key written: {path} (rahasia, kirim hanya ke instansi mitra / "
        "secret: share only with the partner agency)\n"
    )
    return 0


def run_encode(args: argparse.Namespace) -> int:
    from sinergi.linkage import pprl_encode, pprl_read_key, pprl_write_encoded

    with input_errors():
        key = pprl_read_key(Path(args.key_file))
        fields = [f.strip() for f in args.fields.split(",") if f.strip()]
        encoded = pprl_encode(args.lists, key, args.block_level, args.sheet, fields)
    with output_errors(args.out):
        paths = pprl_write_encoded(encoded, Path(args.out))
    if not args.quiet:
        with_ = encoded.manifest["with"]
        sys.stdout.write(
            f"{encoded.manifest['records']} baris disandikan / records encoded "
            f"(NIK {with_['nik']}, NIK-15 {with_['nik15']}, HP/phone {with_['phone']}) "
            f"-> {paths['encoded'].parent}\n"
        )
    return 0


def run_match(args: argparse.Namespace) -> int:
    from sinergi.linkage import PPRL_THRESHOLD, pprl_match_folders, pprl_write_pairs

    if Path(args.a_dir).resolve() == Path(args.b_dir).resolve():
        raise UsageError("A_DIR dan B_DIR sama / A_DIR and B_DIR are the same folder")
    threshold = args.threshold if args.threshold is not None else PPRL_THRESHOLD
    with input_errors():
        result = pprl_match_folders(Path(args.a_dir), Path(args.b_dir), threshold)
    with output_errors(args.out):
        paths = pprl_write_pairs(result, Path(args.out))
    if not args.quiet:
        s = result.summary
        sys.stdout.write(
            f"{s['pairs']} pasangan cocok ({s['a_matched']} dari {s['a_records']} di A, "
            f"{s['b_matched']} dari {s['b_records']} di B) / matched pairs "
            f"-> {paths['pairs']}\n"
        )
    return 0
