from django.urls import URLPattern, path

from vogter.principles.views import facilitator, participant

app_name = "principles"

base = "o/<str:org>/workshops/<str:workshop_code>/"

urlpatterns: list[URLPattern] = [
    path(base + "themes/", facilitator.themes_page, name="themes"),
    path(base + "themes/suggest/", facilitator.themes_suggest, name="themes_suggest"),
    path(base + "themes/move/", facilitator.themes_move, name="themes_move"),
    path(base + "themes/assist/", facilitator.themes_assist, name="themes_assist"),
    path(base + "themes/<str:theme_code>/rename/", facilitator.theme_rename, name="theme_rename"),
    path(base + "themes/<str:theme_code>/merge/", facilitator.theme_merge, name="theme_merge"),
    path(base + "themes/<str:theme_code>/delete/", facilitator.theme_delete, name="theme_delete"),
    path(base + "principles/", facilitator.principles_page, name="principles"),
    path(base + "principles/matrix/", facilitator.matrix_page, name="matrix"),
    path(base + "principles/assist/", facilitator.principles_assist, name="principles_assist"),
    path(base + "principles/<str:principle_code>/", facilitator.principle_page, name="principle"),
    path(
        base + "principles/<str:principle_code>/withdraw/",
        facilitator.principle_withdraw,
        name="principle_withdraw",
    ),
    path(
        base + "principles/<str:principle_code>/move/",
        facilitator.principle_move,
        name="principle_move",
    ),
    path(base + "agreement/", facilitator.agreement_page, name="agreement"),
    path(base + "agreement/open/", facilitator.agreement_open, name="agreement_open"),
    path(
        base + "agreement/<int:number>/close/",
        facilitator.agreement_close,
        name="agreement_close",
    ),
    path(
        base + "agreement/<int:number>/reveal/",
        facilitator.agreement_reveal,
        name="agreement_reveal",
    ),
    path("j/<str:join_code>/agreement/", participant.agreement, name="participant_agreement"),
    path("j/<str:join_code>/propose/", participant.propose, name="propose"),
]
