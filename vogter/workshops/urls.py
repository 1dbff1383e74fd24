from django.urls import URLPattern, URLResolver, include, path

from vogter.workshops import (
    views,
    views_moderation,
    views_paper,
    views_participant,
    views_present,
    views_templates,
)
from vogter.workshops.exporters import WORKSHOP_EXPORTS

app_name = "workshops"

facilitator_patterns: list[URLPattern | URLResolver] = [
    path("", views.detail, name="detail"),
    path("edit/", views.edit, name="edit"),
    path("copy/", views_templates.copy, name="copy"),
    path("phase/", views.set_phase, name="set_phase"),
    path("reveal/", views.reveal, name="reveal"),
    path("board/", views.board_page, name="board"),
    path("present/", views_present.present, name="present"),
    path("timer/", views_present.control_timer, name="timer"),
    path("timings/", views_present.timings, name="timings"),
    path("board/state.json", views.board_state, name="board_state"),
    path("board/overview.json", views.board_overview, name="board_overview"),
    path("board/events", views.board_events, name="board_events"),
    path("board/release", views.board_release, name="board_release"),
    path("cards/<str:card>/hide/", views.hide_card, name="hide_card"),
    path("cards/<str:card>/remove/", views.remove_card_sheet, name="remove_card_sheet"),
    path("check/", views_moderation.check, name="check"),
    path("cards/<str:card>/check/", views_moderation.decide, name="check_card"),
    path("sheets/remove-empty/", views.remove_empty_sheets, name="remove_empty_sheets"),
    # Paper and files: one fixed route per format (export/csv/, …), named export_<format>.
    *(
        path(f"export/{fmt}/", views_paper.export, {"fmt": fmt}, name=f"export_{fmt}")
        for fmt in WORKSHOP_EXPORTS.formats
    ),
    path("paper.pdf", views_paper.paper_pdf, name="paper_pdf"),
    path("import/", views_paper.import_answers, name="import_answers"),
]

urlpatterns = [
    path("o/<str:org>/workshops/", views.workshop_list, name="list"),
    # Before the workshops' own routes: "templates" is no workshop's code.
    path("o/<str:org>/workshops/templates/", views_templates.template_list, name="templates"),
    path(
        "o/<str:org>/workshops/templates/<str:template_code>/",
        views_templates.template_edit,
        name="template_edit",
    ),
    path(
        "o/<str:org>/workshops/templates/<str:template_code>/delete/",
        views_templates.template_delete,
        name="template_delete",
    ),
    path(
        "o/<str:org>/workshops/templates/<str:template_code>/use/",
        views_templates.template_use,
        name="template_use",
    ),
    path("o/<str:org>/workshops/<str:workshop_code>/", include(facilitator_patterns)),
    path("j/", views_participant.enter_code, name="enter_code"),
    path("j/<str:join_code>/", views_participant.join, name="join"),
    path("j/<str:join_code>/sheet/", views_participant.sheet, name="sheet"),
    path("j/<str:join_code>/save", views_participant.save, name="save"),
    path("j/<str:join_code>/submit", views_participant.submit, name="submit"),
    path("j/<str:join_code>/events", views_participant.events, name="events"),
    path("j/<str:join_code>/resume/", views_participant.resume_code, name="resume"),
    path(
        "j/<str:join_code>/resume/new/", views_participant.new_resume_code, name="new_resume_code"
    ),
    path("j/<str:join_code>/r/<str:token>/", views_participant.resume_link, name="resume_link"),
]
