"""Matching the people of an attendance file to an event's registered businesses.

Pure (no ORM): `Registrant`s and `attendance_files.Person`s in, one `Decision` per
person out. The engine (`training.engine`) gives the normalised e-mails, phone numbers
and name keys; the order is the issue's:

1. e-mail: the person's e-mail equals the owner's (case-folded);
2. phone: a number in the phone column or in the display name ("081234567890" as a
   name) equals one of the owner's numbers (both E.164);
3. name: the meeting name, cleaned (`meeting_names`) and keyed by the engine's name
   normaliser (phonetic key: titles off, Muhammad unified, old spelling folded), must be
   covered by the owner's name and business name words, with at least one word of the
   owner's name, and two words at least unless the owner's whole name is one word
   ("Bu Siti Keripik" -> Siti Aminah of "Keripik Siti").

A signed sheet's business column, when given, tells namesakes apart.

At each step exactly one registrant matches, or the step decides nothing (none) or
sends the person to review (several: AMBIGUOUS with the candidates). A person never goes
to "the first namesake": two registrants with the same name are both candidates. A name
shown by several people connected at the same time (`Person.several_at_once`) goes to
review whatever matches. Invariant: `matched` implies exactly one registration.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sinergi.training.attendance_files import Person
from sinergi.training.engine import name_keys, phones_of
from sinergi.training.meeting_names import clean_display_name, digits_in

MATCHED, AMBIGUOUS, UNMATCHED = "matched", "ambiguous", "unmatched"
# Reasons, as the review list shows them (Bahasa Indonesia / English, like row messages).
SHARED = {
    "email": "beberapa peserta memakai e-mail ini / several registrants share this e-mail",
    "phone": "beberapa peserta memakai nomor ini / several registrants share this number",
    "name": "beberapa peserta cocok dengan nama ini / several registrants fit this name",
}
AT_ONCE = (
    "nama ini tersambung dari beberapa perangkat sekaligus (mungkin dua orang) / "
    "this name was connected from several devices at once (maybe two people)"
)
NOT_FOUND = "tidak ada peserta terdaftar yang cocok / no registered participant fits"


@dataclass(frozen=True)
class Registrant:
    registration_id: int
    owner_name: str
    business_name: str
    email: str = ""
    phone: str = ""


@dataclass
class Decision:
    outcome: str
    registration_id: int | None = None
    matched_by: str = ""
    candidates: list[int] = field(default_factory=list)
    reason: str = ""


class _Index:
    def __init__(self, registrants: Sequence[Registrant]) -> None:
        self.by_email: dict[str, set[int]] = defaultdict(set)
        self.by_phone: dict[str, set[int]] = defaultdict(set)
        self.owner_words: dict[int, frozenset[str]] = {}
        self.all_words: dict[int, frozenset[str]] = {}
        self.business_words: dict[int, frozenset[str]] = {}
        self.by_owner_word: dict[str, set[int]] = defaultdict(set)
        for r in registrants:
            if r.email.strip():
                self.by_email[r.email.strip().casefold()].add(r.registration_id)
        for r, phones in zip(registrants, phones_of([r.phone for r in registrants]), strict=True):
            for p in phones:
                self.by_phone[p].add(r.registration_id)
        keys = name_keys(
            [r.owner_name for r in registrants] + [r.business_name for r in registrants]
        )
        n = len(registrants)
        for i, r in enumerate(registrants):
            owner = frozenset(keys[i][1].split())
            business = frozenset(keys[n + i][1].split())
            self.owner_words[r.registration_id] = owner
            self.all_words[r.registration_id] = owner | business
            self.business_words[r.registration_id] = business
            for w in owner:
                self.by_owner_word[w].add(r.registration_id)

    def by_name(self, words: frozenset[str]) -> set[int]:
        """Registrants whose name (and business) words cover `words`; when exactly one of
        them carries exactly that name, only that one (a full name beats a partial cover;
        two carrying it are namesakes and both stay)."""
        if not words:
            return set()
        found, exact = set(), set()
        for rid in set().union(*(self.by_owner_word.get(w, set()) for w in words)):
            owner = self.owner_words[rid]
            if not words <= self.all_words[rid]:
                continue
            if len(words) >= 2 or owner == words:
                found.add(rid)
                if owner == words:
                    exact.add(rid)
        return exact if len(exact) == 1 else found


def _one(found: set[int], by: str) -> Decision | None:
    if len(found) == 1:
        return Decision(MATCHED, next(iter(found)), by, sorted(found))
    if len(found) > 1:
        return Decision(AMBIGUOUS, None, by, sorted(found), SHARED[by])
    return None


def match_people(people: Sequence[Person], registrants: Sequence[Registrant]) -> list[Decision]:
    """One Decision per person, in order (module doc)."""
    index = _Index(registrants)
    # Names and phones of every person in one engine pass each: the engine keys the raw
    # name first (it knows titles and degrees: "S.Kom", "A.Md."), the meeting cleaner then
    # drops device words and numbers from that key, and the engine keys the rest again.
    raw = [p.name for p in people] + [p.lines[0].original_name for p in people]
    keys = name_keys([clean_display_name(key) for key, _ph in name_keys(raw)])
    n = len(people)
    phone_cells = [
        " / ".join(x for x in ({ln.phone for ln in p.lines} | {digits_in(p.name)}) if x)
        for p in people
    ]
    phones = phones_of(phone_cells)
    # A signed sheet may give the business too: it tells namesakes apart.
    business_keys = name_keys(
        [next((x.business for x in p.lines if x.business), "") for p in people]
    )
    out = []
    for i, person in enumerate(people):
        named = index.by_name(frozenset(keys[i][1].split())) | index.by_name(
            frozenset(keys[n + i][1].split())
        )
        business = frozenset(business_keys[i][1].split())
        if business and len(named) > 1:
            narrowed = {r for r in named if business <= index.business_words[r]}
            named = narrowed or named
        if person.several_at_once:
            out.append(Decision(AMBIGUOUS, None, "name", sorted(named), AT_ONCE))
            continue
        emails = {ln.email.strip().casefold() for ln in person.lines if ln.email.strip()}
        by_email = set().union(*(index.by_email.get(e, set()) for e in emails)) if emails else set()
        by_phone = set().union(*(index.by_phone.get(p, set()) for p in phones[i])) or set()
        decision = _one(by_email, "email") or _one(by_phone, "phone") or _one(named, "name")
        if decision is None:
            decision = Decision(UNMATCHED, reason=NOT_FOUND)
        out.append(decision)
    return out
