"""What the management commands share: dates from arguments and tables in a terminal."""
import datetime
import unicodedata

from django.core.management.base import CommandError


def iso_date(text, label="截止日期"):
    try:
        return datetime.datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise CommandError(f"{label}「{text}」不是有效日期，应为 YYYY-MM-DD") from None


def width(text):
    """Columns `text` takes in a terminal: CJK characters are two wide."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text, size, align):
    gap = " " * (size - width(text))
    return text + gap if align == "<" else gap + text
