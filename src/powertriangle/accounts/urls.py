from django.contrib.auth import views as auth_views
from django.urls import path

from powertriangle.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    # Django's LogoutView answers only POST: a link or a prefetch cannot log anyone out.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("tokens/", views.tokens_page, name="tokens"),
    path("delete/", views.account_delete, name="delete"),
    path("tokens/<int:pk>/revoke", views.token_revoke_view, name="token_revoke"),
    path(
        "password/done/",
        views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
