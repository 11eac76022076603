from django.contrib.auth import views as auth_views
from django.urls import path

from .views import invitation_view

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("invitation/<str:uidb64>/<str:token>/", invitation_view, name="invitation"),
]
