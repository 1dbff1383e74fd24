from django.urls import URLPattern, path

from vogter.reflection import views

app_name = "reflection"

urlpatterns: list[URLPattern] = [
    path(
        "o/<str:org>/charters/<str:code>/reflection/",
        views.charter_reflection,
        name="charter",
    ),
    path("o/<str:org>/reflection/<str:code>/", views.round_page, name="round"),
    path("r/<str:code>/", views.checkin, name="checkin"),
]
