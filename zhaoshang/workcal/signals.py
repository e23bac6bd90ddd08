"""What the calendar tells the apps above it, without knowing them (the reports move the
deadlines of a year's open report periods when its holidays change)."""
from django.dispatch import Signal

# Sent inside the saving transaction: year, user (None: the system), via.
calendar_changed = Signal()
