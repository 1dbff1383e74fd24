"""Danish pages read as Danish: "6. december 2026" and "kl. 06.10", never "2026-12-06",
"06:10" or "UTC"; "1 princip", never "1 principper"; "67 %", never "67%"; and no interface text left
in English (docs/glossary.md, "Numbers, counts and dates").

Each persona of the demo (`vogter demo`) logs in with Danish as their language and walks
the pages they can reach from the front page, following links as a person would (a few
of each kind of page), plus the reflection round pages and a participant's join page and
sheet. Only the text a person sees counts: scripts, attributes (`<time datetime=…>`,
`<input type=date value=…>`, links) and URLs written out are left out.

That the catalogue itself is complete (no empty or fuzzy entry) is
vogter/front/tests/test_translations.py's job; this test catches what it cannot see: a
string shown on a Danish page that never went through the catalogue, or a date, count or
percentage formatted by hand.
"""

import datetime
import functools
import re
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.front.demo_commons import COORDINATOR, DEMO_DOMAIN
from vogter.principles.actions import agreement as agreement_actions
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.models import Checkin, Round
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Workshop

pytestmark = pytest.mark.django_db

# The demo's people: admin, facilitator, manager (leder), union and work-environment
# representatives (tr, amr), a member (medarbejder) and the national coordinator.
PERSONAS = ("admin", "facilitator", "leder", "tr", "amr", "medarbejder", COORDINATOR)
PAGES_PER_KIND = 2  # of each view, the first pages found: what differs is the view's template
PAGES_AT_MOST = 120

# Not pages: files, feeds, JSON, the admin, the API and what changes state on a GET-looking link.
NOT_PAGES = re.compile(
    r"^/(admin|api|static|media|scim)/|/(export|events|paper\.pdf|state\.json|overview\.json|"
    r"release|save|submit)\b|\.(pdf|docx|csv|json|zip|png|svg|ics)$|^/accounts/(logout|language)/"
)

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
UTC = re.compile(r"\bUTC\b")
# "06:10" is English; Danish writes "kl. 06.10".
CLOCK_WITH_COLON = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?![\d:])")
WRITTEN_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|/[\w./-]*/")
# Danish nouns whose plural differs from the singular: after "1" the singular is due.
PLURALS = (
    "principper|deltagere|workshops|enheder|underenheder|runder|refleksionsrunder|dage|"
    "måneder|uger|timer|minutter|sekunder|personer|felter|temaer|niveauer|check-ins|"
    "medlemmer|kolleger|invitationer|underskrifter|versioner|ændringer|logposter|beskeder|"
    "organisationer|sessioner|handlinger|kommentarer|stemmer|konti|gange|faser|linjer|"
    "deltagerne|principperne|svarene|tokens|forslagene|skabeloner|grupper|afdelinger|ledere"
)
ONE_THEN_PLURAL = re.compile(rf"(?<![\d.,])\b1\s+({PLURALS})\b")
# The singulars of the same nouns after a number that is not one (and not a year or a clock).
SINGULARS = (
    "princip|deltager|workshop|enhed|runde|dag|måned|uge|minut|person|felt|tema|niveau|"
    "medlem|kollega|invitation|underskrift|version|ændring|logpost|besked|organisation|"
    "session|handling|kommentar|skabelon|gruppe|afdeling"
)
MANY_THEN_SINGULAR = re.compile(rf"(?<![\d.,:])\b(?:0|[2-9]|[1-9]\d{{1,2}})\s+({SINGULARS})\b(?!-)")
ENGLISH_PLURALS = (
    "principles|participants|workshops|units|rounds|days|months|weeks|people|themes|levels|"
    "check-ins|members|answers|invitations|signatures|versions|changes|entries|messages|"
    "organisations|comments|votes|tokens|charters|proposals|suggestions"
)
ENGLISH_ONE_THEN_PLURAL = re.compile(rf"(?<![\d.,])\b1\s+({ENGLISH_PLURALS})\b")
# "6:10 a.m." and "Dec. 6, 2026" are American; British English writes "06:10", "6 December 2026".
AMERICAN_TIME_OR_DATE = re.compile(r"\b[ap]\.m\.|\b[A-Z][a-z]{2}\. \d{1,2}, \d{4}\b")
# "67%" is English; Danish writes "67 %" (with a no-break space).
PERCENT_UNSPACED = re.compile(r"\d%")

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "da" / "LC_MESSAGES" / "django.po"


@functools.cache
def _english_interface_texts() -> frozenset[str]:
    """The catalogue's English texts that Danish says differently (four letters or more):
    one shown whole, outside anything marked `lang="en"`, on a Danish page went
    untranslated, or never went through the catalogue."""
    texts = set()
    for entry in polib.pofile(str(CATALOGUE)):
        for english in filter(None, (entry.msgid, entry.msgid_plural)):
            if "%" in english or "{" in english or len(english) < 4:
                continue
            danish = entry.msgstr or entry.msgstr_plural.get(0, "")
            if danish and danish != english:
                texts.add(_squeeze(english))
    return frozenset(texts)


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def text_pieces(html: str) -> list[tuple[str, str]]:
    """The page's text as a person sees it, one (text, language) per text node: no scripts,
    styles or templates, no attribute values, no URLs or e-mail addresses written out. The
    language is the nearest `lang`, so that text marked as English ("English" in the
    language switch, a principle written only in English) is known as such."""
    document = lxml.html.document_fromstring(html)
    for element in document.xpath("//script|//style|//template|//noscript"):
        element.drop_tree()
    pieces = []
    for text in document.xpath("//text()"):
        squeezed = _squeeze(WRITTEN_URL.sub(" ", str(text)))
        if not squeezed:
            continue
        holder = text.getparent()
        if text.is_tail and holder is not None:
            holder = holder.getparent()
        language = next((e.get("lang") for e in _up(holder) if e.get("lang")), "")
        pieces.append((squeezed, language.split("-")[0]))
    return pieces


def _up(element: lxml.html.HtmlElement | None) -> Iterator[lxml.html.HtmlElement]:
    while element is not None:
        yield element
        element = element.getparent()


def visible_text(html: str) -> list[str]:
    return [text for text, _language in text_pieces(html)]


def problems(pieces: list[tuple[str, str]], english: frozenset[str]) -> list[str]:
    """What is wrong with a Danish page's text, in the words of the glossary."""
    found = []
    whole = " ".join(text for text, _language in pieces)
    for pattern, what in (
        (ISO_DATE, "ISO date"),
        (UTC, "UTC (say Danish time)"),
        (CLOCK_WITH_COLON, 'clock with a colon ("kl. 06.10")'),
        (ONE_THEN_PLURAL, "plural after 1"),
        (MANY_THEN_SINGULAR, "singular after a number"),
        (PERCENT_UNSPACED, 'percent without a space ("67 %")'),
    ):
        found += [f"{what}: …{_around(whole, m)}…" for m in pattern.finditer(whole)]
    found += [
        f"English: {text!r}" for text, language in pieces if text in english and language == "da"
    ]
    return found


def _around(text: str, match: re.Match[str]) -> str:
    return text[max(0, match.start() - 30) : match.end() + 30]


def test_the_rules_find_what_a_danish_page_must_not_say() -> None:
    english = frozenset({"Save changes", "English"})
    page = (
        '<html lang="da"><head><script>var d = "2026-12-06";</script></head><body>'
        '<time datetime="2026-12-06T05:10:00Z">6. december 2026 kl. 06.10</time>'
        '<a href="/o/x/2026-12-06/">3 principper</a><input type="date" value="2026-12-06">'
        "<p>Åben til 6. december 2026. 67 % har tjekket ind, 2 svar, 1 svar, 1 princip.</p>"
        '<button lang="en">English</button><p lang="en">Save changes</p>'
        "</body></html>"
    )
    assert problems(text_pieces(page), english) == []
    for wrong in (
        "Udskrevet 2026-12-06 05:10",
        "kl. 05.10 UTC",
        "7. december 2026 02:06",
        "1 principper",
        "1 deltagere",
        "3 princip",
        "67% har tjekket ind",
        "Save changes",
    ):
        assert problems(text_pieces(f'<html lang="da"><p>{wrong}</p></html>'), english), wrong


def _seed() -> None:
    """The demo, with a reflection round open and a closed one with enough check-ins for
    its figures to show, and the workshop that drafts principles through an agreement
    round whose results are shown (shares: "83 %")."""
    call_command("demo", stdout=StringIO())
    _agree(Workshop.objects.get(title="AI i lægesekretariatet"))
    charter = Charter.objects.get(unit__name="Sekretariatet")
    admin = User.objects.get(email=f"admin@{DEMO_DOMAIN}")
    today = datetime.date.today()
    closed = Round.objects.create(
        charter=charter,
        version_number=1,
        kind="scheduled",
        opens_on=today - datetime.timedelta(days=40),
        closes_on=today - datetime.timedelta(days=26),
    )
    Checkin.objects.bulk_create(
        Checkin(round=closed, productivity=4, wellbeing=3 + i % 2, meaningfulness=5 - i % 3)
        for i in range(7)
    )
    round_actions.open_round(admin, charter, kind="scheduled")


def _agree(workshop: Workshop) -> None:
    facilitator = User.objects.get(email=f"facilitator@{DEMO_DOMAIN}")
    workshop_actions.set_phase(facilitator, workshop, "agreement")
    agreement = agreement_actions.open_round(facilitator, workshop)
    codes = list(agreement.items.values_list("principle__code", flat=True))
    for number in range(6):
        ballot = {code: ("agree", f"Kommentar {number}") for code in codes}
        agreement_actions.cast_ballot(sheet_actions.join(workshop).sheet, agreement, ballot)
    agreement_actions.reveal_round(facilitator, agreement)


def _start_pages(persona: str) -> list[str]:
    pages = ["/"]
    if persona in ("admin", "facilitator"):
        pages += [
            f"/o/{r.charter.organisation.code}/reflection/{r.code}/" for r in Round.objects.all()
        ]
    return pages


def walk(client: Client, start: list[str]) -> Iterator[tuple[str, str]]:
    """(url, html) of the pages reachable from `start` by following links, at most
    PAGES_PER_KIND of each view."""
    queue, seen = list(start), set(start)
    per_view: dict[str, int] = {}
    visited = 0
    while queue and visited < PAGES_AT_MOST:
        url = queue.pop(0)
        try:
            view = resolve(urlsplit(url).path).view_name
        except Resolver404:
            continue
        if per_view.get(view, 0) >= PAGES_PER_KIND:
            continue
        response = client.get(url, follow=True)
        if response.status_code != 200 or "text/html" not in response.get("content-type", ""):
            continue
        per_view[view] = per_view.get(view, 0) + 1
        visited += 1
        html = response.content.decode()
        yield url, html
        for href in lxml.html.document_fromstring(html).xpath("//a/@href"):
            link = urlsplit(href)
            if link.scheme or link.netloc or not link.path.startswith("/"):
                continue
            target = link.path + (f"?{link.query}" if link.query else "")
            if target not in seen and not NOT_PAGES.search(link.path):
                seen.add(target)
                queue.append(target)


def _report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{url}\n  " + "\n  ".join(sorted(set(p))) for url, p in found.items())


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_danish_persona_sees_danish_dates_counts_and_words(persona: str) -> None:
    _seed()
    client = Client()
    client.force_login(User.objects.get(email=f"{persona}@{DEMO_DOMAIN}"))
    english = _english_interface_texts()
    found, walked = {}, 0
    for url, html in walk(client, _start_pages(persona)):
        walked += 1
        if wrong := problems(text_pieces(html), english):
            found[url] = wrong
    assert walked > 5
    if found:
        pytest.fail(_report(found), pytrace=False)


def test_a_participant_sees_danish_on_the_join_page_and_the_sheet() -> None:
    _seed()
    client = Client()
    english = _english_interface_texts()
    found = {}
    for workshop in Workshop.objects.exclude(phase="closed"):
        join = f"/j/{workshop.join_code}/"
        pages = [(join, client.get(join))]
        pages.append((join + "sheet/", client.post(join, follow=True)))
        pages.append((join + "agreement/", client.get(join + "agreement/")))
        for url, response in pages:
            if response.status_code == 200 and (
                wrong := problems(text_pieces(response.content.decode()), english)
            ):
                found[url] = wrong
    if found:
        pytest.fail(_report(found), pytrace=False)


def test_an_english_admin_sees_british_dates_and_counts() -> None:
    """The same walk in English: "6 December 2026, 06:10", never ISO, UTC or American."""
    _seed()
    admin = User.objects.get(email=f"admin@{DEMO_DOMAIN}")
    admin.language = "en"
    admin.save(update_fields=["language"])
    client = Client()
    client.force_login(admin)
    found = {}
    for url, html in walk(client, _start_pages("admin")):
        whole = " ".join(visible_text(html))
        wrong = [
            f"{what}: …{_around(whole, m)}…"
            for pattern, what in (
                (ISO_DATE, "ISO date"),
                (UTC, "UTC"),
                (ENGLISH_ONE_THEN_PLURAL, "plural after 1"),
                (AMERICAN_TIME_OR_DATE, "American date or time"),
            )
            for m in pattern.finditer(whole)
        ]
        if wrong:
            found[url] = wrong
    if found:
        pytest.fail(_report(found), pytrace=False)
