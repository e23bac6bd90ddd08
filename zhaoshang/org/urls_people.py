from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.people_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/profile/", views.person_profile, name="profile"),
    path("<int:pk>/roles/", views.membership_add, name="membership_add"),
    path("<int:pk>/roles/<int:membership_pk>/remove/", views.membership_remove, name="membership_remove"),
    path("<int:pk>/active/", views.person_active, name="active"),
    path("<int:pk>/password/", views.person_password, name="password"),
]
