"""Template filters: `{{ amount|rupiah }}`, `{{ n|number }}`, `{{ nik|mask_nik }}`."""

from django import template

from sinergi.core import formatting, masking

register = template.Library()

register.filter("rupiah", formatting.rupiah)
register.filter("number", formatting.number)
register.filter("mask_nik", masking.mask_nik)
register.filter("mask_phone", masking.mask_phone)
register.filter("mask_email", masking.mask_email)


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: object) -> str:
    """The current query string with some parameters replaced (pagination, sorting)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
