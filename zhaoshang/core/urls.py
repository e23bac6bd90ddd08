from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("changes/", views.changes, name="changes"),
]
