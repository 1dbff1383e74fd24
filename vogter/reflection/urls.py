from django.urls import URLPattern, path

from vogter.reflection import (
    views,
    views_contacts,
    views_literacy,
    views_meeting,
    views_overview,
    views_rollup,
    views_slips,
)

app_name = "reflection"

urlpatterns: list[URLPattern] = [
    # Before charters' urls (vogter/urls.py): "overview" would read as a charter's code.
    path("o/<str:org>/charters/overview/", views_overview.organisation_overview, name="overview"),
    path(
        "o/<str:org>/charters/<str:code>/reflection/",
        views.charter_reflection,
        name="charter",
    ),
    path("o/<str:org>/reflection/<str:code>/", views.round_page, name="round"),
    path("o/<str:org>/reflection/<str:code>/export/", views.round_export, name="export"),
    path("o/<str:org>/reflection/<str:code>/slips/", views_slips.slips, name="slips"),
    path("o/<str:org>/reflection/<str:code>/meeting/", views_meeting.meeting, name="meeting"),
    path("r/<str:code>/", views.checkin, name="checkin"),
    path("tjek/<str:token>/", views.link_checkin, name="link"),
    path("tjek/stop/<str:token>/", views_contacts.stop_reminders, name="stop"),
    path("j/<str:join_code>/ask-again/", views_contacts.ask_again, name="ask_again"),
    path("o/<str:org>/ai-literacy/", views_literacy.literacy, name="literacy"),
    path("o/<str:org>/units/<str:unit_code>/reflection/", views_rollup.rollup_page, name="rollup"),
    path(
        "o/<str:org>/units/<str:unit_code>/reflection/csv/",
        views_rollup.rollup_csv,
        name="rollup_csv",
    ),
]
