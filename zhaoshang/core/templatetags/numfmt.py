"""{% load numfmt %}: the number formats of core.formats as template filters."""
from django import template

from zhaoshang.core import formats

register = template.Library()

for name in ("money", "thousands", "percent", "dash", "yi"):
    register.filter(name, getattr(formats, name))
