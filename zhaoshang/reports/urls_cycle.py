from django.urls import path

from . import views_cycle as views

app_name = "cycle"
urlpatterns = [
    path("", views.board, name="board"),
    path("period/<int:pk>/lock/", views.lock, name="lock"),
    path("group/<slug:code>/", views.group_page, name="group"),
    path("group/<slug:code>/<int:period_id>/submit/", views.submit, name="submit"),
    path("<int:pk>/", views.submission_page, name="submission"),
    path("<int:pk>/xlsx/", views.submission_xlsx, name="submission_xlsx"),
    path("<int:pk>/return/", views.return_view, name="return"),
    path("<int:pk>/accept/", views.accept_view, name="accept"),
]
