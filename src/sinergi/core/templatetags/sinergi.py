"""Template filters: `{{ amount|rupiah }}`, `{{ n|number }}`, `{{ nik|mask_nik }}`;
`{% first_view_assets %}` for the login page; `{% main_menu %}` for base.html."""

import dataclasses
import json
from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

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


@register.simple_tag
def select(bound: object) -> SafeString:
    """`{% select form.field %}`: a bound choice field as the `<select>` Django's `Select`
    widget writes (same markup and selection), without the widget's template machinery:
    five filter selects rendered through it were a seventh of the registry list's CPU
    (docs/benchmarks.md, "Session 6"). Fields with option groups, widget attributes or
    errors (`aria-invalid`) go through the widget."""
    field = bound.field  # type: ignore[attr-defined]
    choices = list(field.choices)
    plain = not (field.widget.attrs or field.required or not bound.auto_id or bound.errors)  # type: ignore[attr-defined]
    if not plain or any(isinstance(label, (list, tuple)) for _value, label in choices):
        return SafeString(str(bound))
    value = bound.value()  # type: ignore[attr-defined]
    chosen = "" if value is None else str(value)
    name, id_ = conditional_escape(bound.html_name), conditional_escape(bound.auto_id)  # type: ignore[attr-defined]
    out = [f'<select name="{name}" id="{id_}">']
    found = False
    for option, label in choices:
        option = "" if option is None else str(option)
        selected = ""
        if not found and option == chosen:
            selected, found = " selected", True
        out.append(
            f'\n  <option value="{conditional_escape(option)}"{selected}>'
            f"{conditional_escape(label)}</option>\n"
        )
    out.append("\n</select>")
    return mark_safe("".join(out))  # noqa: S308 - every part escaped above


# What the pages after the login page load (base.html), fetched by the login page once
# it has been shown, so the first page after logging in finds them in the cache.
NEXT_PAGES_ASSETS = (
    "sinergi/sinergi.css",
    "vendor/htmx/htmx.min.js",
    "sinergi/app.js",
    "vendor/idb-keyval/idb-keyval.umd.js",
    "field/field.js",
)


@lru_cache(maxsize=8)
def _static_text(path: str) -> str:
    from django.contrib.staticfiles import finders

    found = finders.find(path)
    with open(found, encoding="utf-8") as fh:
        return fh.read()


@register.simple_tag
def first_view_assets() -> SafeString:
    """The login page's styles inline and no script file to wait for: a phone with
    nothing cached shows it after one round trip (on slow 3G each further file costs
    ~2 s). Once it has loaded, the files the next pages use are fetched for the cache:
    by the service worker, registered here as app.js does on the other pages (it keeps
    them), or, without one, as prefetches into the HTTP cache (hashed names, immutable
    in production)."""
    urls = json.dumps([static(p) for p in NEXT_PAGES_ASSETS])
    script = (
        "addEventListener('load',function(){"
        "var m=document.querySelector('meta[name=sinergi-sw]');"
        "if(m&&navigator.serviceWorker){navigator.serviceWorker"
        ".register(m.content,{scope:'/'}).catch(function(){});return;}"
        f"{urls}.forEach(function(u){{var l=document.createElement('link');"
        "l.rel='prefetch';l.href=u;document.head.appendChild(l);});});"
    )
    css = _static_text("sinergi/sinergi.css").replace("</", "<\\/")
    return mark_safe(f"<style>{css}</style><script>{script}</script>")  # noqa: S308 - our own file


@register.simple_tag(takes_context=True)
def main_menu(context: template.Context) -> SafeString:
    """base.html's main menu (`_main_menu.html`) for a signed-in user, nothing otherwise.

    The menu is a function of what the role may do (`perms_sinergi`, whose region it does
    not show), the language and the site's URL prefix: drawn once per process for each
    (its 14 `{% url %}` and as many translations cost ~0.35 ms a page, docs/benchmarks.md
    "Session 6, second round")."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return mark_safe("")
    perms = context.get("perms_sinergi")
    unscoped = dataclasses.replace(perms, scope="") if perms is not None else None
    return _menu(unscoped, get_language(), get_script_prefix())


@lru_cache(maxsize=64)  # 8 roles x 2 languages in practice; bounded whatever happens
def _menu(perms: object, language: str, prefix: str) -> SafeString:
    # `language` and `prefix` are part of the key: the template reads them from the
    # request's state (translations, `{% url %}`), which is the same at this call.
    drawn = render_to_string("_main_menu.html", {"perms_sinergi": perms})
    return mark_safe(f"\n{drawn.strip(chr(10))}\n  ")  # noqa: S308 (a template's output)
