from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("", views.portal, name="portal"),
    path("cycles/new/", views.cycle_create, name="cycle_create"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle"),
    path("cycles/<int:pk>/assign/", views.cycle_assign, name="cycle_assign"),
    path("cycles/<int:pk>/close/", views.cycle_close, name="cycle_close"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/declare/", views.assessment_declare, name="assessment_declare"),
    path("assessments/<int:pk>/save/", views.assessment_save, name="assessment_save"),
    path("assessments/<int:pk>/preview/", views.assessment_preview, name="assessment_preview"),
    path("assessments/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("assessments/<int:pk>/review/", views.assessment_review, name="assessment_review"),
    path("assessments/<int:pk>/export/", views.assessment_export, name="assessment_export"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("templates/", views.template_list, name="templates"),
    path("templates/import/", views.template_import, name="template_import"),
    path("templates/<int:pk>/", views.template_detail, name="template"),
    path("templates/<int:pk>/edit/", views.template_edit, name="template_edit"),
    path("templates/<int:pk>/copy/", views.template_copy, name="template_copy"),
    path("templates/<int:pk>/export/", views.template_export, name="template_export"),
]
