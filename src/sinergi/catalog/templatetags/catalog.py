"""Template filters of the catalog: the demand signal's server-drawn sparklines."""

from django import template

register = template.Library()


@register.filter
def series_points(series: object, metric: str) -> str:
    return series.polyline(metric)


@register.filter
def series_trend(series: object, metric: str) -> int:
    return series.trend(metric)
