from django.contrib import admin
from django.db import models

from .models import Notification, Webhook


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "group", "active", "last_sent_at", "last_error"]
    list_filter = ["kind", "active", "group"]
    fields = ["name", "kind", "url", "keyword", "secret", "group", "active", "last_sent_at",
              "last_error"]
    readonly_fields = ["last_sent_at", "last_error"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # both robots are https


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "key", "recipient__username"]
    readonly_fields = ["recipient", "kind", "title", "body", "link", "key", "created_at", "read_at"]

    def has_add_permission(self, request):
        return False  # notices come from notify(), never typed in
