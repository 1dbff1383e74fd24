"""Every page and API operation that shows a figure about what people answered or chose
takes it from vogter/disclosure (docs/disclosure.md, "Every surface goes through here").

The GET routes and operations come from the URL configuration and /api/openapi.json, as in
the access matrix (tests/test_access_matrix.py, whose prepared world this reuses). Each must
be in FIGURES or in NO_FIGURES below: a new one fails `test_every_route_is_classified` until
someone decides. Each in FIGURES is then called, as someone who may see it, in a world where
it has something to show, and must have taken at least one decision in vogter/disclosure
(`disclosure.surfaces` counts them on the request's thread).
"""

import copy
import datetime

import pytest
from django.db import transaction
from django.test import Client
from pytest_django.fixtures import Settings

from conftest import World
from tests.test_access_matrix import (
    ADMIN,
    ANONYMOUS,
    COORDINATOR,
    PARTICIPANT,
    Case,
    _cases,
    _prepare,
)
from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.disclosure import surfaces
from vogter.principles.actions import agreement as agreement_actions
from vogter.principles.models import AgreementRound
from vogter.reflection.models import Round

pytestmark = pytest.mark.django_db

# Shows figures about people: who may see them.
FIGURES: dict[str, str] = {
    "page o/<str:org>/ai-literacy/": ADMIN,
    "page o/<str:org>/charters/<str:code>/reflection/": ADMIN,  # trends across rounds
    "page o/<str:org>/reflection/<str:code>/": ADMIN,
    "page o/<str:org>/reflection/<str:code>/export/": ADMIN,
    "page o/<str:org>/reflection/<str:code>/meeting/": ADMIN,
    "page o/<str:org>/units/<str:unit_code>/reflection/": ADMIN,
    "page o/<str:org>/units/<str:unit_code>/reflection/csv/": ADMIN,
    "page o/<str:org>/workshops/<str:workshop_code>/agreement/": ADMIN,
    "page o/<str:org>/workshops/<str:workshop_code>/agreement/present/": ADMIN,
    "page o/<str:org>/workshops/<str:workshop_code>/board/": ADMIN,  # professions
    "page o/<str:org>/workshops/<str:workshop_code>/board/events": ADMIN,  # its snapshot
    "page o/<str:org>/workshops/<str:workshop_code>/board/overview.json": ADMIN,
    "page o/<str:org>/workshops/<str:workshop_code>/board/state.json": ADMIN,
    "page o/<str:org>/workshops/<str:workshop_code>/export/csv/": ADMIN,
    "page o/<str:org>/workshops/<str:workshop_code>/export/json/": ADMIN,
    "page o/<str:org>/workshops/<str:workshop_code>/export/xlsx/": ADMIN,
    "page j/<str:join_code>/agreement/": PARTICIPANT,
    "page national/": COORDINATOR,
    "api /api/organisations/{org}/workshops/{workshop_code}/board": ADMIN,
    "api /api/organisations/{org}/workshops/{workshop_code}/board/overview": ADMIN,
    "api /api/organisations/{org}/workshops/{workshop_code}/export": ADMIN,
    "api /api/organisations/{org}/workshops/{workshop_code}/agreement/rounds": ADMIN,
    "api /api/organisations/{org}/workshops/{workshop_code}/agreement/rounds/{number}": ADMIN,
    "api /api/organisations/{org}/charters/{charter_code}/trends": ADMIN,
    "api /api/organisations/{org}/reflection/{round}": ADMIN,
    "api /api/organisations/{org}/reflection/{round}/export": ADMIN,
    "api /api/organisations/{org}/units/{unit_code}/reflection": ADMIN,
    "api /api/commons/dashboard": COORDINATOR,
    "api /api/worksheets/me/agreement": PARTICIPANT,
}

# Shows no figure about what people answered or chose: forms, texts, documents, the
# answers themselves (anonymous, as written), participation counts (docs/disclosure.md).
NO_FIGURES: set[str] = {
    *(
        f"page {route}"
        for route in (
            "",
            # Directory sync: named people and units for admins and the provider, no counts.
            "o/<str:org>/directory/",
            "o/<str:org>/directory/import/",
            "o/<str:org>/directory/tokens/<str:token_code>/revoke/",
            "scim/v2/Groups",
            "scim/v2/Groups/<str:code>",
            "scim/v2/ResourceTypes",
            "scim/v2/ResourceTypes/<str:name>",
            "scim/v2/Schemas",
            "scim/v2/Schemas/<str:urn>",
            "scim/v2/ServiceProviderConfig",
            "scim/v2/Users",
            "scim/v2/Users/<str:code>",
            "accounts/language/",
            "accounts/login/",
            "accounts/notifications/",  # one's own switches
            "accounts/logout/",
            "accounts/password-reset/",
            "accounts/password-reset/<uidb64>/<token>/",
            "accounts/password-reset/done/",
            "accounts/password-reset/sent/",
            "accounts/profile/",
            "accounts/profile/data/",
            "accounts/profile/delete/",
            "accounts/signup/",
            "sso/callback/",
            "sso/login/",
            "sso/logout/",
            "accounts/tokens/<str:code>/revoke/",
            "accounts/tokens/new/",
            "admin/",
            "api/",
            "api/docs",
            "api/openapi.json",
            "c/<str:token>/",
            "c/<str:token>/print/",  # the shared charter as PDF: no figures
            "healthz",
            "invitation/<str:token>/",
            "j/",
            "j/<str:join_code>/",
            "j/<str:join_code>/events",  # the phase
            "j/<str:join_code>/outcome/",  # the adopted charter
            "j/<str:join_code>/ask-again/",  # a form for an e-mail address
            "j/<str:join_code>/propose/",
            "j/<str:join_code>/r/<str:token>/",
            "j/<str:join_code>/resume/",
            "j/<str:join_code>/resume/new/",
            "j/<str:join_code>/save",
            "j/<str:join_code>/sheet/",
            "j/<str:join_code>/submit",
            "national/publications/<str:code>/",  # a charter's text
            "national/search/",
            "national/templates/",
            "national/templates/<str:code>/",
            "o/<str:org>/",  # how many members: participation
            "o/<str:org>/charters/",
            "o/<str:org>/charters/<str:code>/",
            "o/<str:org>/charters/<str:code>/cascade/",
            "o/<str:org>/charters/<str:code>/do/",
            "o/<str:org>/charters/<str:code>/export/",
            "o/<str:org>/charters/<str:code>/principles/<str:principle>/",
            "o/<str:org>/charters/<str:code>/versions/<int:number>/",
            "o/<str:org>/charters/<str:code>/versions/<int:number>/changes/",
            "o/<str:org>/charters/overview/",
            "o/<str:org>/charters/signoff/",
            "o/<str:org>/commons/",
            "o/<str:org>/commons/templates/",
            "o/<str:org>/invitations/<str:invitation>/confirm/",
            "o/<str:org>/invitations/<str:invitation>/revoke/",
            "o/<str:org>/people/",
            "o/<str:org>/people/<str:member>/",
            "o/<str:org>/people/<str:member>/remove/",
            "o/<str:org>/settings/",
            "o/<str:org>/sign-in/",
            "o/<str:org>/sign-in/domains/<str:domain_code>/remove/",
            "o/<str:org>/sign-in/rules/<str:rule_code>/delete/",
            "o/<str:org>/sign-in/rules/<str:rule_code>/move/",
            # The audit log: who did what, one entry at a time; counts of things, not people.
            "o/<str:org>/audit/",
            "o/<str:org>/audit/export/",
            "o/<str:org>/units/",
            "o/<str:org>/units/<str:unit_code>/",
            "o/<str:org>/units/<str:unit_code>/delete/",
            "o/<str:org>/workshops/",
            # Joined and submitted, and sheets with nothing written yet: participation.
            "o/<str:org>/workshops/<str:workshop_code>/",
            "o/<str:org>/workshops/<str:workshop_code>/present/",  # the same counts, larger
            "o/<str:org>/workshops/<str:workshop_code>/timer/",
            "o/<str:org>/workshops/<str:workshop_code>/timings/",
            "o/<str:org>/workshops/<str:workshop_code>/agreement/<int:number>/close/",
            "o/<str:org>/workshops/<str:workshop_code>/agreement/<int:number>/reveal/",
            "o/<str:org>/workshops/<str:workshop_code>/agreement/open/",
            "o/<str:org>/workshops/<str:workshop_code>/board/release",  # sends a batch of cards
            "o/<str:org>/workshops/<str:workshop_code>/cards/<str:card>/hide/",
            # The card's own text (as the board shows it); a count of sheets removed.
            "o/<str:org>/workshops/<str:workshop_code>/cards/<str:card>/remove/",
            # Held answers as written, what was found in them; the decision on one.
            "o/<str:org>/workshops/<str:workshop_code>/check/",
            "o/<str:org>/workshops/<str:workshop_code>/cards/<str:card>/check/",
            "o/<str:org>/workshops/<str:workshop_code>/sheets/remove-empty/",
            "o/<str:org>/workshops/<str:workshop_code>/edit/",
            "o/<str:org>/workshops/<str:workshop_code>/copy/",  # settings only
            "o/<str:org>/workshops/templates/",
            "o/<str:org>/workshops/templates/<str:template_code>/",
            "o/<str:org>/workshops/templates/<str:template_code>/delete/",
            "o/<str:org>/workshops/templates/<str:template_code>/use/",
            "o/<str:org>/workshops/<str:workshop_code>/import/",
            "o/<str:org>/workshops/<str:workshop_code>/paper.pdf",
            "o/<str:org>/reflection/<str:code>/slips/",  # a form, then slips with links
            "o/<str:org>/workshops/<str:workshop_code>/phase/",
            "o/<str:org>/workshops/<str:workshop_code>/principles/",
            "o/<str:org>/workshops/<str:workshop_code>/principles/<str:principle_code>/",
            "o/<str:org>/workshops/<str:workshop_code>/principles/<str:principle_code>/move/",
            "o/<str:org>/workshops/<str:workshop_code>/principles/<str:principle_code>/withdraw/",
            "o/<str:org>/workshops/<str:workshop_code>/principles/assist/",
            "o/<str:org>/workshops/<str:workshop_code>/principles/matrix/",
            "o/<str:org>/workshops/<str:workshop_code>/reveal/",
            "o/<str:org>/workshops/<str:workshop_code>/themes/",  # the answers, grouped
            "o/<str:org>/workshops/<str:workshop_code>/themes/<str:theme_code>/delete/",
            "o/<str:org>/workshops/<str:workshop_code>/themes/<str:theme_code>/merge/",
            "o/<str:org>/workshops/<str:workshop_code>/themes/<str:theme_code>/rename/",
            "o/<str:org>/workshops/<str:workshop_code>/themes/assist/",
            "o/<str:org>/workshops/<str:workshop_code>/themes/assist/group/",
            "o/<str:org>/workshops/<str:workshop_code>/themes/assist/group/accept/",
            "o/<str:org>/workshops/<str:workshop_code>/themes/move/",
            "o/<str:org>/workshops/<str:workshop_code>/themes/suggest/",
            "o/new/",
            "r/<str:code>/",
            "tjek/<str:token>/",  # the check-in through a personal link
            "tjek/stop/<str:token>/",  # a contact stops the reminders
        )
    ),
    *(
        f"api {path}"
        for path in (
            "/api/me",
            "/api/me/data",
            "/api/me/notifications",
            "/api/organisations",
            "/api/organisations/{org}",
            "/api/organisations/{org}/units",
            "/api/organisations/{org}/sign-in",
            "/api/organisations/{org}/units/{unit_code}",
            "/api/organisations/{org}/memberships",
            "/api/organisations/{org}/audit",
            "/api/organisations/{org}/audit/export",
            "/api/organisations/{org}/memberships/{member}/data",
            "/api/organisations/{org}/invitations",
            "/api/organisations/{org}/directory/scim-tokens",
            "/api/organisations/{org}/workshops",
            "/api/organisations/{org}/workshop-templates",
            "/api/organisations/{org}/workshop-templates/{template_code}",
            "/api/organisations/{org}/workshops/{workshop_code}",
            "/api/organisations/{org}/workshops/{workshop_code}/timer",
            "/api/organisations/{org}/workshops/{workshop_code}/paper.pdf",
            "/api/organisations/{org}/workshops/{workshop_code}/check",  # held answers
            "/api/organisations/{org}/workshops/{workshop_code}/themes",
            "/api/organisations/{org}/workshops/{workshop_code}/principles",
            "/api/organisations/{org}/workshops/{workshop_code}/principles/coverage",
            "/api/organisations/{org}/workshops/{workshop_code}/principles/{principle_code}",
            "/api/organisations/{org}/charters/signoff",
            "/api/organisations/{org}/charters",
            "/api/organisations/{org}/charters/{charter_code}",
            "/api/organisations/{org}/charters/{charter_code}/versions",
            "/api/organisations/{org}/charters/{charter_code}/versions/{number}",
            "/api/organisations/{org}/charters/{charter_code}/versions/{number}/changes",
            "/api/organisations/{org}/charters/{charter_code}/export",
            "/api/organisations/{org}/charters/{charter_code}/cascade",
            "/api/organisations/{org}/commons",
            "/api/organisations/{org}/charters/{charter_code}/publication/preview",
            "/api/organisations/{org}/charters/{charter_code}/rounds",  # check-ins: participation
            "/api/organisations/{org}/charters/{charter_code}/schedule",
            "/api/organisations/{org}/reflection/{round}/checkin",
            "/api/checkin-links/{token}",
            # Who has checked in: participation, never what anyone answered.
            "/api/organisations/{org}/reflection/{round}/participation",
            "/api/commons/search",
            "/api/commons/publications/{publication}",
            "/api/commons/templates",
            "/api/worksheets/me",
        )
    ),
}


def _key(case: Case) -> str:
    return f"{case.kind} {case.route}"


def _get_cases(world: World, nina: User) -> tuple[list[Case], dict[str, Client], dict[str, Client]]:
    prepared = _prepare(world, nina)
    values = prepared.values
    # Something to show: the agreement round revealed, the reflection round closed, and the
    # reflection routes on the adopted charter.
    agreement = AgreementRound.objects.get(workshop__code=values["workshop"], number=1)
    agreement_actions.reveal_round(world.fiona, agreement)
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    Round.objects.filter(code=values["round"]).update(
        opens_on=yesterday - datetime.timedelta(days=7), closes_on=yesterday
    )
    adopted = Charter.objects.get(code=values["adopted_charter"])
    cases = []
    for case in _cases(prepared.api[ANONYMOUS], {**values}):
        if case.method != "GET":
            continue
        if "/trends" in case.url or case.url.endswith("/reflection/"):
            case.url = case.url.replace(values["charter"], adopted.code)
        cases.append(case)
    return cases, prepared.pages, prepared.api


def test_every_route_is_classified(world: World, nina: User, settings: Settings) -> None:
    settings.LIVE_BOUNDED_STREAMS = True
    cases, _pages, _api = _get_cases(world, nina)
    keys = {_key(c) for c in cases}
    unclassified = sorted(keys - set(FIGURES) - NO_FIGURES)
    assert not unclassified, (
        f"say in {__file__} whether these show figures about people (FIGURES, and then "
        f"they must go through vogter/disclosure) or not (NO_FIGURES): {unclassified}"
    )
    both = sorted(set(FIGURES) & NO_FIGURES)
    assert not both, both
    stale = sorted((set(FIGURES) | NO_FIGURES) - keys)
    assert not stale, f"rows for routes that no longer exist: {stale}"


def _decisions_of(client: Client, case: Case) -> tuple[int, int]:
    """The call's status and how many decisions vogter/disclosure took for it (in a
    savepoint rolled back afterwards, with the client's cookies put back)."""
    cookies = copy.deepcopy(client.cookies)
    before = surfaces.decisions()
    try:
        with transaction.atomic():
            response = client.get(case.url)
            if response.streaming:
                # An event stream's snapshot and a file are made as they are read. The test
                # client closes the response once it is read, keeping the test's own
                # connection (inside its transaction) open.
                b"".join(response.streaming_content)  # type: ignore[attr-defined]
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return response.status_code, surfaces.decisions() - before


def test_every_surface_with_figures_decides_them_in_vogter_disclosure(
    world: World, nina: User, settings: Settings
) -> None:
    settings.LIVE_BOUNDED_STREAMS = True
    cases, pages, api = _get_cases(world, nina)
    failures = []
    for case in cases:
        persona = FIGURES.get(_key(case))
        if persona is None:
            continue
        client = (pages if case.kind == "page" else api)[persona]
        status, decided = _decisions_of(client, case)
        if status != 200 or not decided:
            failures.append(f"{_key(case)} as {persona}: {status}, {decided} decisions")
    assert not failures, "\n".join(failures)
