from django.urls import URLPattern, path

from vogter.notifications import views

app_name = "notifications"

urlpatterns: list[URLPattern] = [
    path("notifications/", views.notification_settings, name="settings"),
]
