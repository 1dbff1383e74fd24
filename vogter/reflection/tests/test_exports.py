"""A round's report (PDF) and results (CSV, XLSX) through the page's download links and
`vogter reflection report`: the same thresholds as the page, in Danish and English."""

import csv
import io
import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import load_workbook

from conftest import World
from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.lib.tests.pdfcheck import page_texts
from vogter.reflection.actions import agreed_actions
from vogter.reflection.actions import checkins as checkin_actions
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.models import Round
from vogter.reflection.rounds import principles_of
from vogter.reflection.tests.conftest import close

pytestmark = pytest.mark.django_db

SECRET = "hemmelig tekst om kollegaen"


def _round(world: World, charter: Charter, people: list[User], *, fifth: bool) -> Round:
    """Four check-ins scoring 4 with a free text; with `fifth`, one more scoring 2 who
    can't say about well-being, so well-being has four scores only."""
    reflection = round_actions.open_round(
        world.fiona, charter, event="new_tool", description="Copilot"
    )
    codes = [p["code"] for p in principles_of(reflection)]
    for person in people[:4]:
        checkin_actions.check_in(
            person,
            reflection,
            principles={c: (4, "revise") for c in codes},
            aims={"productivity": 4, "wellbeing": 4},
            changed=SECRET,
        )
    if fifth:
        checkin_actions.check_in(
            people[4],
            reflection,
            principles={c: (2, "keep") for c in codes},
            aims={"productivity": 4, "wellbeing": None},
            changed='=HYPERLINK("https://evil.example")',
        )
    close(reflection)  # results and exports show figures once the round has closed
    return reflection


def _url(world: World, reflection: Round, fmt: str, language: str) -> str:
    page = f"/o/{world.havneby.code}/reflection/{reflection.code}/"
    return f"{page}export/?format={fmt}&language={language}"


def _csv(client: Client, world: World, reflection: Round, language: str = "da") -> str:
    response = client.get(_url(world, reflection, "csv", language))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Danish Excel needs
    return response.content.decode("utf-8-sig")


def _xlsx(client: Client, world: World, reflection: Round, language: str = "da") -> list[list]:
    response = client.get(_url(world, reflection, "xlsx", language))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _pdf_text(client: Client, world: World, reflection: Round, language: str = "da") -> str:
    """The report's text in the order it was set (hyphenated words joined again)."""
    response = client.get(_url(world, reflection, "pdf", language))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    return re.sub(r"\N{SOFT HYPHEN}\s*", "", "".join(page_texts(response.content)))


def _cells(rows: list[list]) -> list[str]:
    return [str(value) for row in rows for value in row if value is not None]


def test_below_the_minimum_group_size_every_export_says_so_and_nothing_else(
    signatories: World, mads_client: Client, adopted_charter: Charter, colleagues: list[User]
) -> None:
    world = signatories
    reflection = _round(world, adopted_charter, colleagues, fifth=False)
    withheld = "Færre end 5 har tjekket ind"

    csv_text = _csv(mads_client, world, reflection)
    assert withheld in csv_text and SECRET not in csv_text
    assert "Check-ins;4" in csv_text and "Gennemsnit" not in csv_text

    cells = _cells(_xlsx(mads_client, world, reflection))
    assert any(withheld in c for c in cells) and not any(SECRET in c for c in cells)
    assert not any("Gennemsnit" in c for c in cells)

    text = _pdf_text(mads_client, world, reflection)
    assert withheld in " ".join(text.split()) and "Vores principper" in text
    assert "hemmelig" not in text and "Gennemsnit" not in text

    english = _pdf_text(mads_client, world, reflection, "en")
    assert "Fewer than 5 have checked in" in " ".join(english.split())


def test_from_five_the_figures_appear_but_not_a_figure_over_four(
    signatories: World, mads_client: Client, adopted_charter: Charter, colleagues: list[User]
) -> None:
    world = signatories
    reflection = _round(world, adopted_charter, colleagues, fifth=True)

    csv_text = _csv(mads_client, world, reflection)
    assert "\r\n" in csv_text
    lines = list(csv.reader(io.StringIO(csv_text), delimiter=";"))
    header = next(i for i, line in enumerate(lines) if line[:1] == ["Type"])
    assert lines[header][2:10] == [
        "Svar",
        "Gennemsnit (1\N{EN DASH}5)",
        "1",
        "2",
        "3",
        "4",
        "5",
        "Ved ikke",
    ]
    rows = {line[1]: line for line in lines[header + 1 :] if len(line) > 1}
    assert rows["Produktivitet"][2:4] == ["5", "4,0"]  # a Danish decimal comma
    # Well-being: four scores only, so no mean, no distribution, not even the count.
    assert rows["Trivsel"][2:14] == [""] * 12
    assert rows["Trivsel"][14] == "Færre end 5 svarede: vises ikke."
    # Four gave 4 and one gave 2: the counts would tell the lone 2; the mean does not.
    principle = next(row for key, row in rows.items() if key.startswith("Når vi bruger GenAI"))
    assert principle[2:10] == ["5", "3,6", "", "", "", "", "", "0"]
    # One keep and four revise: neither shown, and no share (it would tell them).
    assert principle[10:14] == ["", "", "0", ""]  # keep, revise, retire, % revise or retire
    assert principle[14].startswith("Nogle tal er udeladt")
    assert SECRET in csv_text
    # A free text that looks like a formula stays text.
    assert rows['\'=HYPERLINK("https://evil.example")'][0] == "Fritekst"

    english = _csv(mads_client, world, reflection, "en")
    assert ";3.6;" in english and "Fewer than 5 answered: not shown." in english
    assert "Some figures are left out" in english

    sheet = _xlsx(mads_client, world, reflection)
    by_label = {row[1]: row for row in sheet if row[0] in ("Mål", "Princip")}
    assert by_label["Produktivitet"][2:4] == [5, 4.0]
    assert by_label["Trivsel"][2:4] == [None, None]
    assert by_label["Trivsel"][14] == "Færre end 5 svarede: vises ikke."
    first = next(row for label, row in by_label.items() if label.startswith("Når vi"))
    assert first[2:10] == [5, 3.6, None, None, None, None, None, 0]
    assert '=HYPERLINK("https://evil.example")' in _cells(sheet)  # a string, not a formula

    text = " ".join(_pdf_text(mads_client, world, reflection).split())
    assert "Gennemsnit 3,6 ud af 5 · 5 svar · 0 ved ikke" in text
    assert "Trivsel Færre end 5 svarede: vises ikke." in text
    assert "Behold \N{EN DASH} · Justér \N{EN DASH} · Udfas 0" in text
    assert "Nogle tal er udeladt" in text
    assert SECRET in text
    english = " ".join(_pdf_text(mads_client, world, reflection, "en").split())
    assert "Mean 3.6 out of 5" in english and "Well-being Fewer than 5 answered" in english


def test_the_report_has_the_round_and_its_actions(
    signatories: World,
    fiona_client: Client,
    adopted_charter: Charter,
    colleagues: list[User],
    tmp_path: Path,
) -> None:
    world = signatories
    reflection = _round(world, adopted_charter, colleagues, fifth=True)
    action = agreed_actions.add_action(
        world.fiona, reflection, description="Aftal brugen af Copilot", owner="Teamleder"
    )
    agreed_actions.follow_up(world.fiona, action, done=True, note="Aftalt på mødet")
    text = " ".join(_pdf_text(fiona_client, world, reflection).split())
    for expected in (
        "REFLEKSIONSRUNDE",
        "Vores principper",
        "Havneby Kommune · Kommunikation",
        "Efter en hændelse: Et nyt AI-værktøj",
        "Copilot",
        "Check-ins 5",
        "Aftal brugen af Copilot",
        "Teamleder",
        "Færdig \N{EN DASH} Aftalt på mødet",
    ):
        assert expected in text, expected
    assert re.search(r"Side (\d) af \1$", text)  # the last page's footer
    # Every font is embedded (Bitstream Vera, as in the charter), none left to the reader.
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(fiona_client.get(_url(world, reflection, "pdf", "da")).content)
    fonts = subprocess.run(  # noqa: S603 - a fixed poppler tool on a file we wrote
        ["pdffonts", str(pdf)],  # noqa: S607 - poppler-utils, as in CI
        capture_output=True,
        check=True,
        text=True,
    ).stdout.splitlines()[2:]
    assert fonts and all("Vera" in line and " yes yes " in line for line in fonts), fonts


def test_the_round_page_links_to_the_downloads(
    signatories: World, mads_client: Client, adopted_charter: Charter, olga_client: Client
) -> None:
    world = signatories
    reflection = round_actions.open_round(world.fiona, adopted_charter, event="incident")
    page = mads_client.get(f"/o/{world.havneby.code}/reflection/{reflection.code}/")
    html = page.content.decode()
    for fmt in ("pdf", "csv", "xlsx"):
        for language in ("da", "en"):
            assert _url(world, reflection, fmt, language).replace("&", "&amp;") in html
    assert mads_client.get(_url(world, reflection, "docx", "da")).status_code == 404
    assert mads_client.get(_url(world, reflection, "pdf", "de")).status_code == 404
    assert olga_client.get(_url(world, reflection, "pdf", "da")).status_code == 404


def test_the_command_writes_the_report_and_the_results(
    signatories: World, adopted_charter: Charter, colleagues: list[User], tmp_path: Path
) -> None:
    world = signatories
    reflection = _round(world, adopted_charter, colleagues, fifth=True)
    pdf, csv_file = tmp_path / "report.pdf", tmp_path / "results.csv"
    call_command("reflection", "report", reflection.code, "--format", "pdf", "-o", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    call_command(
        "reflection",
        "report",
        reflection.code,
        "--format",
        "csv",
        "--language",
        "en",
        "-o",
        str(csv_file),
    )
    assert "Mean (1\N{EN DASH}5)" in csv_file.read_bytes().decode("utf-8-sig")
    with pytest.raises(CommandError, match="-o FILE"):
        call_command("reflection", "report", reflection.code, "--format", "xlsx")

    out = io.StringIO()
    call_command("reflection", "report", reflection.code, stdout=out)
    lines = out.getvalue().splitlines()
    assert "checkins\t5" in lines
    assert "aim\twellbeing\twithheld\t\tfew" in lines  # and not how many gave a score
