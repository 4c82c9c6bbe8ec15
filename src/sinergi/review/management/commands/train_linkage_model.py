"""`sinergi manage train_linkage_model`: train a new linkage model version now.

The same training as the model page's button (`review.training.run_training`: EM on the
registry, then the review decisions as labels), run in this process instead of by the
worker, recorded as a training run and audited. `--user` credits (and checks) a person
with the `manage_linkage_model` permission; without it the run is credited to
`cli:<login name>`. `--list` prints the versions instead.
"""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from sinergi.review.actions import current_model
from sinergi.review.models import LinkageModel, RunStatus, TrainingRun
from sinergi.review.training import run_training, start_cli_run


class Command(BaseCommand):
    help = "Train a new linkage model version on the registry and the review decisions."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--user", help="username credited with the training")
        parser.add_argument("--list", action="store_true", help="list the versions and stop")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            self._list()
            return
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"Pengguna tidak ada / no such user: {options['user']}")
        try:
            training = start_cli_run(actor, f"cli:{getpass.getuser()}")
        except PermissionDenied as exc:
            raise CommandError(
                f"{options['user']} tidak berwenang melatih model / may not train the linkage model"
            ) from exc
        before = current_model().version
        self.stdout.write(f"Melatih model / training (run #{training.pk}) ...")
        status = run_training(training.pk)
        training = TrainingRun.objects.select_related("model").get(pk=training.pk)
        if status != RunStatus.DONE:
            raise CommandError(f"Pelatihan gagal / training failed: {training.error}")
        lm = training.model
        self.stdout.write(
            f"Versi {lm.version} ({lm.method}) menggantikan versi {before} / "
            f"version {lm.version} replaces version {before}: "
            f"{lm.trained_on_records} baris / rows, {lm.labels_used} keputusan / decisions, "
            f"ambang / thresholds {lm.low_threshold}-{lm.high_threshold}"
        )

    def _list(self) -> None:
        current = current_model()
        for lm in LinkageModel.objects.order_by("-version"):
            mark = "*" if lm.pk == current.pk else " "
            self.stdout.write(
                f"{mark} v{lm.version:<4} {lm.trained_at:%Y-%m-%d %H:%M} {lm.origin:<10} "
                f"{lm.method:<12} {lm.trained_on_records:>9} {lm.labels_used:>6} "
                f"{lm.low_threshold:.3f}-{lm.high_threshold:.3f}"
            )
