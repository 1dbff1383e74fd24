from django.urls import path

from vogter.directory import views

app_name = "directory"

urlpatterns = [
    path("o/<str:org>/directory/", views.directory, name="directory"),
    path(
        "o/<str:org>/directory/tokens/<str:token_code>/revoke/",
        views.revoke_token,
        name="revoke_token",
    ),
    path("o/<str:org>/directory/import/", views.import_people, name="import"),
]
