from django.urls import URLPattern, path

from vogter.charters import views, views_cascade

app_name = "charters"

base = "o/<str:org>/charters/"

urlpatterns: list[URLPattern] = [
    path(base, views.charter_list, name="list"),
    path(base + "signoff/", views.signoff_settings, name="signoff"),
    path(base + "<str:code>/", views.charter_detail, name="detail"),
    path(base + "<str:code>/do/", views.charter_action, name="action"),
    path(base + "<str:code>/export/", views.charter_export, name="export"),
    path(base + "<str:code>/cascade/", views_cascade.charter_cascade, name="cascade"),
    path(base + "<str:code>/principles/<str:principle>/", views.principle_edit, name="principle"),
    path(base + "<str:code>/versions/<int:number>/", views.version_detail, name="version"),
    path(base + "<str:code>/versions/<int:number>/changes/", views.version_diff, name="diff"),
    path("c/<str:token>/", views.shared, name="shared"),
    path("c/<str:token>/print/", views.shared_print, name="shared_print"),
    path("j/<str:join_code>/outcome/", views.participant_outcome, name="outcome"),
]
