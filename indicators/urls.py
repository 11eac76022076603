from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list_view, name="list"),
    path("new/", views.indicator_create_view, name="create"),
    path("import/", views.import_view, name="import"),
    path("import/template/", views.import_template_view, name="import_template"),
    path("<int:pk>/", views.indicator_detail_view, name="detail"),
    path("<int:pk>/edit/", views.indicator_edit_view, name="edit"),
    path("<int:pk>/observations/new/", views.observation_create_view, name="observation_create"),
]
