from django.urls import URLPattern, path

from vogter.principles import views, views_agreement, views_assist

app_name = "principles"

base = "o/<str:org>/workshops/<str:workshop_code>/"

urlpatterns: list[URLPattern] = [
    path(base + "themes/", views.themes_page, name="themes"),
    path(base + "themes/suggest/", views.themes_suggest, name="themes_suggest"),
    path(base + "themes/move/", views.themes_move, name="themes_move"),
    path(base + "themes/assist/", views_assist.themes_assist, name="themes_assist"),
    path(base + "themes/assist/group/", views_assist.themes_group, name="themes_group"),
    path(
        base + "themes/assist/group/accept/",
        views_assist.themes_group_accept,
        name="themes_group_accept",
    ),
    path(base + "themes/<str:theme_code>/rename/", views.theme_rename, name="theme_rename"),
    path(base + "themes/<str:theme_code>/merge/", views.theme_merge, name="theme_merge"),
    path(base + "themes/<str:theme_code>/delete/", views.theme_delete, name="theme_delete"),
    path(base + "principles/", views.principles_page, name="principles"),
    path(base + "principles/matrix/", views.matrix_page, name="matrix"),
    path(base + "principles/assist/", views_assist.principles_assist, name="principles_assist"),
    path(base + "principles/<str:principle_code>/", views.principle_page, name="principle"),
    path(
        base + "principles/<str:principle_code>/withdraw/",
        views.principle_withdraw,
        name="principle_withdraw",
    ),
    path(
        base + "principles/<str:principle_code>/move/",
        views.principle_move,
        name="principle_move",
    ),
    path(base + "agreement/", views_agreement.agreement_page, name="agreement"),
    path(base + "agreement/open/", views_agreement.agreement_open, name="agreement_open"),
    path(
        base + "agreement/present/",
        views_agreement.agreement_present,
        name="agreement_present",
    ),
    path(
        base + "agreement/<int:number>/close/",
        views_agreement.agreement_close,
        name="agreement_close",
    ),
    path(
        base + "agreement/<int:number>/reveal/",
        views_agreement.agreement_reveal,
        name="agreement_reveal",
    ),
    path("j/<str:join_code>/agreement/", views_agreement.agreement, name="participant_agreement"),
    path("j/<str:join_code>/propose/", views_agreement.propose, name="propose"),
]
