from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

# Browsers ask for /favicon.ico on their own, signed in or not.
favicon = login_not_required(RedirectView.as_view(url=static("favicon.svg"), permanent=True))

urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon),
    path("api/", include("zhaoshang.api_urls")),
    path("", include("zhaoshang.org.urls")),
    path("", include("zhaoshang.projects.urls_board_import")),  # before "projects/": board paths
    path("projects/", include("zhaoshang.projects.urls")),
    path("", include("zhaoshang.changes.urls")),
    path("", include("zhaoshang.dashboard.urls")),
    path("reports/", include("zhaoshang.reports.urls")),
    path("trips/", include("zhaoshang.trips.urls")),
    path("sanqi/", include("zhaoshang.dashboard.urls_sanqi")),
    path("submissions/", include("zhaoshang.reports.urls_cycle")),
    path("notices/", include("zhaoshang.notices.urls")),
    path("calendar/", include("zhaoshang.workcal.urls")),
    path("assessment/", include("zhaoshang.assessment.urls")),
    path("plans/", include("zhaoshang.plans.urls")),
    path("exits/", include("zhaoshang.projects.urls_exit")),
    path("bulletin/", include("zhaoshang.reports.urls_bulletin")),
    path("people/", include("zhaoshang.org.urls_people")),
    path("org/", include("zhaoshang.org.urls_units")),
]

handler500 = "zhaoshang.core.errors.server_error"  # names the request id
