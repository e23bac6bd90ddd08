from django.contrib import admin
from django.db import models

from zhaoshang.core.admin import AuditedAdmin, ReadOnlyAdmin

from .models import Notification, Webhook


@admin.register(Webhook)
class WebhookAdmin(AuditedAdmin):
    """The group robots have no page of their own: set up here, each change recorded."""

    audit_fields = ["name", "kind", "url", "keyword", "group", "active"]  # not the secret
    list_display = ["name", "kind", "group", "active", "last_sent_at", "last_error"]
    list_filter = ["kind", "active", "group"]
    fields = ["name", "kind", "url", "keyword", "secret", "group", "active", "last_sent_at",
              "last_error"]
    readonly_fields = ["last_sent_at", "last_error"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # both robots are https


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """Notices come from notify(), never typed in."""

    list_display = ["created_at", "recipient", "kind", "title", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "key", "recipient__username"]
