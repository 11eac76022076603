from django.contrib import admin
from django.urls import include, path

from accounts.views import healthz, home

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("projects/", include("projects.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("reports/", include("reports.urls")),
    path("", include("dashboard.urls")),
    path("exchange/", include("exchange.urls")),
    path("office/", include("office.urls")),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
]
