from django.urls import path

from .views import portfolio

app_name = "projects"

urlpatterns = [
    path("", portfolio.project_list_view, name="list"),
    path("new/", portfolio.project_create_view, name="create"),
    path("<int:pk>/", portfolio.project_detail_view, name="detail"),
    path("<int:pk>/edit/", portfolio.project_edit_view, name="edit"),
]
