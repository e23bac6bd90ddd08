from django.urls import path

from . import views

app_name = "workcal"
urlpatterns = [
    path("", views.calendar_index, name="index"),
    path("<int:year>/", views.calendar_year, name="year"),
    path("<int:year>/edit/", views.calendar_edit, name="edit"),
    path("<int:year>/delete/", views.calendar_delete, name="delete"),
]
