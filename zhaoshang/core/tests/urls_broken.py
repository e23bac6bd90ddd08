"""The site's URLs and two that break, for the 500 tests."""
from django.urls import path

from zhaoshang.urls import handler500, urlpatterns  # noqa: F401


def broken(request):
    raise RuntimeError("一次意外")


urlpatterns = [*urlpatterns, path("broken/", broken), path("api/broken/", broken)]
