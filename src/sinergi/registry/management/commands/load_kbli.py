"""`sinergi manage load_kbli`: load the KBLI 2020 sector codes (safe to re-run)."""

from django.core.management.base import BaseCommand

from sinergi.registry.kbli import load_kbli


class Command(BaseCommand):
    help = "Load the KBLI 2020 five-digit sector codes shipped with Sinergi."

    def handle(self, *args: object, **options: object) -> None:
        count = load_kbli()
        self.stdout.write(f"KBLI 2020: {count} kode kelompok / sector codes loaded")
