from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.archive_view, name="archive"),
    path("generate/monthly/", views.generate_monthly_view, name="generate_monthly"),
    path("generate/dossier/<int:project_pk>/", views.generate_dossier_view, name="generate_dossier"),
    path("runs/<int:pk>/", views.run_detail_view, name="run"),
    path("runs/<int:pk>/status/", views.run_status_view, name="run_status"),
    path("runs/<int:pk>/download/", views.download_view, name="download"),
    path("portfolio.pdf", views.portfolio_pdf_view, name="portfolio_pdf"),
    path("cycles/<int:cycle_pk>/text/", views.cycle_text_view, name="cycle_text"),
    path("schedules/", views.schedule_list_view, name="schedules"),
    path("schedules/new/", views.schedule_edit_view, name="schedule_create"),
    path("schedules/<int:pk>/", views.schedule_edit_view, name="schedule_edit"),
]
