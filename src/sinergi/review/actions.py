"""Writes of the review app: link records into the registry, train the model, decide.

Views, the intake task and the CLI call these verbs; each checks permission (when a
user acts), changes the data and writes the audit trail in one transaction.
Merge, split and undo live in `review.merge` and are re-exported here.

Linking (`link_records`): new source records are linked against the registry and each
other (`linkage.incremental.link_new`). A record at or above the model's high threshold
joins the business it matched ("linked"); records below the low threshold make a new
business ("created"); a record in between also gets a new business, so every row is in
the registry at once and traceable, and a `ReviewPair` between that business and its
candidate goes to the queue ("review"). "Same business" then merges the two (undoable);
"different" keeps them apart and the pair is never proposed again.

Training (`train_model`): EM on the registry frame (`linkage.link.train_model`), then
the m probabilities are blended with review decisions (`incremental.apply_labels`: the
comparison levels stored with each decided pair are labelled examples). The result is a
new `LinkageModel` version; the registry cache is keyed by version.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from sinergi.accounts.roles import permissions_for
from sinergi.accounts.scope import NotAllowed
from sinergi.audit.actions import record
from sinergi.audit.events import Linked, PairDecided, Trained
from sinergi.linkage import (
    BUSINESS_ID,
    RECORD_ID,
    Thresholds,
    builtin_model,
    link_new,
    load_spec,
    model_frame,
    registry_prior_for,
    regularise,
)
from sinergi.review import frames, keys, linking
from sinergi.review.merge import merge_businesses, split_business, undo_operation
from sinergi.review.models import Decision, LinkageModel, PairStatus, ReviewPair, Verdict
from sinergi.review.querysets import can_review

__all__ = [
    "LinkSummary",
    "current_model",
    "decide",
    "link_records",
    "merge_businesses",
    "split_business",
    "train_model",
    "undo_operation",
]

# The prior of the shipped model when no registry model was trained yet: about one
# match per 10,000 random pairs, the order of a regency's registry.
BUILTIN_PRIOR = 1e-4


@dataclass
class LinkSummary:
    """Counts of one link run. `records` = linked + created + review."""

    records: int = 0
    linked: int = 0
    created: int = 0
    review: int = 0
    businesses_created: int = 0
    pairs_created: int = 0
    model_version: int = 0
    registry_rows: int = 0
    registry_cached: bool = False
    timings: dict[str, float] = field(default_factory=dict)


def current_model() -> LinkageModel:
    """The newest stored model; the spec's built-in model (version 1) when none is."""
    found = LinkageModel.objects.order_by("-version").first()
    if found is not None:
        return found
    spec = load_spec()
    model = regularise(builtin_model(spec, BUILTIN_PRIOR), spec)
    obj, _ = LinkageModel.objects.get_or_create(
        version=1, defaults={"model": model, "method": "builtin"}
    )
    return obj


def link_records(record_ids: list[int], user: Any = None) -> LinkSummary:
    """Link pending source records into the registry (module doc). Idempotent: records
    that are no longer `pending` are left alone, so a re-run after a crash is safe."""
    from sinergi.intake.models import LinkStatus, SourceRecord

    t0 = time.perf_counter()
    lm = current_model()
    spec = load_spec()
    summary = LinkSummary(model_version=lm.version)
    pending = list(
        SourceRecord.objects.filter(pk__in=list(record_ids), link_status=LinkStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not pending:
        return summary
    new_norm = frames.records_frame(pending)
    t = time.perf_counter()
    registry, cached = frames.registry_frame(lm.version, spec)
    summary.timings["registry_frame"] = time.perf_counter() - t
    summary.registry_rows, summary.registry_cached = registry.height, cached
    new_mf = model_frame(new_norm.with_columns(pl.col(RECORD_ID).alias("unique_id")), spec)
    t = time.perf_counter()
    result = link_new(
        new_mf,
        registry,
        lm.model,
        spec,
        Thresholds(lm.low_threshold, lm.high_threshold),
        registry_prior=registry_prior_for(registry.height),
    )
    summary.timings["link"] = time.perf_counter() - t
    t = time.perf_counter()
    with transaction.atomic():
        business_of = _store(result, registry, lm, user, summary)
    summary.timings["store"] = time.perf_counter() - t
    appended = new_norm.with_columns(
        pl.col(RECORD_ID).replace_strict(business_of, default=None).alias(BUSINESS_ID)
    )
    frames.append_to_cache(lm.version, registry, appended, spec)
    summary.timings["total"] = time.perf_counter() - t0
    return summary


def _store(
    result: Any, registry: pl.DataFrame, lm: LinkageModel, user: Any, summary: LinkSummary
) -> dict[int, int]:
    """Write the link result; returns {record id: business id}."""
    from sinergi.intake.models import LinkStatus, SourceRecord
    from sinergi.regions.models import Region
    from sinergi.registry.models import Sector

    records = result.records
    ids = records["unique_id"].to_list()
    by_pk = SourceRecord.objects.in_bulk(ids)
    in_review = set(result.review["group_l"].to_list()) | {
        g for g in result.review["group_r"].to_list() if g is not None
    }
    # New businesses: one per group without an existing target.
    new_groups: dict[int, list[Any]] = {}
    for rid, group, business in records.select("unique_id", "group", BUSINESS_ID).iter_rows():
        if business is None:
            new_groups.setdefault(group, []).append(by_pk[rid])
    offered = [linking.record_values(r) for g in new_groups.values() for r in g]
    villages = {o["business.village_id"] for o in offered if o["business.village_id"]}
    sectors = {o["business.sector_id"] for o in offered if o["business.sector_id"]}
    valid_villages = set(Region.objects.filter(code__in=villages).values_list("code", flat=True))
    valid_sectors = set(Sector.objects.filter(code__in=sectors).values_list("code", flat=True))
    order = sorted(new_groups)
    created = linking.create_businesses(
        user, [linking.group_values(new_groups[g], valid_villages, valid_sectors) for g in order]
    )
    group_business = {g: b.pk for g, b in zip(order, created, strict=True)}
    summary.businesses_created = len(created)

    business_of: dict[int, int] = {}
    changed = []
    for row in records.iter_rows(named=True):
        rec = by_pk[row["unique_id"]]
        if row[BUSINESS_ID] is not None:
            rec.business_id, rec.link_status = row[BUSINESS_ID], LinkStatus.LINKED
            summary.linked += 1
        else:
            rec.business_id = group_business[row["group"]]
            if row["group"] in in_review:
                rec.link_status = LinkStatus.REVIEW
                summary.review += 1
            else:
                rec.link_status = LinkStatus.CREATED
                summary.created += 1
        rec.link_score = row["match_probability"]
        business_of[rec.pk] = rec.business_id
        changed.append(rec)
    SourceRecord.objects.bulk_update(
        changed, ["business_id", "link_status", "link_score"], batch_size=2000
    )
    summary.records = len(changed)

    group_target = {
        g: (group_business.get(g) or b)
        for g, b in records.select("group", BUSINESS_ID).unique().iter_rows()
    }
    record_of_row = dict(
        zip(registry["unique_id"].to_list(), registry[RECORD_ID].to_list(), strict=True)
    )
    summary.pairs_created = _store_pairs(result.review, group_target, record_of_row, lm)
    keys.refresh_keys(b.pk for b in created)
    from sinergi.intake.models import ImportBatch

    for batch in ImportBatch.objects.filter(pk__in={r.batch_id for r in changed}):
        record(
            user,
            "link",
            batch,
            event=Linked(
                linked=summary.linked,
                created=summary.created,
                review=summary.review,
                model_version=lm.version,
            ),
        )
    return business_of


def _store_pairs(
    review: pl.DataFrame,
    group_target: dict[int, int],
    record_of_row: dict[int, int | None],
    lm: LinkageModel,
) -> int:
    from sinergi.intake.models import SourceRecord
    from sinergi.registry.models import Business

    if review.height == 0:
        return 0
    comparisons = [c[len("gamma_") :] for c in review.columns if c.startswith("gamma_")]
    wanted = []
    for row in review.iter_rows(named=True):
        a = group_target[row["group_l"]]
        if row["group_r"] is not None:
            b, record_b = group_target[row["group_r"]], row["unique_id_r"]
        else:
            b, record_b = row["business_id_r"], record_of_row.get(row["unique_id_r"])
        if a == b:
            continue
        wanted.append((min(a, b), max(a, b), a, b, row, record_b))
    # Never propose a pair of businesses twice (whatever was decided before).
    existing = set()
    for a, b in ReviewPair.objects.filter(
        business_a__in=[w[2] for w in wanted] + [w[3] for w in wanted]
    ).values_list("business_a_id", "business_b_id"):
        existing.add((min(a, b), max(a, b)))
    regencies = dict(
        Business.objects.filter(pk__in=[w[2] for w in wanted]).values_list("pk", "regency_code")
    )
    batch_of = dict(
        SourceRecord.objects.filter(pk__in=[w[4]["unique_id_l"] for w in wanted]).values_list(
            "pk", "batch_id"
        )
    )
    pairs = []
    for lo, hi, a, b, row, record_b in wanted:
        if (lo, hi) in existing:
            continue
        existing.add((lo, hi))
        pairs.append(
            ReviewPair(
                business_a_id=a,
                business_b_id=b,
                record_a_id=row["unique_id_l"],
                record_b_id=record_b,
                batch_id=batch_of.get(row["unique_id_l"]),
                linkage_model=lm,
                match_probability=row["match_probability"],
                match_weight=row["match_weight"],
                gammas={c: row[f"gamma_{c}"] for c in comparisons},
                weights={c: row[f"mw_{c}"] for c in comparisons if f"mw_{c}" in row},
                regency_code=regencies.get(a, ""),
            )
        )
    ReviewPair.objects.bulk_create(pairs, batch_size=2000)
    return len(pairs)


@transaction.atomic
def decide(
    actor: Any,
    pair: ReviewPair,
    verdict: str,
    *,
    note: str = "",
    request: HttpRequest | None = None,
) -> Decision:
    """Record a person's decision on a pair; "same" merges the newer business into the
    older one (the older keeps its id and history).

    The decision is stored (who, when, why) and audited; "same" runs `merge_businesses`
    with default survivorship and links the operation, so undoing the merge is possible
    from the decision too.
    """
    visible = ReviewPair.objects.visible_to(actor).filter(pk=pair.pk).exists()
    if not can_review(actor) or not visible:
        raise NotAllowed("review_pairs")  # both businesses must lie in the actor's scope
    if verdict not in Verdict.values:
        raise ValueError(f"unknown verdict {verdict!r}")
    pair = ReviewPair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != PairStatus.PENDING:
        raise ValueError("pasangan ini sudah diputuskan / this pair was already decided")
    operation = None
    if verdict == Verdict.SAME:
        survivor, other = sorted([pair.business_a, pair.business_b], key=lambda b: b.pk)
        operation = merge_businesses(actor, survivor, [other], note=note, request=request)
        pair.refresh_from_db()
        pair.status = PairStatus.SAME
    elif verdict == Verdict.DIFFERENT:
        pair.status = PairStatus.DIFFERENT
        _settle_records(pair)
    else:
        pair.skips += 1
    pair.save(update_fields=["status", "skips"])
    decision = Decision.objects.create(
        pair=pair,
        verdict=verdict,
        note=note,
        decided_by=actor,
        decided_by_username=actor.get_username(),
        operation=operation,
    )
    record(
        actor,
        "decide",
        pair,
        event=PairDecided(verdict, note, operation.pk if operation else None),
        request=request,
    )
    return decision


def _settle_records(pair: ReviewPair) -> None:
    """Records waiting only on this pair are now simply "created"."""
    from sinergi.intake.models import LinkStatus, SourceRecord

    for business_id in (pair.business_a_id, pair.business_b_id):
        pending = ReviewPair.objects.pending().exclude(pk=pair.pk)
        waiting = pending.filter(business_a_id=business_id) | pending.filter(
            business_b_id=business_id
        )
        if not waiting.exists():
            SourceRecord.objects.filter(
                business_id=business_id, link_status=LinkStatus.REVIEW
            ).update(link_status=LinkStatus.CREATED)


def train_model(actor: Any = None, *, low: float | None = None, high: float | None = None):
    """Train a new model version on the registry and the review decisions (module doc)."""
    from sinergi.linkage import apply_labels
    from sinergi.linkage import train_model as em_train

    if actor is not None and not permissions_for(actor).manage_linkage_model:
        # One model serves the whole installation: the model page's permission, not
        # the reviewer's, whoever calls (page, task or command).
        raise PermissionDenied("train")
    spec = load_spec()
    previous = current_model()
    registry = frames.build_registry_frame(spec)
    method = "builtin"
    model = previous.model
    if registry.height >= int(spec.get("training", {}).get("min_rows", 200)):
        model = em_train(registry.drop(BUSINESS_ID, RECORD_ID), spec)
        method = "em"
    decided = ReviewPair.objects.filter(status__in=[PairStatus.SAME, PairStatus.DIFFERENT])
    label_rows = [
        {**{f"gamma_{k}": v for k, v in g.items()}, "is_match": s == PairStatus.SAME}
        for g, s in decided.values_list("gammas", "status")
    ]
    if label_rows:
        model = apply_labels(model, pl.DataFrame(label_rows))
        method += "+labels"
    with transaction.atomic():
        version = (LinkageModel.objects.order_by("-version").first() or previous).version + 1
        lm = LinkageModel.objects.create(
            version=version,
            model=regularise(model, spec),
            method=method,
            trained_by=actor if getattr(actor, "is_authenticated", False) else None,
            trained_on_records=int(registry[RECORD_ID].is_not_null().sum()),
            trained_on_businesses=int(registry[BUSINESS_ID].n_unique()),
            labels_used=len(label_rows),
            low_threshold=low if low is not None else previous.low_threshold,
            high_threshold=high if high is not None else previous.high_threshold,
        )
        if actor is not None:
            record(actor, "train", lm, event=Trained(version, method))
    return lm
