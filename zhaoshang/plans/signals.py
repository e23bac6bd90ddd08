"""What the plans tell the apps above them, without knowing them (the reports open the year's
report periods when its plan is issued)."""
from django.dispatch import Signal

# Sent inside the issuing transaction: plan (an issued AnnualPlan), user (None: the system), via.
plan_issued = Signal()
