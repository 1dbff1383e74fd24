from django.urls import path

from vogter.api import views

app_name = "tokens"

urlpatterns = [
    path("new/", views.create_token, name="create"),
    path("<str:code>/revoke/", views.revoke_token, name="revoke"),
]
