"""Three team workshops that each found the same principle in their own words: the
material for one principle set fed by several workshops (docs/workshops.md)."""

import datetime

from conftest import World
from vogter.organisations.models import Unit
from vogter.principles.actions import principles as principle_actions
from vogter.principles.actions import themes as theme_actions
from vogter.principles.themes import theme_entries
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Workshop

# (workshop title, theme label, a quote, the principle's statement)
TEAMS = (
    (
        "AI i Web",
        "Tid til borgerne",
        "Vi får mere tid til borgerne.",
        "bruger vi tiden på borgerne",
    ),
    (
        "AI i Kommunikation",
        "Sparet tid",
        "Rutinerne går hurtigere.",
        "bruger vi den sparede tid på kerneopgaven",
    ),
    ("AI i Kultur", "Nærvær", "Mere nærvær i mødet.", "giver vi tiden videre til mødet"),
)


def team_workshops(world: World) -> list[Workshop]:
    """Three workshops of Havneby, a week apart, each with a theme, a quoted answer and a
    principle about the time GenAI saves."""
    units: list[Unit] = [world.web_team, world.unit, world.department]
    made = []
    for week, ((title, label, quote, statement), unit) in enumerate(zip(TEAMS, units, strict=True)):
        workshop = workshop_actions.create_workshop(
            world.fiona,
            world.havneby,
            unit=unit,
            title=title,
            date=datetime.date(2027, 1, 5) + datetime.timedelta(weeks=week),
            language="da",
        )
        workshop_actions.set_phase(world.fiona, workshop, "reflect")
        for text in (quote, "Noget andet.", "Et tredje svar."):
            sheet = sheet_actions.join(workshop).sheet
            sheet_actions.save_entry(sheet, "q1", text, 1)
            sheet_actions.submit_sheet(sheet)
        workshop_actions.set_phase(world.fiona, workshop, "themes")
        entries = list(theme_entries(workshop, "q1"))
        quoted = next(e for e in entries if e.text == quote)
        theme = theme_actions.new_theme(world.fiona, workshop, "q1", label, [str(quoted.id)])
        workshop_actions.set_phase(world.fiona, workshop, "principles")
        principle_actions.create_principle(
            world.fiona,
            workshop,
            statement_da=statement,
            theme_codes=[theme.code],
            answer_ids=[str(quoted.id)],
        )
        made.append(workshop)
    return made
