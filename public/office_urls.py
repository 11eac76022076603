from django.urls import path

from . import office_views

app_name = "publicity"

urlpatterns = [
    path("", office_views.index_view, name="index"),
    path("projects/<int:project_pk>/", office_views.publication_edit_view, name="publication_edit"),
    path("feedback/", office_views.feedback_view, name="feedback"),
    path("feedback/<int:pk>/moderate/", office_views.feedback_moderate_view, name="feedback_moderate"),
]
