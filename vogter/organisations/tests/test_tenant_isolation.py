"""Another organisation's pages answer exactly as if they did not exist.

The cases are generated from the URL configuration, so a page added later is
checked without anyone remembering to add it here: a route with a parameter
this module does not know fails until it is taught how to fill it in.
"""

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern

from conftest import World, with_url_codes
from vogter.accounts.models import User
from vogter.charters.actions import adoption as adoption_actions
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import signatures as signature_actions
from vogter.charters.models import Charter, CharterCell, CharterPrinciple, CharterVersion
from vogter.directory.actions.tokens import issue_scim_token
from vogter.organisations.actions import invitations as invitation_actions
from vogter.organisations.models import Invitation, Membership, Organisation, Unit
from vogter.principles.actions import agreement as agreement_actions
from vogter.principles.actions import principles as principle_actions
from vogter.principles.actions import themes as theme_actions
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.models import AgreedAction, Checkin, Round
from vogter.sso.actions import rules as sso_rule_actions
from vogter.sso.models import ClaimRule, SignInDomain, SignInPolicy
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.actions import templates as template_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Entry, Workshop

pytestmark = pytest.mark.django_db

PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
ORG_PARAMS = {
    "org",
    "unit_code",
    "member",
    "invitation",
    "workshop_code",
    "template_code",
    "card",
    "theme_code",
    "principle_code",  # a workshop's
    "principle",  # a charter's
    "level",
    "number",
    "code",  # a charter's, in the pages
    "charter_code",  # a charter's, in the API
    "round",  # a reflection round's, in the API (in the pages: <code>)
    "action",  # the number of an action within its round, in the API
    "proposal",  # a proposal from a unit below, in the API (in the pages: a form field)
    "token_code",  # a SCIM token's
    "rule_code",  # a sign-in claim rule's
    "domain_code",  # a sign-in domain's
}
# Routes with parameters that no organisation owns, and why that is safe.
UNSCOPED = {
    "invitation/<str:token>/": "the unguessable invitation token is the credential",
    "accounts/password-reset/<uidb64>/<token>/": "Django's signed password-reset link",
    "accounts/tokens/<str:code>/revoke/": "looked up among the person's own tokens only",
    # The SCIM token names the organisation; ids are looked up within it only
    # (vogter/directory/tests/test_scim_users.py: another organisation's token gets 404).
    "scim/v2/Users/<str:code>": "looked up in the SCIM token's organisation only",
    "scim/v2/Groups/<str:code>": "looked up in the SCIM token's organisation only",
    "scim/v2/ResourceTypes/<str:name>": "fixed documents, no tenant data",
    "scim/v2/Schemas/<str:urn>": "fixed documents, no tenant data",
    # A workshop's join code is public (it is on the projector); the sheet behind it
    # opens only with the participant's own secret token, kept in their browser.
    "j/<str:join_code>/": "public join page",
    "j/<str:join_code>/sheet/": "the sheet of the browser's own token",
    "j/<str:join_code>/save": "the sheet of the browser's own token",
    "j/<str:join_code>/submit": "the sheet of the browser's own token",
    "j/<str:join_code>/events": "phase changes only, no answers",
    "j/<str:join_code>/resume/": "the short resume code is the credential",
    "j/<str:join_code>/resume/new/": "the sheet of the browser's own token",
    "j/<str:join_code>/agreement/": "the sheet of the browser's own token",
    "j/<str:join_code>/propose/": "the sheet of the browser's own token",
    "j/<str:join_code>/r/<str:token>/": "the sheet token is the credential",
    "j/<str:join_code>/outcome/": "the sheet of the browser's own token",
    "j/<str:join_code>/ask-again/": "the sheet of the browser's own token; keeps an address",
    "api/worksheets/me/fields/<field>": "a field of the sheet whose token authenticates",
    # A charter's share link: the unguessable token (only its fingerprint is stored) is
    # the credential, and revoking or replacing the link makes it a plain 404.
    "c/<str:token>/": "the charter's share token is the credential",
    "c/<str:token>/print/": "the charter's share token is the credential",
    "tjek/<str:token>/": "a personal check-in link is the credential",
    "tjek/stop/<str:token>/": "the token in a contact's reminder is the credential",
    # A round's check-in: behind login, and only for the members placed in the round's
    # charter's unit or below it; anyone else, in any organisation, gets a plain 404.
    "r/<str:code>/": "login-only, for the members of the round's unit",
    # The national commons: what organisations published on purpose, anonymised, read by
    # the national coordinators and the facilitators of every organisation; templates
    # belong to the installation and are changed by coordinators only.
    "national/publications/<str:code>/": "published to the commons on purpose, anonymised",
    "national/templates/<str:code>/": "the installation's templates, for coordinators only",
    "api/commons/publications/<publication>": "published to the commons on purpose, anonymised",
    "api/commons/templates/<template>": "the installation's templates, for coordinators only",
    "api/checkin-links/<token>": "a personal check-in link: its unguessable token is the key",
}
UNKNOWN = "zzzzzzzzzzzz"
CODE = re.compile(r"[23456789abcdefghjkmnpqrstuvwxyz]{12}")


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Any, bool]]:
    for p in patterns:
        regex = isinstance(p.pattern, RegexPattern)
        if isinstance(p, URLResolver):
            for route, callback, nested_regex in _walk(p.url_patterns, prefix + str(p.pattern)):
                yield route, callback, regex or nested_regex
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback, regex


def _routes() -> dict[str, tuple[Any, bool]]:
    routes: dict[str, tuple[Any, bool]] = {}
    for route, callback, regex in _walk(get_resolver().url_patterns):
        if not route.startswith("admin/"):  # Django's admin: staff only, not tenant data
            routes.setdefault(route, (callback, regex))
    return routes


def _is_api(callback: Any) -> bool:
    return "PathView" in getattr(callback, "__qualname__", "")


ROUTES = _routes()
PAGE_ROUTES = sorted(
    r for r, (cb, _) in ROUTES.items() if "org" in PARAM.findall(r) and not _is_api(cb)
)
API_ROUTES = sorted(r for r, (cb, _) in ROUTES.items() if "org" in PARAM.findall(r) and _is_api(cb))


def _workshop_and_card(world: World, organisation: Organisation, unit: Unit) -> dict[str, str]:
    """A workshop in the agreement phase with a card, a theme, a principle and round 1."""
    admin = world.alice if organisation == world.havneby else world.olga
    workshop = workshop_actions.create_workshop(
        admin,
        organisation,
        unit=unit,
        title="Værksted",
        date=datetime.date(2026, 11, 27),
        language="da",
    )
    sheet = sheet_actions.join(workshop).sheet
    card = sheet_actions.save_entry(sheet, "q1", "Tid til det vigtige", 1)
    workshop_actions.set_phase(admin, workshop, "reflect")
    workshop_actions.set_phase(admin, workshop, "themes")
    theme = theme_actions.new_theme(admin, workshop, "q1", "Tid", [str(card.id)])
    workshop_actions.set_phase(admin, workshop, "principles")
    principle = principle_actions.create_principle(admin, workshop, statement_da="bruger tiden")
    workshop_actions.set_phase(admin, workshop, "agreement")
    agreement_actions.open_round(admin, workshop)
    return {
        "workshop": workshop.code,
        "card": str(card.id),
        "theme": theme.code,
        "principle": principle.code,
        "template": template_actions.create_template(
            admin, organisation, name="Team", title_pattern="AI i {unit}", language="da"
        ).code,
    }


def _with_charter(
    world: World, organisation: Organisation, unit: Unit, values: dict[str, str]
) -> dict[str, str]:
    """A draft charter (version 1) with the workshop's principle."""
    admin = world.alice if organisation == world.havneby else world.olga
    workshop = Workshop.objects.get(code=values["workshop"])
    charter = draft_actions.create_charter(
        admin, organisation, unit=unit, title="Principsæt", workshops=[workshop]
    )
    return {
        **values,
        "code": charter.code,
        "charter_principle": charter.principles.get().code,
        **_round(admin, organisation, unit, workshop),
    }


def _round(
    admin: User, organisation: Organisation, unit: Unit, workshop: Workshop
) -> dict[str, str]:
    """A reflection round on a second charter of the workshop's, adopted."""
    signature_actions.set_required_roles(admin, organisation, ["committee"])
    charter = draft_actions.create_charter(
        admin, organisation, unit=unit, title="Vedtaget", workshops=[workshop]
    )
    adoption_actions.propose(admin, charter)
    signature_actions.sign(admin, charter, "committee")
    adoption_actions.adopt(admin, charter)
    reflection = round_actions.open_round(admin, charter, event="incident")
    return {"round": reflection.code}


def _for(route: str, values: dict[str, str]) -> dict[str, str]:
    """The values for one route: under a charter, <principle> is one of the charter's;
    under a reflection round, <code> is the round's."""
    if "/charters/<str:code>/" in route:
        return {**values, "principle": values["charter_principle"]}
    if route.startswith("o/<str:org>/reflection/<str:code>/"):
        return {**values, "code": values["round"]}
    return values


def _values(world: World) -> dict[str, str]:
    invitation = invitation_actions.invite(world.alice, world.havneby)
    values = {
        "org": world.havneby.code,
        "unit": world.web_team.code,
        "member": world.membership(world.mads).code,
        **_sign_in(world),
        "invitation": invitation.code,
        **_workshop_and_card(world, world.havneby, world.unit),
        # Not codes but names within the workshop or charter: the same in every organisation.
        "level": "individual",
        "number": "1",
        "token_code": issue_scim_token(world.alice, world.havneby, "Entra ID")[0].code,
    }
    return with_url_codes(_with_charter(world, world.havneby, world.unit, values))


def _fill(route: str, values: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            pytest.fail(f"{route}: teach this test how to fill in <{name}>")
        return values[name]

    return "/" + PARAM.sub(one, route)


def _sign_in(world: World) -> dict[str, str]:
    """A sign-in domain and a claim rule of Havneby's (docs/sso.md)."""
    domain = sso_rule_actions.add_domain(world.alice, world.havneby, "havneby.example")
    rule = sso_rule_actions.add_rule(
        world.alice, world.havneby, claim="groups", value="vogter", unit=world.unit
    )
    return {"rule_code": rule.code, "domain_code": domain.code}


def _state(world: World) -> tuple[Any, ...]:
    return (
        sorted(ClaimRule.objects.values_list("code", "position", "value")),
        sorted(SignInDomain.objects.values_list("code", "domain")),
        sorted(SignInPolicy.objects.values_list("organisation", "local_passwords_off")),
        Organisation.objects.get(pk=world.havneby.pk).name,
        sorted(
            Unit.objects.filter(organisation=world.havneby).values_list("code", "name", "parent")
        ),
        sorted(Membership.objects.filter(organisation=world.havneby).values_list("code", "role")),
        sorted(Invitation.objects.filter(revoked_at__isnull=True).values_list("code", flat=True)),
        sorted(Workshop.objects.values_list("code", "title", "phase", "answers_revealed")),
        sorted(Entry.objects.values_list("text", "hidden")),
        sorted(Charter.objects.values_list("code", "title", "share_hash")),
        sorted(CharterVersion.objects.values_list("charter", "number", "status")),
        sorted(CharterPrinciple.objects.values_list("code", "statement_da", "position")),
        sorted(CharterCell.objects.values_list("principle", "level", "text")),
        sorted(Round.objects.values_list("code", "kind", "opens_on")),
        sorted(AgreedAction.objects.values_list("description", "done", "follow_up")),
        Checkin.objects.count(),
    )


def _refused(response: HttpResponse, method: str) -> bool:
    """404, or 405 from a route that never takes this method, whoever asks."""
    if response.status_code == 405:
        return method not in response["Allow"]
    return response.status_code == 404


def test_every_route_with_parameters_is_known_to_this_test() -> None:
    assert PAGE_ROUTES, "no organisation pages found: is the URL walk broken?"
    for route, (_callback, regex) in ROUTES.items():
        params = set(PARAM.findall(route))
        if not params and not regex:
            continue
        assert not regex, f"{route}: write it with path(), so this test can read its parameters"
        if "org" in params:
            assert params <= ORG_PARAMS, f"{route}: unknown {params - ORG_PARAMS}; fill it in"
        else:
            assert route in UNSCOPED, f"{route} has parameters but no <org>: is it tenant data?"


def test_every_organisation_route_of_the_api_is_in_the_schema(client: Client) -> None:
    paths = set(client.get("/api/openapi.json").json()["paths"])
    assert API_ROUTES
    for route in API_ROUTES:
        assert "/" + re.sub(r"<(\w+)>", r"{\1}", route) in paths, route


@pytest.mark.parametrize("route", PAGE_ROUTES)
def test_outsider_gets_404_on_every_organisation_page(
    route: str, world: World, olga_client: Client, alice_client: Client
) -> None:
    url = _fill(route, _for(route, _values(world)))
    # The codes are real: Havneby's own admin is not told "not found".
    assert alice_client.get(url).status_code != 404, url
    before = _state(world)
    for method in ("GET", "POST"):
        response = olga_client.generic(method, url)
        assert _refused(response, method), f"{method} {url}: {response.status_code}"
    assert _state(world) == before


@pytest.mark.parametrize("route", PAGE_ROUTES)
def test_unknown_codes_get_the_same_404_as_other_organisations_codes(
    route: str, world: World, olga_client: Client, alice_client: Client
) -> None:
    values = _for(route, _values(world))
    url = _fill(route, values)
    method = "GET" if olga_client.get(url).status_code == 404 else "POST"
    theirs = olga_client.generic(method, url)
    assert theirs.status_code == 404
    for name in PARAM.findall(route):
        unknown = alice_client.generic(method, _fill(route, {**values, name: UNKNOWN}))
        assert (unknown.status_code, unknown.content) == (theirs.status_code, theirs.content), name
    # Codes from Olga's own organisation, used inside Havneby's URLs, are just as unknown.
    fjordby = _for(
        route,
        with_url_codes(
            _with_charter(
                world,
                world.fjordby,
                world.fjordby_unit,
                {
                    "org": world.fjordby.code,
                    "unit": world.fjordby_unit.code,
                    "member": world.membership(world.olga, world.fjordby).code,
                    "invitation": invitation_actions.invite(world.olga, world.fjordby).code,
                    **_workshop_and_card(world, world.fjordby, world.fjordby_unit),
                },
            ),
        ),
    )
    for name in set(PARAM.findall(route)) & set(fjordby) - {"org"}:
        mixed = alice_client.generic(method, _fill(route, {**values, name: fjordby[name]}))
        assert (mixed.status_code, mixed.content) == (404, theirs.content), name


def test_a_national_coordinator_sees_no_organisation_page_even_of_a_published_charter(
    world: World, nina_client: Client
) -> None:
    from vogter.commons.actions import publish

    values = _values(world)
    adopted = Charter.objects.get(organisation=world.havneby, title="Vedtaget")
    publish(world.alice, adopted, sector="culture", size_band="50-249", share_reflection=True)
    before = _state(world)
    for route in PAGE_ROUTES:
        url = _fill(route, _for(route, values))
        for method in ("GET", "POST"):
            response = nina_client.generic(method, url)
            assert _refused(response, method), f"{method} {url}: {response.status_code}"
    assert _state(world) == before


def test_anonymous_visitors_are_sent_to_log_in(client: Client, world: World) -> None:
    values = _values(world)  # once, as for the coordinator: a set per route cost seconds
    for route in PAGE_ROUTES:
        response = client.get(_fill(route, _for(route, values)))
        assert response.status_code in (302, 405), route
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/?next="), route


def test_urls_carry_random_codes_never_sequential_ids(alice_client: Client, world: World) -> None:
    invitation_actions.invite(world.alice, world.havneby)
    objects = [
        world.havneby,
        world.fjordby,
        *Unit.objects.all(),
        *Membership.objects.all(),
        *Invitation.objects.all(),
        world.alice,
    ]
    codes = {obj.code for obj in objects}
    assert all(CODE.fullmatch(code) for code in codes), codes
    assert len(codes) == len(objects)

    org = world.havneby.code
    pages = [f"/o/{org}/", f"/o/{org}/units/", f"/o/{org}/people/"]
    pages += [
        f"/o/{org}/units/{world.web_team.code}/",
        f"/o/{org}/people/{world.membership(world.mads).code}/",
    ]
    seen = set()
    for page in pages:
        html = alice_client.get(page).content.decode()
        for link in re.findall(r'(?:href|action)="(/o/[^"]+)"', html):
            match = resolve(link)
            seen.add(match.url_name)
            for name, value in match.kwargs.items():
                assert value in codes, f"{link}: <{name}> is {value!r}, not a code"
    assert {"units", "people", "edit_unit", "edit_member", "revoke_invitation"} <= seen
