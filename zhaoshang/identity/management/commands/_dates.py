import datetime

from django.core.management.base import CommandError


def iso_date(text, option):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{option}「{text}」不是有效日期，应为 YYYY-MM-DD，如 2021-06-30") from None
