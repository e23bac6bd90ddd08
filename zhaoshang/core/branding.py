"""The product's name and the deployment's region, for the page frame, e-mails and documents."""
from django.conf import settings

PRODUCT_NAME = "投资促进管理系统"


def region_name():
    return settings.REGION_NAME
