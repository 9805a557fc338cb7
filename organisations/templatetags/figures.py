"""`{{ n|people_count }}`: a count of people in a template, by the small-number rule."""

from django import template

from organisations import figures

register = template.Library()


@register.filter
def people_count(value) -> str:
    """ "<5" under five people, else the count (see organisations.figures)."""
    return figures.show(value)
