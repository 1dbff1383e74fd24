"""Shared helpers for the paper, export and import tests: paths and answered sheets."""

import csv
import io
from pathlib import Path

from conftest import World
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Workshop

SAMPLE = Path(__file__).parent / "data" / "sample_workshop.csv"
SAMPLE_WORKSHOPS = {
    "Kommunikationsafdelingen": 18,
    "Medicinsk afdeling, sekretariatet": 14,
    "Engineering Solutions team": 12,
}

LONG_ANSWER = " ".join(["ord"] * 120)
EDGE_CASES = {
    "emoji": "Det går hurtigere 😊",
    "quotes": 'Hun sagde: "brug det med omtanke", og vi gjorde; ikke altid',
    "lines": "Første linje\nAnden linje\n\nFjerde linje",
    "long": LONG_ANSWER,
    "ved ikke": "ved ikke",
}
FORMULAS = [
    '=HYPERLINK("https://evil.example";"klik")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\tindrykket",
    "=cmd|' /C calc'!A0",
]


def page(workshop: Workshop, rest: str = "") -> str:
    """A page URL of this workshop: /o/<org>/workshops/<workshop>/<rest>."""
    return f"/o/{workshop.organisation.code}/workshops/{workshop.code}/{rest}"


def api(workshop: Workshop, rest: str) -> str:
    return f"/api/organisations/{workshop.organisation.code}/workshops/{workshop.code}/{rest}"


def announced_workshop(world: World, title: str = "AI i kommunikationen") -> Workshop:
    """A workshop that tells its participants, before they write, that the answers may be
    exported sheet by sheet; in the reflect phase."""
    import datetime

    workshop = workshop_actions.create_workshop(
        world.fiona,
        world.havneby,
        unit=world.unit,
        title=title,
        date=datetime.date(2026, 11, 27),
        language="da",
        per_sheet_export=True,
    )
    return workshop_actions.set_phase(world.fiona, workshop, "reflect")


def close_reflection(workshop: Workshop) -> Workshop:
    """Move on from the reflection (as the facilitator would): the answers are fixed."""
    return workshop_actions.set_phase(workshop.created_by, workshop, "themes")


def answer(workshop: Workshop, **fields: str) -> None:
    """One participant joins and fills in the given fields."""
    sheet = sheet_actions.join(workshop).sheet
    for seq, (key, text) in enumerate(fields.items(), start=1):
        sheet_actions.save_entry(sheet, key, text, seq)


def answer_edge_cases(workshop: Workshop) -> None:
    answer(
        workshop,
        profession="Webredaktør",
        use_case="Klart sprog",
        **{f"q{i}": text for i, text in enumerate(EDGE_CASES.values(), start=1)},
    )
    answer(workshop, profession="Jurist", **{f"q{i}": t for i, t in enumerate(FORMULAS[:5], 1)})
    answer(workshop, profession=FORMULAS[5], q1="Tid til at tænke")


def open_xlsx_text(body: bytes) -> str:
    """Every XML part of a workbook, as text: to look for what must not be anywhere."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return b"".join(archive.read(n) for n in archive.namelist()).decode("utf-8", "replace")


def read_csv(body: bytes) -> list[dict[str, str]]:
    assert body.startswith(b"\xef\xbb\xbf"), "Danish Excel needs the byte-order mark"
    text = body.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def sample_rows(name: str) -> list[dict[str, str]]:
    with SAMPLE.open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if r["workshop"] == name]


__all__ = ["World"]
