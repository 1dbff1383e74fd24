from django.urls import path

from vogter.audit import views

app_name = "audit"

urlpatterns = [
    path("o/<str:org>/audit/", views.log, name="log"),
    path("o/<str:org>/audit/export/", views.export, name="export"),
]
