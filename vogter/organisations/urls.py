from django.urls import path

from vogter.organisations import views

app_name = "organisations"

urlpatterns = [
    path("o/new/", views.create_organisation, name="create"),
    path("o/<str:org>/", views.overview, name="overview"),
    path("o/<str:org>/settings/", views.settings_view, name="settings"),
    path("o/<str:org>/units/", views.units, name="units"),
    path("o/<str:org>/units/<str:unit_code>/", views.edit_unit, name="edit_unit"),
    path("o/<str:org>/units/<str:unit_code>/delete/", views.delete_unit, name="delete_unit"),
    path("o/<str:org>/people/", views.people, name="people"),
    path("o/<str:org>/people/<str:member>/", views.edit_member, name="edit_member"),
    path("o/<str:org>/people/<str:member>/remove/", views.remove_member, name="remove_member"),
    path(
        "o/<str:org>/invitations/<str:invitation>/revoke/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path(
        "o/<str:org>/invitations/<str:invitation>/confirm/",
        views.confirm_invitation,
        name="confirm_invitation",
    ),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
