from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("export/", views.export, name="export"),
    path("scheme/<int:year>/", views.scheme, name="scheme"),
    path("groups/<slug:code>/", views.scorecard, name="scorecard"),
    path("groups/<slug:code>/scores/", views.scores, name="scores"),
]
