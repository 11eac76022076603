from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("projects/<int:pk>/", views.project_view, name="project"),
    path("projects/<int:pk>/survey/", views.survey_view, name="survey"),
    path("indicators/", views.indicator_list_view, name="indicators"),
    path("indicators/<int:pk>/", views.indicator_view, name="indicator"),
]
