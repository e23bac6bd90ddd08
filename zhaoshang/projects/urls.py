from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("export.xlsx", views.project_export, name="export"),
    path("new/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/stage/", views.stage_move, name="stage"),
    path("<int:pk>/funds/", views.funds_add, name="funds_add"),
    path("<int:pk>/funds/<int:funds_id>/edit/", views.funds_edit, name="funds_edit"),
    path("<int:pk>/funds/<int:funds_id>/remove/", views.funds_remove, name="funds_remove"),
    path("<int:pk>/notes/", views.note_add, name="note_add"),
    path("<int:pk>/issues/", views.issue_add, name="issue_add"),
    path("<int:pk>/issues/<int:issue_id>/resolve/", views.issue_resolve, name="issue_resolve"),
]
