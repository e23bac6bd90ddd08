from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/open/", views.open_notice, name="open"),
    path("read/", views.read_all, name="read_all"),
]
