"""Encoded lists: our exports and the other agencies' uploads (encodings only)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Encoding")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class EncodedExport(models.Model):
    """An encoded copy of a cycle's active nominations, or (cycle empty) of the active
    registry within `region`, kept to match uploads against."""

    cycle = models.ForeignKey(
        "programs.Cycle", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # registry exports: the exporting officer's region ('' = all of Indonesia)
    region = models.CharField(max_length=10, blank=True, db_index=True)
    # business ids in record order (registry exports): `rec` -> our business
    businesses = models.JSONField(default=list)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.DONE
    )
    error = models.TextField(blank=True)
    # A large registry export is encoded by the worker: the key waits here for it and is
    # erased by the job (done or failed); never set for an export made in the request.
    pending_key = models.TextField(blank=True)
    key_id = models.CharField(max_length=16, db_index=True)
    fields = models.JSONField(default=list)
    block_level = models.CharField(max_length=10)
    records = models.PositiveIntegerField(default=0)
    # nomination ids in record order: `rec` of the encoding -> our nomination
    nominations = models.JSONField(default=list)
    encoded = models.BinaryField()  # zip: encoded.parquet + manifest.json
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        if self.cycle_id is None:
            return f"registry export {self.pk} ({self.region or 'ID'})"
        return f"export {self.pk} of cycle {self.cycle_id}"


class AgencyListStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Matching")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class AgencyList(models.Model):
    """Another agency's encoded list, matched against one of our exports."""

    export = models.ForeignKey(EncodedExport, on_delete=models.PROTECT, related_name="received")
    agency = models.CharField(_("agency"), max_length=200)
    records = models.PositiveIntegerField(default=0)
    encoded = models.BinaryField()
    status = models.CharField(
        max_length=10, choices=AgencyListStatus.choices, default=AgencyListStatus.QUEUED
    )
    pairs = models.PositiveIntegerField(default=0)
    # registry exports: [[business_id, score, agreed, their_row], ...], best pair per business
    matched = models.JSONField(default=list)
    findings = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.agency} ({self.records})"
