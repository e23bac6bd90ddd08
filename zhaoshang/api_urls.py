"""/api/: the REST API (token and session auth), its OpenAPI schema and Swagger UI."""
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import DefaultRouter

from zhaoshang.core.api.views import ChangeRecordViewSet
from zhaoshang.org.api.views import GroupViewSet
from zhaoshang.plans.api.views import PlanViewSet, TargetViewSet
from zhaoshang.projects.api.views import FundsViewSet, ProjectViewSet
from zhaoshang.dashboard.api.views import SanqiView, StatsView

router = DefaultRouter()
router.register("projects", ProjectViewSet, basename="api-project")
router.register("funds", FundsViewSet, basename="api-funds")
router.register("groups", GroupViewSet, basename="api-group")
router.register("plans", PlanViewSet, basename="api-plan")
router.register("targets", TargetViewSet, basename="api-target")
router.register("changes", ChangeRecordViewSet, basename="api-change")

urlpatterns = [
    path("token/", ObtainAuthToken.as_view(), name="api-token"),
    path("stats/", StatsView.as_view(), name="api-stats"),
    path("stats/sanqi/", SanqiView.as_view(), name="api-stats-sanqi"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
