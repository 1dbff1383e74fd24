"""Close now, the minimum group size on the forms, the meeting view, the scales in words
and one word per verdict, through the pages and the `vogter reflection` command."""

import datetime
import io
import re
import subprocess

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from conftest import Branches, World
from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.reflection.actions import checkins as checkin_actions
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.models import AgreedAction, Round, Schedule
from vogter.reflection.rounds import principles_of

pytestmark = pytest.mark.django_db

SECRET = "hemmelig tekst om kollegaen"


def _client(user: User, language: str = "da") -> Client:
    """A logged-in client for someone who has chosen this language."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def _check_in(people: list[User], reflection: Round, score: int = 4, verdict: str = "revise"):
    codes = [p["code"] for p in principles_of(reflection)]
    for person in people:
        checkin_actions.check_in(
            person,
            reflection,
            principles={c: (score, verdict) for c in codes},
            aims={"productivity": score, "wellbeing": score},
            changed=SECRET,
        )


def _round_url(world: World, reflection: Round, tail: str = "") -> str:
    return f"/o/{world.havneby.code}/reflection/{reflection.code}/{tail}"


def _charter_url(world: World, charter: Charter) -> str:
    return f"/o/{world.havneby.code}/charters/{charter.code}/reflection/"


def _score_tables(page: str) -> list[str]:
    """Every score's table of counts (under its chart), as the page writes it."""
    return sorted(re.findall(r'<table class="numbers scores">.*?</table>', page, re.S))


def _means(page: str) -> list[str]:
    return sorted(re.findall(r'<p class="score-line">[^<]*<strong>([^<]*)</strong>', page))


# --- Close now -----------------------------------------------------------------------------


def test_a_manager_closes_a_round_now_and_it_shows_as_closed_early_everywhere(
    signatories: World,
    branches: Branches,
    adopted_charter: Charter,
    colleagues: list[User],
) -> None:
    world = signatories
    reflection = round_actions.open_round(world.fiona, adopted_charter, event="incident")
    url = _round_url(world, reflection)
    close_form = 'name="do" value="close"'

    kim = _client(branches.kim)  # the unit's manager
    assert close_form in kim.get(url).content.decode()
    member = _client(colleagues[0])
    assert close_form not in member.get(url).content.decode()
    assert member.post(url, {"do": "close"}).status_code == 403
    assert _client(branches.sara).post(url, {"do": "close"}).status_code == 403  # other branch
    assert _client(world.olga).post(url, {"do": "close"}).status_code == 404
    reflection.refresh_from_db()
    assert not reflection.closed

    closed = kim.post(url, {"do": "close"}, follow=True)
    assert closed.redirect_chain[-1][0] == url
    page = closed.content.decode()
    assert "Runden er lukket: der tages ikke imod flere check-ins." in page
    assert "lukket før tid" in page and close_form not in page
    reflection.refresh_from_db()
    assert reflection.closed and reflection.closes_on == datetime.date.today()
    # Once only: a second close is refused with a reason.
    again = kim.post(url, {"do": "close"}, follow=True).content.decode()
    assert "Runden er allerede lukket." in again

    charter_page = kim.get(_charter_url(world, adopted_charter)).content.decode()
    listed = re.search(r'<section aria-labelledby="rounds-title">.*?</section>', charter_page, re.S)
    assert listed is not None
    assert '<span class="badge accent">lukket før tid</span>' in listed.group(0)
    assert ">åben<" not in listed.group(0)
    # No more check-ins.
    phone = member.get(f"/r/{reflection.code}/").content.decode()
    assert "Runden er ikke åben." in phone and 'class="checkin"' not in phone


def test_closing_now_shows_results_from_the_minimum_and_withholds_below(
    signatories: World, fiona_client: Client, adopted_charter: Charter, colleagues: list[User]
) -> None:
    world = signatories
    five = round_actions.open_round(world.fiona, adopted_charter, event="incident")
    _check_in(colleagues[:5], five)
    url = _round_url(world, five)
    still_open = fiona_client.get(url).content.decode()
    assert SECRET not in still_open and not _means(still_open)
    fiona_client.post(url, {"do": "close"})
    shown = fiona_client.get(url).content.decode()
    assert SECRET in shown and _means(shown) and "<svg" in shown

    # Closing the first lets the next round open at once; four are too few.
    four = round_actions.open_round(world.fiona, adopted_charter, event="new_tool")
    _check_in(colleagues[:4], four)
    fiona_client.post(_round_url(world, four), {"do": "close"})
    withheld = fiona_client.get(_round_url(world, four)).content.decode()
    assert "Færre end 5 har tjekket ind" in withheld
    assert SECRET not in withheld and not _means(withheld) and "<svg" not in withheld


# --- The meeting view -----------------------------------------------------------------------


def test_the_meeting_view_shows_and_withholds_the_same_figures_as_the_round_page(
    signatories: World,
    fiona_client: Client,
    mads_client: Client,
    adopted_charter: Charter,
    colleagues: list[User],
) -> None:
    world = signatories
    reflection = round_actions.open_round(world.fiona, adopted_charter, event="incident")
    # Scores 4, 5, 3, 4, 2: the mean (3.6) and a 0 for "1" are shown, the other counts not.
    for person, score in zip(colleagues[:5], (4, 5, 3, 4, 2), strict=True):
        _check_in([person], reflection, score=score, verdict="keep" if score < 4 else "revise")
    meeting_url = _round_url(world, reflection, "meeting/")
    assert meeting_url in fiona_client.get(_round_url(world, reflection)).content.decode()

    # Open: the count, when the results come, and close now for those who manage.
    waiting = fiona_client.get(meeting_url).content.decode()
    assert "Runden er stadig åben" in waiting and "5 har tjekket ind indtil nu." in waiting
    assert 'name="do" value="close"' in waiting
    assert SECRET not in waiting and not _score_tables(waiting) and not _means(waiting)
    assert 'class="site-nav"' not in waiting  # nothing but the round on the projector
    member_waiting = mads_client.get(meeting_url).content.decode()
    assert "Runden er stadig åben" in member_waiting
    assert 'name="do" value="close"' not in member_waiting

    closed = fiona_client.post(meeting_url, {"do": "close"})
    assert closed.status_code == 302 and closed["Location"] == meeting_url
    for client in (fiona_client, mads_client):
        page = client.get(_round_url(world, reflection)).content.decode()
        meeting = client.get(meeting_url).content.decode()
        assert _score_tables(meeting) == _score_tables(page)
        # Both principles and two aims (nobody scored meaningfulness: few, no table).
        assert len(_score_tables(meeting)) == 2 + 2
        assert _means(meeting) == _means(page) and "3,6" in _means(meeting)
        # Withheld counts say why, in words, in both.
        assert meeting.count("withheld-reason") == page.count("withheld-reason") > 0
        assert "\N{EN DASH}" in "".join(_score_tables(meeting))
        assert meeting.count(SECRET) == page.count(SECRET) == 5

    English = _client(world.fiona, "en").get(meeting_url).content.decode()
    assert "Some figures are left out" in English and "Much better" in English


def test_the_meeting_view_withholds_everything_below_the_minimum_and_says_why(
    signatories: World, mads_client: Client, adopted_charter: Charter, colleagues: list[User]
) -> None:
    world = signatories
    reflection = round_actions.open_round(world.fiona, adopted_charter, event="incident")
    _check_in(colleagues[:4], reflection)
    round_actions.close_round(world.fiona, reflection)
    meeting = mads_client.get(_round_url(world, reflection, "meeting/")).content.decode()
    assert "Færre end 5 har tjekket ind" in meeting
    assert SECRET not in meeting and not _score_tables(meeting) and not _means(meeting)
    assert "<svg" not in meeting


def test_an_action_is_recorded_from_the_meeting_view(
    signatories: World,
    branches: Branches,
    mads_client: Client,
    adopted_charter: Charter,
    colleagues: list[User],
) -> None:
    world = signatories
    reflection = round_actions.open_round(world.fiona, adopted_charter, event="incident")
    _check_in(colleagues[:5], reflection)
    round_actions.close_round(world.fiona, reflection)
    url = _round_url(world, reflection, "meeting/")
    action = {"description": "Fælles prompt-bibliotek", "owner": "Kim", "due_on": "2027-01-15"}

    assert 'id="action-form"' not in mads_client.get(url).content.decode()
    assert mads_client.post(url, action).status_code == 403
    assert _client(world.olga).get(url).status_code == 404
    assert _client(world.olga).post(url, action).status_code == 404

    kim = _client(branches.kim)
    form = kim.get(url).content.decode()
    assert 'id="action-form"' in form and ">Ansvarlig</label>" in form
    # A missing owner: the reason beside the form, and what was written kept.
    refused = kim.post(url, {**action, "owner": ""})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Skriv, hvem der er ansvarlig for handlingen." in page
    assert 'value="Fælles prompt-bibliotek"' in page and 'value="2027-01-15"' in page
    assert not AgreedAction.objects.exists()

    recorded = kim.post(url, action)
    assert recorded.status_code == 302 and recorded["Location"] == f"{url}#actions"
    saved = AgreedAction.objects.get()
    assert (saved.round, saved.owner, saved.due_on) == (
        reflection,
        "Kim",
        datetime.date(2027, 1, 15),
    )
    shown = mads_client.get(url).content.decode()
    assert "Fælles prompt-bibliotek" in shown and "15. januar 2027" in shown


# --- The minimum group size on the forms ----------------------------------------------------


def test_the_minimum_group_size_is_chosen_on_the_event_and_schedule_forms(
    signatories: World, fiona_client: Client, adopted_charter: Charter, colleagues: list[User]
) -> None:
    world = signatories
    url = _charter_url(world, adopted_charter)
    form = fiona_client.get(url).content.decode()
    fields = re.findall(r'<input type="number" id="[a-z_]*min_group_size"[^>]*>', form)
    assert len(fields) == 2 and all('min="3"' in f and 'value="5"' in f for f in fields)

    too_small = fiona_client.post(
        url, {"kind": "event", "event": "new_tool", "description": "Copilot", "min_group_size": "2"}
    )
    assert too_small.status_code == 400 and not Round.objects.exists()
    assert "Den mindste gruppestørrelse skal være mellem 3 og 100." in too_small.content.decode()

    started = fiona_client.post(
        url, {"kind": "event", "event": "new_tool", "description": "Copilot", "min_group_size": "7"}
    )
    reflection = Round.objects.get()
    assert started.status_code == 302 and reflection.min_group_size == 7
    for page in (
        fiona_client.get(_round_url(world, reflection)),
        _client(colleagues[0]).get(f"/r/{reflection.code}/"),
    ):
        assert "Resultaterne vises kun, når mindst 7 har tjekket ind." in page.content.decode()
    english = _client(colleagues[0], "en").get(f"/r/{reflection.code}/").content.decode()
    assert "Results are shown only when at least 7 have checked in." in english

    saved = fiona_client.post(
        url,
        {
            "do": "schedule",
            "every_months": "3",
            "open_days": "14",
            "next_opens_on": "2027-03-01",
            "min_group_size": "8",
        },
    )
    assert saved.status_code == 302
    assert Schedule.objects.get(charter=adopted_charter).min_group_size == 8
    again = fiona_client.get(url).content.decode()
    assert re.search(r'id="schedule_min_group_size"[^>]*value="8"', again)


def test_an_overlapping_round_is_refused_beside_the_form_with_nothing_lost(
    signatories: World, fiona_client: Client, adopted_charter: Charter
) -> None:
    world = signatories
    round_actions.open_round(world.fiona, adopted_charter, event="incident")
    response = fiona_client.post(
        _charter_url(world, adopted_charter),
        {
            "kind": "event",
            "event": "new_use",
            "description": "Ny chatbot til borgerne",
            "min_group_size": "6",
        },
    )
    assert response.status_code == 400 and Round.objects.count() == 1
    page = response.content.decode()
    form = re.search(r'<form method="post" class="stack" id="event-form">.*?</form>', page, re.S)
    assert form is not None
    error = re.search(r'<p class="form-errors" id="event-error">([^<]*)</p>', form.group(0))
    assert error is not None
    assert error.group(1).startswith("En runde på principsættet er allerede åben eller planlagt")
    assert "Ny chatbot til borgerne</textarea>" in form.group(0)
    assert '<option value="new_use" selected>' in form.group(0)
    assert 'value="6"' in form.group(0)
    assert re.search(r'id="opens_on"[^>]*aria-invalid="true"', form.group(0))


# --- The scales in words, and one word per verdict --------------------------------------


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("da", ["Slet ikke", "Lidt", "Delvist", "I høj grad", "Fuldt ud"]),
        ("en", ["Not at all", "A little", "Partly", "Largely", "Fully"]),
    ],
)
def test_the_check_in_shows_each_score_with_its_words(
    signatories: World,
    adopted_charter: Charter,
    colleagues: list[User],
    language: str,
    words: list[str],
) -> None:
    aims = {
        "da": ["Meget værre", "Værre", "Uændret", "Bedre", "Meget bedre"],
        "en": ["Much worse", "Worse", "Unchanged", "Better", "Much better"],
    }[language]
    reflection = round_actions.open_round(signatories.fiona, adopted_charter, event="incident")
    page = _client(colleagues[0], language).get(f"/r/{reflection.code}/").content.decode()
    code = principles_of(reflection)[0]["code"]
    for score, word in enumerate(words, start=1):
        assert re.search(
            rf'name="score-{code}" value="{score}">'
            rf'<span class="scale-number">{score}</span> <span class="scale-word">{word}</span>',
            page,
        ), word
    for score, word in enumerate(aims, start=1):
        assert re.search(
            rf'name="wellbeing" value="{score}">'
            rf'<span class="scale-number">{score}</span> <span class="scale-word">{word}</span>',
            page,
        ), word


def test_the_charts_and_tables_name_each_score_in_words(
    signatories: World, fiona_client: Client, adopted_charter: Charter, colleagues: list[User]
) -> None:
    world = signatories
    reflection = round_actions.open_round(world.fiona, adopted_charter, event="incident")
    _check_in(colleagues[:5], reflection)  # all five give 4: every count may be shown
    round_actions.close_round(world.fiona, reflection)
    page = fiona_client.get(_round_url(world, reflection)).content.decode()
    chart = re.search(r'<svg class="chart"[^>]*aria-label="[^"]*I høj grad.*?</svg>', page, re.S)
    assert chart is not None
    assert "4 I høj grad: 5" in chart.group(0)  # the text alternative
    assert ">I høj</tspan>" in chart.group(0) and ">grad</tspan>" in chart.group(0)
    assert '<span class="scale-word">Fuldt ud</span>' in page  # a principle's table
    assert '<span class="scale-word">Meget bedre</span>' in page  # an aim's table

    pdf = fiona_client.get(_round_url(world, reflection, "export/?format=pdf&language=da"))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],  # noqa: S607 - poppler-utils, as in CI
        input=pdf.content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    text = " ".join(text.split())
    assert "I høj grad" in text and "Meget bedre" in text
    csv_text = fiona_client.get(
        _round_url(world, reflection, "export/?format=csv&language=da")
    ).content.decode("utf-8-sig")
    assert "1 Slet ikke · 2 Lidt · 3 Delvist · 4 I høj grad · 5 Fuldt ud" in csv_text


def test_keep_revise_and_retire_are_one_danish_word_each_everywhere(
    signatories: World, fiona_client: Client, adopted_charter: Charter, colleagues: list[User]
) -> None:
    world = signatories
    reflection = round_actions.open_round(world.fiona, adopted_charter, event="incident")
    checkin = _client(colleagues[5]).get(f"/r/{reflection.code}/").content.decode()
    for word in ("Behold", "Justér", "Udfas"):
        assert f"> {word}</label>" in checkin
    _check_in(colleagues[:5], reflection, verdict="revise")
    round_actions.close_round(world.fiona, reflection)
    page = fiona_client.get(_round_url(world, reflection)).content.decode()
    assert "Behold: <strong>0</strong>" in page and "Justér: <strong>5</strong>" in page
    assert "Udfas: <strong>0</strong>" in page
    csv_text = fiona_client.get(
        _round_url(world, reflection, "export/?format=csv&language=da")
    ).content.decode("utf-8-sig")
    assert ";Behold;Justér;Udfas;" in csv_text
    pdf = fiona_client.get(_round_url(world, reflection, "export/?format=pdf&language=da"))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],  # noqa: S607 - poppler-utils, as in CI
        input=pdf.content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "Behold 0 · Justér 5 · Udfas 0" in text and "vil justere eller udfase" in text
    # The catalogue says "justere" for revise, never "revidere" (docs/glossary.md).
    catalogue = polib.pofile(str(settings.BASE_DIR / "locale/da/LC_MESSAGES/django.po"))
    wavering = [e.msgid for e in catalogue if re.search(r"revid", e.msgstr, re.I)]
    assert not wavering


# --- The report command -----------------------------------------------------------------------


def test_the_report_of_an_open_round_says_it_is_open_and_gives_the_count(
    signatories: World, adopted_charter: Charter, colleagues: list[User]
) -> None:
    reflection = round_actions.open_round(signatories.fiona, adopted_charter, event="incident")
    _check_in(colleagues[:5], reflection)
    out = io.StringIO()
    call_command("reflection", "report", reflection.code, stdout=out)
    lines = out.getvalue().splitlines()
    until = reflection.closes_on.isoformat()
    assert "checkins\t5" in lines
    assert (
        f"withheld\tstill open until {until}: 5 check-ins so far, results once it has closed"
        in (lines)
    )
    assert "fewer than" not in out.getvalue()

    round_actions.close_round(None, reflection)
    shown = io.StringIO()
    call_command("reflection", "report", reflection.code, stdout=shown)
    assert not [line for line in shown.getvalue().splitlines() if line.startswith("withheld")]
    assert "aim\tproductivity\t4.0\t5\t" in shown.getvalue().splitlines()


def test_the_report_of_a_closed_round_below_the_minimum_gives_count_and_minimum(
    signatories: World, adopted_charter: Charter, colleagues: list[User]
) -> None:
    reflection = round_actions.open_round(signatories.fiona, adopted_charter, event="incident")
    _check_in(colleagues[:4], reflection)
    round_actions.close_round(None, reflection)
    out = io.StringIO()
    call_command("reflection", "report", reflection.code, stdout=out)
    lines = out.getvalue().splitlines()
    assert "withheld\tclosed with 4 check-ins, fewer than the minimum of 5" in lines
