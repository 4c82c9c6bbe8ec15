"""The declared audit event kinds: what an event may say besides its field changes.

An audit event carries two things, each with one shape:
- `changes`: {field: {"old": a, "new": b}} — what changed on the object (either key may be
  absent when there was no old value or the new value is the object's creation);
- `kind` + `payload`: one of the dataclasses below, for facts that are not a field change
  (a reason typed by the officer, the merge operation an event belongs to, the format of an
  export). `record()` refuses anything else, so the audit page can render every event.

Adding a kind: a frozen dataclass with `kind = "..."` decorated with `@declared`, fields
of JSON-safe types (str, int, float, bool, None, lists of those).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, ClassVar

EVENTS: dict[str, type[Event]] = {}


class Event:
    """Base of every declared payload (a frozen dataclass with a class-level `kind`)."""

    kind: ClassVar[str]

    def as_payload(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload]


def declared(cls: type[Event]) -> type[Event]:
    if cls.kind in EVENTS:
        raise ValueError(f"audit event kind {cls.kind!r} is declared twice")
    EVENTS[cls.kind] = cls
    return cls


def _conforms(value: Any, annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if annotation is Any:
        return True
    if origin in (typing.Union, types.UnionType):
        return any(_conforms(value, arg) for arg in typing.get_args(annotation))
    if annotation is type(None):
        return value is None
    if origin is list:
        (item,) = typing.get_args(annotation) or (Any,)
        return isinstance(value, list) and all(_conforms(v, item) for v in value)
    if origin is dict:
        return isinstance(value, dict)
    if annotation is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if annotation is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, annotation)


def validate(event: Event) -> dict[str, Any]:
    """The payload to store, or TypeError naming the kind and field that do not fit."""
    cls = type(event)
    if EVENTS.get(getattr(cls, "kind", "")) is not cls:
        raise TypeError(f"{cls.__name__} is not a declared audit event kind")
    hints = typing.get_type_hints(cls)
    payload = event.as_payload()
    for name, value in payload.items():
        if not _conforms(value, hints[name]):
            raise TypeError(f"audit event {cls.kind!r}: {name}={value!r} is not {hints[name]}")
    return payload


@declared
@dataclasses.dataclass(frozen=True)
class Reason(Event):
    """The reason or note an officer typed for the change (rejection, reversal, cancel)."""

    kind: ClassVar[str] = "reason"
    reason: str


@declared
@dataclasses.dataclass(frozen=True)
class PairDecided(Event):
    """A reviewer's verdict on a candidate pair, and the merge it caused, if any."""

    kind: ClassVar[str] = "pair_decided"
    verdict: str
    note: str = ""
    operation: int | None = None


@declared
@dataclasses.dataclass(frozen=True)
class Merged(Event):
    kind: ClassVar[str] = "merged"
    operation: int
    into: int


@declared
@dataclasses.dataclass(frozen=True)
class SplitOff(Event):
    kind: ClassVar[str] = "split_off"
    operation: int
    source: int
    records: list[int]


@declared
@dataclasses.dataclass(frozen=True)
class Undone(Event):
    """A merge or split undone; `deleted` when the business the split created is gone."""

    kind: ClassVar[str] = "undone"
    operation: int | None = None
    operation_kind: str = ""
    deleted: bool = False


@declared
@dataclasses.dataclass(frozen=True)
class Trained(Event):
    kind: ClassVar[str] = "trained"
    version: int
    method: str


@declared
@dataclasses.dataclass(frozen=True)
class ModelRevised(Event):
    """Thresholds changed or an older version put back in use, with the officer's note."""

    kind: ClassVar[str] = "model_revised"
    note: str
    restored_from: int | None = None


@declared
@dataclasses.dataclass(frozen=True)
class Linked(Event):
    kind: ClassVar[str] = "linked"
    linked: int
    created: int
    review: int
    model_version: int


@declared
@dataclasses.dataclass(frozen=True)
class Exported(Event):
    kind: ClassVar[str] = "exported"
    format: str


@declared
@dataclasses.dataclass(frozen=True)
class FilesReceived(Event):
    kind: ClassVar[str] = "files_received"
    files: list[str]


@declared
@dataclasses.dataclass(frozen=True)
class StatementImported(Event):
    kind: ClassVar[str] = "statement_imported"
    rows: int
    matched: int
    unmatched: int


@declared
@dataclasses.dataclass(frozen=True)
class ProblemFixed(Event):
    kind: ClassVar[str] = "problem_fixed"
    problem: str


@declared
@dataclasses.dataclass(frozen=True)
class Legacy(Event):
    """Values stored before events were typed (flat values in `changes`), kept as found."""

    kind: ClassVar[str] = "legacy"
    values: dict[str, Any]


# --- training (issue 12) -------------------------------------------------------------------


@declared
@dataclasses.dataclass(frozen=True)
class TrainingRegistered(Event):
    """A business registered for an event (or put on its waiting list), and how."""

    kind: ClassVar[str] = "training_registered"
    event: int
    source: str
    status: str


@declared
@dataclasses.dataclass(frozen=True)
class TrainingInvited(Event):
    """A group (target filter, cohort or uploaded list) invited to an event, with counts."""

    kind: ClassVar[str] = "training_invited"
    source: str
    registered: int
    waiting: int
    already: int
    cohort: int | None = None


@declared
@dataclasses.dataclass(frozen=True)
class WaitingListMoved(Event):
    """A seat freed by a cancellation went to the first business of the waiting list."""

    kind: ClassVar[str] = "waiting_list_moved"
    promoted: int | None


@declared
@dataclasses.dataclass(frozen=True)
class AttendanceImported(Event):
    kind: ClassVar[str] = "attendance_imported"
    file: str
    lines: int
    people: int
    matched: int
    review: int


@declared
@dataclasses.dataclass(frozen=True)
class CertificateRevoked(Event):
    kind: ClassVar[str] = "certificate_revoked"
    reason: str
    replaced_by: int | None = None


@declared
@dataclasses.dataclass(frozen=True)
class ConsentRecorded(Event):
    """Consent to be contacted for a purpose given or withdrawn, with its date and source."""

    kind: ClassVar[str] = "consent_recorded"
    purpose: str
    given: bool
    on: str
    source: str


# --- end training ----------------------------------------------------------------------------


# --- catalog -------------------------------------------------------------------------


@declared
@dataclasses.dataclass(frozen=True)
class PhotoAdded(Event):
    """A product photo stored after cleaning (orientation applied, metadata dropped)."""

    kind: ClassVar[str] = "photo_added"
    photo: int
    width: int
    height: int


@declared
@dataclasses.dataclass(frozen=True)
class ProductListsChanged(Event):
    """A product's certifications and where-to-buy links as they are after the change."""

    kind: ClassVar[str] = "product_lists_changed"
    certifications: list[str]
    links: list[str]


@declared
@dataclasses.dataclass(frozen=True)
class PurchaseRefused(Event):
    """A campaign purchase refused by a fairness rule (`rule`), with the figures."""

    kind: ClassVar[str] = "purchase_refused"
    rule: str
    business: int
    detail: str


@declared
@dataclasses.dataclass(frozen=True)
class CampaignSelection(Event):
    kind: ClassVar[str] = "campaign_selection"
    added: list[int]
    removed: list[int]


# --- exchange (privacy-preserving linkage with other agencies, issue 17)
@declared
@dataclasses.dataclass(frozen=True)
class EncodedExported(Event):
    """An encoded copy of a cycle's nominations was made (keyed hashes and filters only)."""

    kind: ClassVar[str] = "encoded_exported"
    records: int
    key_id: str
    fields: list[str]
    block_level: str


@declared
@dataclasses.dataclass(frozen=True)
class EncodedReceived(Event):
    """Another agency's encoded list was uploaded to find its overlap with a cycle."""

    kind: ClassVar[str] = "encoded_received"
    agency: str
    records: int
    key_id: str


@declared
@dataclasses.dataclass(frozen=True)
class RegistryEncodedExported(Event):
    """An encoded copy of the registry within the officer's region was asked for (made in
    the request, or queued for the worker when large; keyed hashes and filters only)."""

    kind: ClassVar[str] = "registry_encoded_exported"
    region: str
    records: int
    key_id: str
    fields: list[str]
    block_level: str
    in_worker: bool


# --- ops (issue 16): retention (PDP: personal data kept no longer than needed).
@declared
@dataclasses.dataclass(frozen=True)
class RetentionPurged(Event):
    """Uploaded files, kept tables and previews of an upload removed by `sinergi manage
    purge` after `days` (`rule`: "draft" never imported, or "imported"); rows stay."""

    kind: ClassVar[str] = "retention_purged"
    rule: str
    days: int
    files: list[str]
