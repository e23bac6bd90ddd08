"""The deployment's names for the page frame (base.html)."""
from django import template
from django.conf import settings

register = template.Library()

PRODUCT_NAME = "投资促进管理系统"


@register.simple_tag
def product_name():
    return PRODUCT_NAME


@register.simple_tag
def region_name():
    return settings.REGION_NAME
