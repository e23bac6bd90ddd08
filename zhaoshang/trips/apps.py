from django.apps import AppConfig


class TripsConfig(AppConfig):
    name = "zhaoshang.trips"
    label = "trips"
    verbose_name = "外出招商考察"
