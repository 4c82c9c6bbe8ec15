"""Privacy-preserving record linkage (PPRL): match two agencies' lists without sharing them.

Each agency encodes its own list with a secret key they share out of band
(`keys.new_key`), and hands the other side only the encodings (`encode.encode_lists`):

- keyed HMAC-SHA256 of exact identifiers (NIK, NIK without its last digit for lists
  damaged by Excel, phone, birth date), after the engine's Indonesian normalisers;
- ONE record-level Bloom filter (a CLK) of the owner name, business name and address
  2-grams, each field with its own key and its own number of bit positions (weight);
- the region code in clear only at the level both sides agreed on for blocking.

The matching side needs no key (`match.match_encoded`): it blocks on the region code and
the keyed hashes, computes Dice similarity of the filters with numpy bit operations and
writes pairs of record numbers, a score and which encoded fields agreed.

Invariants:
- nothing in an encoded folder is a raw value or an unkeyed hash of one; the key never
  leaves the key file; a field is never encoded alone in its own filter;
- the same key, parameters and input give byte-identical encodings;
- two folders encoded with different keys or parameters are refused, not matched.

See docs/pprl.md for the threat model and why numpy rather than clkhash/anonlink/blocklib.
"""

from __future__ import annotations
