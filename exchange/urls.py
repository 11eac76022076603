from django.urls import path

from . import views

app_name = "exchange"

urlpatterns = [
    path("", views.exchange_index_view, name="index"),
    path("export/<slug:kind>/", views.export_view, name="export"),
    path("import/", views.import_upload_view, name="import"),
    path("import/template/<slug:kind>/", views.import_template_view, name="import_template"),
    path("import/<str:token>/", views.import_preview_view, name="import_preview"),
]
