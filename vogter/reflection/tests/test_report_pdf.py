"""The round's report as a reader and a screen reader meet it: tagged (PDF/UA), in the
document's language, long Danish compounds hyphenated rather than cut, a principle never
split from its figures and an action row never split across pages, counts that agree
with their word, and dates as Danes and Britons write them."""

import datetime
import re

import pytest
from django.test import Client

from conftest import World
from vogter.accounts.models import User
from vogter.charters.actions import adoption as adoption_actions
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import signatures as signature_actions
from vogter.charters.models import Charter
from vogter.lib.tests.pdfcheck import accessibility, broken_words, page_texts
from vogter.principles.actions import principles as principle_actions
from vogter.reflection.actions import agreed_actions
from vogter.reflection.actions import checkins as checkin_actions
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.models import Round
from vogter.reflection.rounds import principles_of
from vogter.reflection.tests.conftest import close
from vogter.workshops.models import Workshop

pytestmark = pytest.mark.django_db

# Long compounds, as real charters have them, in the narrow places of the page.
LONG = [
    "følger vi Journalføringsbekendtgørelsen og Digitaliseringsstyrelsens vejledning om "
    "kommunikationspolitikken for borgerrettede informationsindsatser",
    "lader vi Kommunikationsmedarbejderen og arbejdsmiljørepræsentanten vurdere "
    "kvalitetssikringsprocedurerne før offentliggørelse",
    "beskytter vi personoplysninger efter databeskyttelsesforordningen og "
    "informationssikkerhedspolitikken",
    "drøfter vi arbejdstilrettelæggelsen med medarbejderrepræsentanterne i MED-udvalget",
    "dokumenterer vi kildehenvisningerne i sagsbehandlingssystemet",
    "tager vi kompetenceudviklingsbehovene op i medarbejderudviklingssamtalerne",
    "evaluerer vi tilfredshedsundersøgelserne med borgerservicemedarbejderne",
]
ACTION = (
    "Aftal med Kommunikationsmedarbejderen og ledelsessekretariatet, hvordan "
    "journalføringspraksis og informationssikkerhedspolitikken hænger sammen"
)


@pytest.fixture
def long_charter(signatories: World, drafted_workshop: Workshop) -> Charter:
    """The drafted workshop's two principles and seven more with long compounds, adopted."""
    world = signatories
    for statement in LONG:
        principle_actions.create_principle(world.fiona, drafted_workshop, statement_da=statement)
    charter = draft_actions.create_charter(
        world.fiona,
        world.havneby,
        unit=world.unit,
        title="Principper for kommunikationsafdelingens brug af generativ AI",
        workshops=[drafted_workshop],
    )
    adoption_actions.propose(world.fiona, charter)
    signature_actions.sign(world.alice, charter, "manager")
    signature_actions.sign(world.mads, charter, "union_rep")
    adoption_actions.adopt(world.fiona, charter)
    return charter


def _held(world: World, charter: Charter, people: list[User]) -> Round:
    """Six check-ins, closed. Every other principle scored 4 by all (its bars shown), the
    rest 2, 3 and 4 twice each (its counts withheld, its mean shown); all would revise."""
    reflection = round_actions.open_round(
        world.fiona, charter, event="new_tool", description="Copilot"
    )
    codes = [p["code"] for p in principles_of(reflection)]
    for number, person in enumerate(people[:6]):
        checkin_actions.check_in(
            person,
            reflection,
            principles={
                c: (4 if i % 2 == 0 else 2 + number % 3, "revise") for i, c in enumerate(codes)
            },
            aims={"productivity": 4, "wellbeing": 3, "meaningfulness": 5},
            changed="Informationssikkerhedspolitikken bliver diskuteret mere end før",
        )
    close(reflection)
    return reflection


def _pdf(client: Client, world: World, reflection: Round, language: str) -> bytes:
    page = f"/o/{world.havneby.code}/reflection/{reflection.code}/"
    response = client.get(f"{page}export/?format=pdf&language={language}")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    return response.content


def _flat(text: str) -> str:
    """The text on one line, words hyphenated at a line's end joined again."""
    return " ".join(re.sub(r"\N{SOFT HYPHEN}\s*", "", text).split())


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_report_is_tagged_in_its_language_with_headed_tables_and_described_charts(
    signatories: World,
    fiona_client: Client,
    long_charter: Charter,
    colleagues: list[User],
    language: str,
) -> None:
    reflection = _held(signatories, long_charter, colleagues)
    agreed_actions.add_action(signatories.fiona, reflection, description=ACTION, owner="AMR")
    tags = accessibility(_pdf(fiona_client, signatories, reflection, language))
    assert tags.lang == {"da": "da-DK", "en": "en-GB"}[language]
    assert tags.title.startswith({"da": "Refleksionsrunde", "en": "Reflection round"}[language])
    assert tags.marked and tags.display_title
    assert {"H1", "H2", "Table", "TH", "TD", "Figure"} <= tags.kinds
    assert tags.figures >= 3 and tags.figures_without_alt == 0


def test_long_danish_compounds_break_at_a_hyphen_never_mid_word(
    signatories: World, fiona_client: Client, long_charter: Charter, colleagues: list[User]
) -> None:
    reflection = _held(signatories, long_charter, colleagues)
    for _ in range(3):
        agreed_actions.add_action(
            signatories.fiona, reflection, description=ACTION, owner="Kommunikationsmedarbejder"
        )
    pdf = _pdf(fiona_client, signatories, reflection, "da")
    assert broken_words(pdf, [*LONG, ACTION, "Kommunikationsmedarbejder", long_charter.title]) == []
    # Hyphenation did happen somewhere: the narrow owner column cannot hold the word whole.
    assert "Kommunikations\N{SOFT HYPHEN}\nmedarbejder" in "".join(page_texts(pdf))


def test_a_principle_is_never_split_from_its_figures_nor_an_action_row_across_pages(
    signatories: World, fiona_client: Client, long_charter: Charter, colleagues: list[User]
) -> None:
    reflection = _held(signatories, long_charter, colleagues)
    for number in range(12):
        agreed_actions.add_action(
            signatories.fiona,
            reflection,
            description=f"{ACTION} ({number + 1})",
            owner="Teamleder",
            due_on=datetime.date(2027, 1, 15),
        )
        action = reflection.actions.order_by("-id").first()
        assert action is not None
        agreed_actions.follow_up(
            signatories.fiona, action, done=False, note=f"Opfølgning nummer {number + 1}"
        )
    pages = [_flat(page) for page in page_texts(_pdf(fiona_client, signatories, reflection, "da"))]
    assert len(pages) >= 3
    for page in pages:
        # Each principle's title and its keep/revise/retire line land on the same page.
        titles = re.findall(r"\d\. (?:Når vi bruger GenAI|When we use GenAI)", page)
        assert len(titles) == len(re.findall(r"Behold \S+ · Justér", page))
        # Each action row is whole: its number and its follow-up on one page.
        for number in re.findall(r"hænger sammen \((\d+)\)", page):
            assert f"Opfølgning nummer {number}" in page
    assert sum(page.count("Behold 0 · Justér 6") for page in pages) == 9


def test_counts_agree_with_their_word_and_dates_read_as_each_language_writes_them(
    signatories: World,
    fiona_client: Client,
    long_charter: Charter,
    colleagues: list[User],
) -> None:
    world = signatories
    reflection = _held(world, long_charter, colleagues)
    reflection.opens_on, reflection.closes_on = (
        datetime.date(2026, 11, 2),
        datetime.date(2026, 12, 6),
    )
    reflection.save(update_fields=["opens_on", "closes_on"])
    danish = _flat("".join(page_texts(_pdf(fiona_client, world, reflection, "da"))))
    english = _flat("".join(page_texts(_pdf(fiona_client, world, reflection, "en"))))
    assert "9 principper" in danish and "9 principles" in english
    assert "2. november 2026 \N{EN DASH} 6. december 2026" in danish
    assert "2 November 2026 \N{EN DASH} 6 December 2026" in english
    assert not re.search(r"\d{4}-\d\d-\d\d|UTC", danish + english)
    # All six would revise: a Danish space before the per cent sign, none in English.
    assert "100 % vil justere eller udfase" in danish
    assert "100% would revise or retire" in english
    assert (
        "Gennemsnit 3,0 ud af 5 · 6 svar" in danish and "Mean 4.0 out of 5 · 6 answers" in english
    )

    # A version with one principle: "1 princip", "1 principle".
    versions = long_charter.versions.filter(number=reflection.version_number)
    document = versions.get().document
    versions.update(document={**document, "principles": document["principles"][:1]})
    assert "1 princip " in _flat("".join(page_texts(_pdf(fiona_client, world, reflection, "da"))))
    assert "1 principle " in _flat("".join(page_texts(_pdf(fiona_client, world, reflection, "en"))))
