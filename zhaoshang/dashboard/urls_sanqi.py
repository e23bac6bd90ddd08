from django.urls import path

from . import views_sanqi

app_name = "sanqi"
urlpatterns = [
    path("", views_sanqi.sanqi, name="index"),
]
