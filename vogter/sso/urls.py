from django.urls import path

from vogter.sso import views

app_name = "sso"

urlpatterns = [
    path("sso/login/", views.SignInView.as_view(), name="login"),
    path("sso/callback/", views.CallbackView.as_view(), name="callback"),
    path("sso/logout/", views.sign_out, name="logout"),
    path("o/<str:org>/sign-in/", views.settings_page, name="sign_in"),
    path(
        "o/<str:org>/sign-in/rules/<str:rule_code>/delete/", views.delete_rule, name="delete_rule"
    ),
    path("o/<str:org>/sign-in/rules/<str:rule_code>/move/", views.move_rule, name="move_rule"),
    path(
        "o/<str:org>/sign-in/domains/<str:domain_code>/remove/",
        views.remove_domain,
        name="remove_domain",
    ),
]
