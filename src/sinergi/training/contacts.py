"""Contact lists of a cohort or an event: CSV, vCard (vobject) and WhatsApp links.

Only owners whose NEWEST consent for the purpose gives consent are listed
(`Consent.objects.consenting`): a withdrawal recorded a second ago removes them from the
next export and link page, everywhere, because every list is built here. Only managers
of the cohort or event get a list (`require_cohort` / `require_event`), and each export
is audited (`Exported`). Owners without consent are counted, never named.

WhatsApp links are `https://wa.me/<digits>?text=<message>` with the officer's message
template; `{nama}`, `{usaha}` and `{acara}` are filled per member (unknown braces stay
as typed: a template is text, not code).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import vobject

from sinergi.audit.actions import record
from sinergi.audit.events import Exported
from sinergi.audit.models import Action
from sinergi.registry.models import Business
from sinergi.training.engine import phones_of
from sinergi.training.models import Cohort, Consent, Event, Purpose
from sinergi.training.permissions import require_cohort, require_event


@dataclass(frozen=True)
class Contact:
    business_id: int
    owner: str
    business: str
    phone: str  # E.164, '' when none valid
    email: str


def _members(group: Cohort | Event):
    if isinstance(group, Cohort):
        return Business.objects.filter(cohort_memberships__cohort=group)
    return Business.objects.filter(
        training_registrations__event=group, training_registrations__status="registered"
    )


def contacts(
    user: Any, group: Cohort | Event, purpose: str = Purpose.TRAINING
) -> tuple[list[Contact], int]:
    """(consenting members' contacts, how many members were left out for lack of consent)."""
    if isinstance(group, Cohort):
        require_cohort(user, group, "contacts")
    else:
        require_event(user, group, "contacts")
    members = _members(group).select_related("owner").order_by("owner__full_name", "pk")
    allowed = members.filter(owner_id__in=Consent.objects.consenting(purpose))
    rows = list(
        allowed.values_list("pk", "owner__full_name", "name", "owner__phone", "owner__email")
    )
    phones = phones_of([r[3] for r in rows])
    out = [
        Contact(pk, owner, name, (p[0] if p else ""), email or "")
        for (pk, owner, name, _phone, email), p in zip(rows, phones, strict=True)
    ]
    return out, members.count() - len(out)


def as_csv(items: list[Contact]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["nama_pemilik", "nama_usaha", "telepon", "email"])
    for c in items:
        writer.writerow([c.owner, c.business, c.phone, c.email])
    return buffer.getvalue()


def as_vcard(items: list[Contact]) -> str:
    cards = []
    for c in items:
        card = vobject.vCard()
        card.add("fn").value = c.owner
        card.add("n").value = vobject.vcard.Name(family="", given=c.owner)
        card.add("org").value = [c.business]
        if c.phone:
            tel = card.add("tel")
            tel.value, tel.type_param = c.phone, "CELL"
        if c.email:
            card.add("email").value = c.email
        cards.append(card.serialize())
    return "".join(cards)


def wa_link(contact: Contact, template: str, event_name: str = "") -> str:
    message = (
        template.replace("{nama}", contact.owner)
        .replace("{usaha}", contact.business)
        .replace("{acara}", event_name)
    )
    return f"https://wa.me/{contact.phone.lstrip('+')}?text={quote(message)}"


def export(user: Any, group: Cohort | Event, fmt: str) -> tuple[str, list[Contact]]:
    items, _left_out = contacts(user, group)
    record(user, Action.EXPORT, group, event=Exported(format=f"contacts-{fmt}"))
    return (as_vcard(items) if fmt == "vcf" else as_csv(items)), items
