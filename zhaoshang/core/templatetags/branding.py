"""The deployment's names for the page frame (base.html)."""
from django import template

from zhaoshang.core import branding

register = template.Library()


@register.simple_tag
def product_name():
    return branding.PRODUCT_NAME


@register.simple_tag
def region_name():
    return branding.region_name()
