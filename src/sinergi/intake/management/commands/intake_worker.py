"""`sinergi manage intake_worker`: the old name of `sinergi worker` (kept for scripts)."""

from __future__ import annotations

from sinergi.ops.management.commands.worker import Command as Worker


class Command(Worker):
    pass
