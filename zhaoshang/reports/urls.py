from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.attachment1, name="attachment1"),
    path("attachment1.xlsx", views.attachment1_xlsx, name="attachment1_xlsx"),
    path("attachment2.xlsx", views.attachment2_xlsx, name="attachment2_xlsx"),
]
