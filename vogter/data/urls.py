from django.urls import path

from vogter.data import views

app_name = "data"

# Mounted under accounts/, beside the profile that links to them.
urlpatterns = [
    path("profile/data/", views.download_data, name="download_data"),
    path("profile/delete/", views.delete_account, name="delete_account"),
]
