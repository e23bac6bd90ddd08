from django.urls import path

from .views import exits as views_exit

app_name = "exits"
urlpatterns = [
    path("", views_exit.exit_list, name="list"),
    path("new/<int:project_id>/", views_exit.exit_create, name="create"),
    path("<int:pk>/", views_exit.exit_detail, name="detail"),
    path("<int:pk>/decide/", views_exit.exit_decide, name="decide"),
]
