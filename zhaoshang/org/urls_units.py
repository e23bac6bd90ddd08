from django.urls import path

from . import views_units as views

app_name = "units"
urlpatterns = [
    path("", views.index, name="index"),
    path("groups/<slug:code>/", views.group_detail, name="group"),
    path("groups/<slug:code>/edit/", views.group_edit, name="group_edit"),
    path("units/new/", views.unit_form, name="unit_new"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("units/<int:pk>/edit/", views.unit_form, name="unit_edit"),
]
