from django.urls import URLPattern, URLResolver, include, path

from vogter.workshops.views import facilitator, participant

app_name = "workshops"

facilitator_patterns: list[URLPattern | URLResolver] = [
    path("", facilitator.detail, name="detail"),
    path("edit/", facilitator.edit, name="edit"),
    path("phase/", facilitator.set_phase, name="set_phase"),
    path("reveal/", facilitator.reveal, name="reveal"),
    path("board/", facilitator.board_page, name="board"),
    path("board/state.json", facilitator.board_state, name="board_state"),
    path("board/overview.json", facilitator.board_overview, name="board_overview"),
    path("board/events", facilitator.board_events, name="board_events"),
    path("board/release", facilitator.board_release, name="board_release"),
    path("cards/<str:card>/hide/", facilitator.hide_card, name="hide_card"),
    path("cards/<str:card>/remove/", facilitator.remove_card_sheet, name="remove_card_sheet"),
    path("sheets/remove-empty/", facilitator.remove_empty_sheets, name="remove_empty_sheets"),
    path("", include("vogter.workshops.urls_paper")),
]

urlpatterns = [
    path("o/<str:org>/workshops/", facilitator.workshop_list, name="list"),
    path("o/<str:org>/workshops/<str:workshop_code>/", include(facilitator_patterns)),
    path("j/", participant.enter_code, name="enter_code"),
    path("j/<str:join_code>/", participant.join, name="join"),
    path("j/<str:join_code>/sheet/", participant.sheet, name="sheet"),
    path("j/<str:join_code>/save", participant.save, name="save"),
    path("j/<str:join_code>/submit", participant.submit, name="submit"),
    path("j/<str:join_code>/events", participant.events, name="events"),
    path("j/<str:join_code>/resume/", participant.resume_code, name="resume"),
    path("j/<str:join_code>/resume/new/", participant.new_resume_code, name="new_resume_code"),
    path("j/<str:join_code>/r/<str:token>/", participant.resume_link, name="resume_link"),
]
