from django.urls import URLPattern, path

from vogter.commons import views

app_name = "commons"

urlpatterns: list[URLPattern] = [
    path("o/<str:org>/commons/", views.organisation_commons, name="organisation"),
    path(
        "o/<str:org>/commons/templates/",
        views.organisation_templates,
        name="organisation_templates",
    ),
    path("national/", views.national_dashboard, name="dashboard"),
    path("national/search/", views.national_search, name="search"),
    path("national/publications/<str:code>/", views.national_publication, name="publication"),
    path("national/templates/", views.national_templates, name="templates"),
    path("national/templates/<str:code>/", views.national_template, name="template"),
]
