"""Uploaded files: one size limit for every upload form (SINERGI_MAX_UPLOAD_MB).

Intake files, reference lists and nomination lists are read into memory to be parsed;
the limit keeps one upload from exhausting the server. The message names the file.
What an xlsx may expand to when unpacked is capped where it is read
(`sinergi.linkage.io.excel`), so the command line is protected too.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


def check_size(upload: Any) -> None:
    limit_mb = settings.SINERGI_MAX_UPLOAD_MB
    if upload is not None and upload.size > limit_mb * 1024 * 1024:
        raise forms.ValidationError(
            _(
                "%(file)s is %(size).1f MB; files up to %(limit)d MB are accepted. Split it "
                "into smaller files or remove sheets and columns that are not needed."
            ),
            code="too_large",
            params={"file": upload.name, "size": upload.size / 1024 / 1024, "limit": limit_mb},
        )


class LimitedFileField(forms.FileField):
    """A file field that refuses files above SINERGI_MAX_UPLOAD_MB."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        check_size(upload)
        return upload
