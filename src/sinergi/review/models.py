"""Review models: the stored linkage model, the review queue, decisions, merge/split.

- `LinkageModel`: one trained Splink model (JSON) with its version, what it was trained
  on and the two thresholds; the newest row is the one in use.
- `ReviewPair`: two businesses the model could not decide about (match probability in
  [low, high)), with the evidence rows and the per-comparison levels and weights, so the
  page can explain the score and later training can learn from the decision.
- `Decision`: who decided what about a pair, when and why. Only ever inserted.
- `MergeOperation`: a merge or a split, with everything needed to reverse it exactly.
- `BusinessKey`: indexed blocking keys of a business for the duplicate warning.

Invariants:
- A ReviewPair never joins a business to itself; a pending pair's businesses are active.
- `MergeOperation.before` holds full snapshots (registry.actions.snapshot) of every
  business and owner the operation changed, `moved` every source record it re-pointed
  ({record id: old business id}), `pairs` every review pair it changed ({pair id:
  {field: old value}}). Undo restores exactly those and nothing else.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.review.querysets import ReviewPairQuerySet


class ModelOrigin(models.TextChoices):
    TRAINED = "trained", _("Trained")
    THRESHOLDS = "thresholds", _("Thresholds changed")
    RESTORED = "restored", _("Earlier version put back")


class LinkageModel(models.Model):
    version = models.PositiveIntegerField(_("version"), unique=True)
    model = models.JSONField(_("Splink model"))
    trained_at = models.DateTimeField(_("trained"), auto_now_add=True)
    trained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # How the parameters came about: "builtin" (shipped with the spec), "em" (trained on
    # the registry), "em+labels" (then blended with review decisions).
    method = models.CharField(max_length=20, default="builtin")
    trained_on_records = models.PositiveIntegerField(default=0)
    trained_on_businesses = models.PositiveIntegerField(default=0)
    labels_used = models.PositiveIntegerField(default=0)
    low_threshold = models.FloatField(_("review from"), default=0.5)
    high_threshold = models.FloatField(_("link automatically from"), default=0.95)
    # How this row came about (the model page): trained, or a copy of `based_on` with new
    # thresholds, or a copy of an earlier version put back in use. A copy keeps the
    # method and training counts of what it copies; `trained_at`/`trained_by` are when
    # and by whom the row was made, `trained_version()` finds the training itself.
    origin = models.CharField(
        _("origin"), max_length=12, choices=ModelOrigin.choices, default=ModelOrigin.TRAINED
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("linkage model")
        verbose_name_plural = _("linkage models")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"v{self.version} ({self.method})"

    def trained_version(self) -> LinkageModel:
        """The row whose parameters were trained (itself unless it is a copy)."""
        row, seen = self, {self.pk}
        while row.origin != ModelOrigin.TRAINED and row.based_on_id not in (None, *seen):
            row = row.based_on
            seen.add(row.pk)
        return row


class PairStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    SAME = "same", _("Same business")
    DIFFERENT = "different", _("Different businesses")
    OBSOLETE = "obsolete", _("No longer applies")


class Verdict(models.TextChoices):
    SAME = "same", _("Same business")
    DIFFERENT = "different", _("Different businesses")
    SKIP = "skip", _("Skipped")


class ReviewPair(models.Model):
    business_a = models.ForeignKey("registry.Business", on_delete=models.CASCADE, related_name="+")
    business_b = models.ForeignKey("registry.Business", on_delete=models.CASCADE, related_name="+")
    record_a = models.ForeignKey(
        "intake.SourceRecord", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    record_b = models.ForeignKey(
        "intake.SourceRecord", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    batch = models.ForeignKey(
        "intake.ImportBatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    linkage_model = models.ForeignKey(LinkageModel, on_delete=models.PROTECT, related_name="+")
    match_probability = models.FloatField(_("score"), db_index=True)
    match_weight = models.FloatField()
    # {comparison: gamma level} and {comparison: weight}, as scored.
    gammas = models.JSONField(default=dict)
    weights = models.JSONField(default=dict)
    # The regency of business A when the pair was made, for the region filter.
    regency_code = models.CharField(max_length=4, blank=True, db_index=True)
    status = models.CharField(
        max_length=10, choices=PairStatus.choices, default=PairStatus.PENDING, db_index=True
    )
    skips = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewPairQuerySet.as_manager()

    class Meta:
        verbose_name = _("review pair")
        verbose_name_plural = _("review pairs")
        ordering = ["skips", "-match_probability", "id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.business_a_id}~{self.business_b_id}"


class Decision(models.Model):
    pair = models.ForeignKey(ReviewPair, on_delete=models.CASCADE, related_name="decisions")
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by_username = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)
    operation = models.ForeignKey(
        "MergeOperation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.verdict} #{self.pair_id}"


class OperationKind(models.TextChoices):
    MERGE = "merge", _("Merge")
    SPLIT = "split", _("Split")


class MergeOperation(models.Model):
    kind = models.CharField(max_length=5, choices=OperationKind.choices)
    # merge: the business that stays; split: the business records were taken from.
    target = models.ForeignKey("registry.Business", on_delete=models.PROTECT, related_name="+")
    # merge: the businesses absorbed (ids); split: [the new business id].
    others = models.JSONField(default=list)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    moved = models.JSONField(default=dict)
    pairs = models.JSONField(default=dict)
    # {field: {"from": "b:<id>" | "r:<id>", "value": ...}}: the survivorship choices.
    choices = models.JSONField(default=dict)
    note = models.TextField(blank=True)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    performed_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("merge or split")
        verbose_name_plural = _("merges and splits")
        ordering = ["-performed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class BusinessKey(models.Model):
    """One blocking key of a business (see review.keys for the kinds)."""

    business = models.ForeignKey("registry.Business", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=2)
    value = models.CharField(max_length=80)

    class Meta:
        indexes = [models.Index(fields=["kind", "value"], name="review_key_lookup")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.business_id}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class TrainingRun(models.Model):
    """One request to train a new model version (the model page's button or the CLI).

    Invariants: only `review.training` changes `status`, claiming a queued row with a
    conditional update before it trains; `model` is set exactly when the run is done;
    `error` is set when it failed. At most one run is queued or running (checked when a
    run is requested; a run stuck longer than `training.STALE` no longer counts).
    """

    status = models.CharField(
        _("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_by_username = models.CharField(max_length=150, blank=True)
    # "web": the model page, run by the worker; "cli": `sinergi manage train_linkage_model`.
    via = models.CharField(max_length=3, default="web")
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    model = models.ForeignKey(
        LinkageModel, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("training run")
        verbose_name_plural = _("training runs")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"training #{self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)
