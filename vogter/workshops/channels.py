"""The workshop's live channels (vogter/live): the facilitator's board, by the workshop's
code, and the participants' phones, by the join code they already hold."""

from vogter.workshops.models import Workshop


def board_channel(workshop: Workshop) -> str:
    return f"workshop.{workshop.code}.board"


def participants_channel(workshop: Workshop) -> str:
    return f"workshop.{workshop.join_code}.participants"
