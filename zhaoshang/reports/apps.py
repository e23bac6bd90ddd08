from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "zhaoshang.reports"
    label = "reports"
    verbose_name = "报表"

    def ready(self):
        # The plans and the calendar sit below the reports: they signal, the reports open periods.
        from zhaoshang.plans.signals import plan_issued
        from zhaoshang.workcal.signals import calendar_changed

        from . import services

        plan_issued.connect(services.periods_for_issued_plan, dispatch_uid="reports-open-periods")
        calendar_changed.connect(services.periods_for_changed_calendar,
                                 dispatch_uid="reports-follow-calendar")
