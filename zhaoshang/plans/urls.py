from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("adjustments/", views.adjustment_list, name="adjustments"),
    path("adjustments/new/", views.adjustment_create, name="adjustment_create"),
    path("adjustments/<int:pk>/", views.adjustment_detail, name="adjustment_detail"),
    path("adjustments/<int:pk>/decide/", views.adjustment_decide, name="adjustment_decide"),
    path("adjustments/<int:pk>/resubmit/", views.adjustment_resubmit, name="adjustment_resubmit"),
    path("adjustments/<int:pk>/attachment/", views.adjustment_attachment, name="adjustment_attachment"),
]
