from django.urls import path

from . import views

app_name = "office"

urlpatterns = [
    path("users/", views.user_list_view, name="users"),
    path("users/invite/", views.user_invite_view, name="user_invite"),
    path("users/<int:pk>/", views.user_detail_view, name="user"),
    path("users/<int:pk>/deactivate/", views.user_deactivate_view, name="user_deactivate"),
    path("users/<int:pk>/reactivate/", views.user_reactivate_view, name="user_reactivate"),
    path("users/<int:pk>/unlock/", views.user_unlock_view, name="user_unlock"),
    path("users/<int:pk>/reinvite/", views.user_reinvite_view, name="user_reinvite"),
    path("departments/", views.department_list_view, name="departments"),
    path("departments/new/", views.department_create_view, name="department_create"),
    path("departments/<int:pk>/", views.department_detail_view, name="department"),
    path(
        "departments/<int:pk>/retire/",
        views.unit_retirement_view,
        {"kind": "department", "retire": True},
        name="department_retire",
    ),
    path(
        "departments/<int:pk>/reinstate/",
        views.unit_retirement_view,
        {"kind": "department", "retire": False},
        name="department_reinstate",
    ),
    path("agencies/", views.agency_list_view, name="agencies"),
    path("agencies/new/", views.agency_create_view, name="agency_create"),
    path("agencies/<int:pk>/", views.agency_detail_view, name="agency"),
    path(
        "agencies/<int:pk>/retire/",
        views.unit_retirement_view,
        {"kind": "agency", "retire": True},
        name="agency_retire",
    ),
    path(
        "agencies/<int:pk>/reinstate/",
        views.unit_retirement_view,
        {"kind": "agency", "retire": False},
        name="agency_reinstate",
    ),
    path("audit/", views.audit_log_view, name="audit"),
]
