from django.urls import path

from . import views, views_annual

app_name = "plans"
urlpatterns = [
    path("", views_annual.plan_list, name="plans"),
    path("new/", views_annual.plan_create, name="plan_create"),
    path("<int:year>/", views_annual.plan_detail, name="plan_detail"),
    path("<int:year>/edit/", views_annual.plan_edit, name="plan_edit"),
    path("<int:year>/issue/", views_annual.plan_issue, name="plan_issue"),
    path("adjustments/", views.adjustment_list, name="adjustments"),
    path("adjustments/new/", views.adjustment_create, name="adjustment_create"),
    path("adjustments/<int:pk>/", views.adjustment_detail, name="adjustment_detail"),
    path("adjustments/<int:pk>/decide/", views.adjustment_decide, name="adjustment_decide"),
    path("adjustments/<int:pk>/resubmit/", views.adjustment_resubmit, name="adjustment_resubmit"),
    path("adjustments/<int:pk>/attachment/", views.adjustment_attachment, name="adjustment_attachment"),
]
