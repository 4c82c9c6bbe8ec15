"""`{% field_strings %}`: the words field.js shows, translated, as a JSON script element."""

from __future__ import annotations

from django import template
from django.utils.html import json_script
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def field_strings() -> SafeString:
    words = {
        "draft": _("Draft"),
        "queued": _("Waiting to be sent"),
        "sending": _("Sending…"),
        "refused": _("Refused: open it to correct"),
        "remove": _("Remove"),
        "open": _("Open"),
        "untitled": _("(no name yet)"),
        "offline": _(
            "You are offline. Forms and drafts are kept on this phone and sent when the "
            "connection returns."
        ),
        "other_user": _("Log in again to send these forms."),
        "not_sent": _("Not sent yet: no connection."),
        "logout_title": _("Forms not yet sent are on this phone"),
        "logout_text": _(
            "Keep them for when you log in again, or discard them? Another user of this "
            "phone never sees them."
        ),
        "keep": _("Keep and log out"),
        "discard": _("Discard and log out"),
        "cancel": _("Cancel"),
        "remove_confirm": _("Remove this form from the phone?"),
        "located": _("Position taken"),
        "saved": _("Draft saved on this phone."),
        "new_business": _("New business"),
        "field_forms": _("Field forms"),
    }
    return json_script(words, "field-strings")
