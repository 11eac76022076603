from django.urls import path

from . import views

app_name = "steering"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("projects/<int:project_pk>/report/", views.report_create_view, name="report_create"),
    path("reports/<int:pk>/", views.report_view, name="report"),
    path("reports/<int:pk>/edit/", views.report_edit_view, name="report_edit"),
    path("reports/<int:pk>/note/", views.report_note_view, name="report_note"),
    path("meetings/new/", views.meeting_create_view, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_view, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit_view, name="meeting_edit"),
    path("meetings/<int:pk>/agenda/", views.agenda_add_view, name="agenda_add"),
    path("meetings/<int:pk>/close/", views.meeting_close_view, name="meeting_close"),
    path("agenda/<int:agenda_pk>/remove/", views.agenda_remove_view, name="agenda_remove"),
    path("agenda/<int:agenda_pk>/minutes/", views.minutes_save_view, name="minutes_save"),
    path("agenda/<int:agenda_pk>/decision/", views.decision_add_view, name="decision_add"),
    path("agenda/<int:agenda_pk>/action/", views.action_add_view, name="action_add"),
    path("actions/<int:pk>/", views.action_view, name="action"),
    path("projects/<int:project_pk>/baselines/", views.baselines_view, name="baselines"),
    path("projects/<int:project_pk>/baselines/new/", views.baseline_take_view, name="baseline_take"),
]
