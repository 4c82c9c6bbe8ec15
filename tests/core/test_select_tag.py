"""`{% select form.field %}` writes what Django's Select widget writes (the registry
filters use it instead of the widget's templates, for CPU: docs/benchmarks.md)."""

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation


class Filters(forms.Form):
    size = forms.ChoiceField(
        required=False, choices=[("", "Semua"), ("mikro", "Mikro"), ("a&b", "<A & B>")]
    )
    status = forms.ChoiceField(required=False, choices=[("", "Aktif"), ("1", "Satu")])
    sized = forms.ChoiceField(
        required=False, choices=[("x", "X")], widget=forms.Select(attrs={"class": "c"})
    )


def _tag(bound: forms.BoundField) -> str:
    return Template("{% load sinergi %}{% select field %}").render(Context({"field": bound}))


@pytest.mark.parametrize(
    "data",
    [None, {}, {"size": "mikro"}, {"size": "a&b"}, {"size": "bogus"}, {"status": "1"}],
)
def test_the_select_tag_writes_the_widgets_markup(data):
    with translation.override("id"):
        form = Filters(data) if data is not None else Filters()
        form.is_valid() if data is not None else None
        for name in ("size", "status", "sized"):
            assert _tag(form[name]) == str(form[name])
    assert "&lt;A &amp; B&gt;" in _tag(Filters()["size"])  # escaped, never raw
