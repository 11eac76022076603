from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from accounts.views import healthz, home
from public.views import language_view

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    # The public pages switch language by a link (they are cached, so they carry no CSRF form).
    path("i18n/public/<str:code>/", language_view, name="public_language"),
    # Django's language switch (django.conf.urls.i18n), open to anyone as the login page offers it.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
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
    # The admin signs people in through the site's one login page (throttled by django-axes, closed
    # to expired accounts), not a form of its own.
    path("admin/login/", login_not_required(RedirectView.as_view(pattern_name="login", query_string=True))),
    path("admin/", admin.site.urls),
]

handler404 = "accounts.views.not_found"
