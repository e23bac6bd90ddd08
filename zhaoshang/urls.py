from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("zhaoshang.api_urls")),
    path("", include("zhaoshang.org.urls")),
    path("", include("zhaoshang.reports.urls")),
]
