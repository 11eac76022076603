from django.contrib import admin
from django.urls import include, path

from accounts.views import healthz, home
from public.views import language_view

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    # The public pages switch language by a link (they are cached, so they carry no CSRF form).
    path("i18n/public/<str:code>/", language_view, name="public_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("projects/", include("projects.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("steering/", include("steering.urls")),
    path("indicators/", include("indicators.urls")),
    path("reports/", include("reports.urls")),
    path("", include("dashboard.urls")),
    path("exchange/", include("exchange.urls")),
    path("public/", include("public.urls")),
    path("publicity/", include("public.office_urls")),
    path("office/", include("office.urls")),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
]
