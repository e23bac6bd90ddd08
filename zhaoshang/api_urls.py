"""/api/: the REST API (token and session auth), its OpenAPI schema and Swagger UI."""
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from zhaoshang.core.api.schema import SchemaView
from zhaoshang.assessment.api.views import AssessmentView, SchemeView, ScoresView
from zhaoshang.changes.api.views import ChangeRecordViewSet
from zhaoshang.identity.api.views import ObtainToken, OwnTokenViewSet
from zhaoshang.notices.api.views import NoticeViewSet
from zhaoshang.org.api.views import GroupViewSet, UnitViewSet
from zhaoshang.plans.api.views import AdjustmentViewSet, PlanViewSet, TargetViewSet
from zhaoshang.projects.api.views import ExitRequestViewSet, FundsViewSet, ProjectViewSet
from zhaoshang.dashboard.api.views import SanqiView, StatsView
from zhaoshang.reports.api.views import PeriodViewSet, SubmissionViewSet
from zhaoshang.trips.api.views import TripViewSet
from zhaoshang.workcal.api.views import CalendarView

router = DefaultRouter()
router.register("projects", ProjectViewSet, basename="api-project")
router.register("funds", FundsViewSet, basename="api-funds")
router.register("groups", GroupViewSet, basename="api-group")
router.register("units", UnitViewSet, basename="api-unit")
router.register("plans", PlanViewSet, basename="api-plan")
router.register("targets", TargetViewSet, basename="api-target")
router.register("changes", ChangeRecordViewSet, basename="api-change")
router.register("periods", PeriodViewSet, basename="api-period")
router.register("submissions", SubmissionViewSet, basename="api-submission")
router.register("notices", NoticeViewSet, basename="api-notice")
router.register("trips", TripViewSet, basename="api-trip")
router.register("adjustments", AdjustmentViewSet, basename="api-adjustment")
router.register("exits", ExitRequestViewSet, basename="api-exit")
router.register("tokens", OwnTokenViewSet, basename="api-token-own")

urlpatterns = [
    path("token/", ObtainToken.as_view(), name="api-token"),
    path("stats/", StatsView.as_view(), name="api-stats"),
    path("stats/sanqi/", SanqiView.as_view(), name="api-stats-sanqi"),
    path("calendar/<int:year>/", CalendarView.as_view(), name="api-calendar"),
    path("assessment/", AssessmentView.as_view(), name="api-assessment"),
    path("assessment/scores/", ScoresView.as_view(), name="api-assessment-scores"),
    path("assessment/scheme/<int:year>/", SchemeView.as_view(), name="api-assessment-scheme"),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
