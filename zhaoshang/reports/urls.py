from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.attachment1, name="attachment1"),
]
