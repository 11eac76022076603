"""The site's URLs plus one view whose database is broken, for the friendly-500 test."""

from django.db import DatabaseError
from django.urls import include, path


def broken_database_view(request):
    raise DatabaseError("connection to server at 10.0.0.5 failed: secret detail")


urlpatterns = [
    path("broken/", broken_database_view),
    path("", include("nantong_pm.urls")),
]
