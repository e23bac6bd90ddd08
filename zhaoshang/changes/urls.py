from django.urls import path

from . import views

app_name = "changes"
urlpatterns = [
    path("changes/", views.changes, name="list"),
]
