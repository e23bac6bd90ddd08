from django.urls import path

from . import views_bulletin as views

app_name = "bulletin"
urlpatterns = [
    path("", views.page, name="page"),
    path("<int:year>/q<int:quarter>.pdf", views.pdf, name="pdf"),
    path("<int:year>/q<int:quarter>.xlsx", views.xlsx, name="xlsx"),
]
