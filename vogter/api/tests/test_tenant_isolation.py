"""Every API operation on another organisation answers 404, as for a code that does not exist.

Generated from /api/openapi.json: an operation added later is called here too,
with a valid body built from its schema, and an unknown path parameter fails
the test until it is taught how to fill it in.
"""

import datetime
import json
import re
from typing import Any

import pytest
from django.test import Client

from conftest import World, with_url_codes
from vogter.accounts.models import User
from vogter.charters.actions import adoption as adoption_actions
from vogter.charters.actions import cascade as cascade_actions
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import editing as editing_actions
from vogter.charters.actions import signatures as signature_actions
from vogter.charters.models import Charter, CharterCell, CharterPrinciple, CharterVersion
from vogter.directory.actions.tokens import issue_scim_token
from vogter.organisations.actions import invitations as invitation_actions
from vogter.organisations.actions import memberships as membership_actions
from vogter.organisations.models import Invitation, Membership, Organisation, Unit
from vogter.principles.actions import agreement as agreement_actions
from vogter.principles.actions import principles as principle_actions
from vogter.principles.actions import themes as theme_actions
from vogter.reflection import links
from vogter.reflection.actions import agreed_actions
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.models import AgreedAction, Checkin, Receipt, Round, Schedule
from vogter.sso.actions import rules as sso_rule_actions
from vogter.sso.models import ClaimRule, SignInDomain, SignInPolicy
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.actions import templates as template_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Entry, Workshop

pytestmark = pytest.mark.django_db

METHODS = {"get", "post", "put", "patch", "delete"}
PARAM = re.compile(r"{(\w+)}")
# Paths with parameters that no organisation owns, and why that is safe.
UNSCOPED: dict[str, str] = {
    "/api/worksheets/me/fields/{field}": "a field of the sheet whose token authenticates the call",
    # The national commons: published on purpose, anonymised; templates are the installation's.
    "/api/commons/publications/{publication}": "published to the commons on purpose, anonymised",
    "/api/commons/templates/{template}": "the installation's templates, for coordinators only",
    "/api/checkin-links/{token}": "a personal check-in link: its unguessable token is the key",
}
UNKNOWN = "zzzzzzzzzzzz"


def _example(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """The smallest value that passes the schema, so the request reaches the handler."""
    if "$ref" in schema:
        return _example(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    if "enum" in schema:
        return schema["enum"][0]
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        return _example(options[0], components)
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: _example(properties[name], components) for name in schema.get("required", [])}
    if schema.get("format") == "date":
        return "2026-11-27"
    examples = {"string": "Eksempel", "boolean": True, "integer": 1, "number": 1.0, "array": []}
    if kind not in examples:
        pytest.fail(f"teach _example about {schema}")
    return examples[kind]


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, Any]]:
    components = schema["components"]["schemas"]
    found = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            body = None
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = _example(content["application/json"]["schema"], components)
            found.append((method.upper(), path, body))
    return found


def _call(client: Client, method: str, path: str, values: dict[str, str], body: Any):  # type: ignore[no-untyped-def]
    def one(match: re.Match[str]) -> str:
        if match.group(1) not in values:
            pytest.fail(f"{path}: teach this test how to fill in {{{match.group(1)}}}")
        return values[match.group(1)]

    url = PARAM.sub(one, path)
    if body is None:
        return client.generic(method, url)
    return client.generic(method, url, json.dumps(body), content_type="application/json")


def _workshop_and_card(world: World, organisation: Organisation, unit: Unit) -> dict[str, str]:
    workshop = workshop_actions.create_workshop(
        None,
        organisation,
        unit=unit,
        title="Værksted",
        date=datetime.date(2026, 11, 27),
        language="da",
    )
    card = sheet_actions.save_entry(sheet_actions.join(workshop).sheet, "q1", "Tid", 1)
    # On to the agreement, leaving a theme, a principle and a round (number 1) behind.
    workshop_actions.set_phase(None, workshop, "reflect")
    workshop_actions.set_phase(None, workshop, "themes")
    theme = theme_actions.new_theme(None, workshop, "q1", "Tid", [str(card.id)])
    workshop_actions.set_phase(None, workshop, "principles")
    principle = principle_actions.create_principle(None, workshop, statement_da="bruger tiden")
    workshop_actions.set_phase(None, workshop, "agreement")
    agreement_actions.open_round(None, workshop)
    return {
        "workshop": workshop.code,
        "card": str(card.id),
        "theme": theme.code,
        "principle": principle.code,
        "template": template_actions.create_template(
            None, organisation, name="Team", title_pattern="AI i {unit}", language="da"
        ).code,
    }


def _charter(organisation: Organisation, unit: Unit, workshop: str) -> dict[str, str]:
    """A draft charter (version 1) with the workshop's principle."""
    charter = draft_actions.create_charter(
        None,
        organisation,
        unit=unit,
        title="Principsæt",
        workshops=[Workshop.objects.get(code=workshop)],
    )
    return {"charter": charter.code, "charter_principle": charter.principles.get().code}


def _with_charter(organisation: Organisation, unit: Unit, values: dict[str, str]) -> dict[str, str]:
    return {**values, **_charter(organisation, unit, values["workshop"])}


def _round(admin: User, organisation: Organisation, unit: Unit, workshop: str) -> dict[str, str]:
    """A reflection round (with action 1) on a second charter of the workshop's, adopted;
    the admin is placed in the unit, so the round's check-in is theirs to see."""
    signature_actions.set_required_roles(admin, organisation, ["committee"])
    charter = draft_actions.create_charter(
        admin,
        organisation,
        unit=unit,
        title="Vedtaget",
        workshops=[Workshop.objects.get(code=workshop)],
    )
    adoption_actions.propose(admin, charter)
    signature_actions.sign(admin, charter, "committee")
    adoption_actions.adopt(admin, charter)
    reflection = round_actions.open_round(admin, charter, event="incident")
    agreed_actions.add_action(admin, reflection, description="Tjek kilderne", owner="TR")
    membership = Membership.objects.get(user=admin, organisation=organisation)
    membership_actions.change_membership(admin, membership, unit=unit)
    return {
        "round": reflection.code,
        "adopted_charter": charter.code,
        "token": links.token_of(links.blank(reflection)),
    }


def _for(path: str, values: dict[str, str]) -> dict[str, str]:
    """The values for one path: under a charter, {principle_code} is one of the charter's."""
    if "/charters/{charter_code}/publication" in path and "adopted_charter" in values:
        return {**values, "charter_code": values["adopted_charter"]}  # only adopted ones publish
    if "/charters/{charter_code}/" in path:
        return {**values, "principle_code": values["charter_principle"]}
    return values


def _values(world: World) -> dict[str, str]:
    values = {
        "org": world.havneby.code,
        "unit": world.web_team.code,
        "member": world.membership(world.mads).code,
        **_sign_in(world),
        "invitation": invitation_actions.invite(world.alice, world.havneby).code,
        **_workshop_and_card(world, world.havneby, world.unit),
        # Not codes but names within the workshop or charter: the same in every organisation.
        "level": "individual",
        "number": "1",
        "action": "1",  # the first of a round's actions
        "token_code": issue_scim_token(world.alice, world.havneby, "Entra ID")[0].code,
    }
    values |= _round(world.alice, world.havneby, world.unit, values["workshop"])
    values = _with_charter(world.havneby, world.unit, values)
    return with_url_codes(values | _proposal(world))


def _proposal(world: World) -> dict[str, str]:
    """A proposal from the Web team's charter to the unit above it (the charter's unit)."""
    below = draft_actions.create_charter(None, world.havneby, unit=world.web_team, title="Web")
    principle = editing_actions.add_principle(None, below, statement_da="deler vi viden")
    return {"proposal": cascade_actions.propose_upward(None, principle).code}


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
        sorted(Organisation.objects.values_list("code", "name", "default_language")),
        sorted(Unit.objects.values_list("code", "name", "level", "parent")),
        sorted(Membership.objects.values_list("code", "role", "unit", "is_manager")),
        sorted(Invitation.objects.values_list("code", "revoked_at")),
        sorted(Workshop.objects.values_list("code", "title", "phase", "answers_revealed")),
        sorted(Entry.objects.values_list("text", "hidden")),
        sorted(Charter.objects.values_list("code", "title", "share_hash")),
        sorted(CharterVersion.objects.values_list("charter", "number", "status")),
        sorted(CharterPrinciple.objects.values_list("code", "statement_da", "position")),
        sorted(CharterCell.objects.values_list("principle", "level", "text")),
        sorted(Round.objects.values_list("code", "kind", "opens_on")),
        sorted(Schedule.objects.values_list("charter", "every_months")),
        sorted(AgreedAction.objects.values_list("description", "done", "follow_up")),
        Checkin.objects.count(),
        Receipt.objects.count(),
    )


@pytest.fixture
def schema(client: Client) -> dict[str, Any]:
    return client.get("/api/openapi.json").json()


def test_every_path_with_parameters_belongs_to_an_organisation(schema: dict[str, Any]) -> None:
    for path in schema["paths"]:
        params = PARAM.findall(path)
        if params and path not in UNSCOPED:
            assert "org" in params, f"{path} has parameters but no {{org}}: is it tenant data?"


def test_outsider_gets_404_on_every_organisation_operation(
    schema: dict[str, Any], world: World, api_client_for
) -> None:  # type: ignore[no-untyped-def]
    olga, alice = api_client_for(world.olga), api_client_for(world.alice)
    values = _values(world)
    operations = [op for op in _operations(schema) if "{org}" in op[1]]
    assert len(operations) >= 10
    for method, path, _body in operations:
        if method == "GET":  # the codes are real: Havneby's admin finds them
            assert _call(alice, method, path, _for(path, values), None).status_code == 200, path

    not_found = alice.get("/api/organisations/" + UNKNOWN).json()
    before = _state(world)
    for method, path, body in operations:
        response = _call(olga, method, path, _for(path, values), body)
        assert response.status_code == 404, f"{method} {path}: {response.status_code}"
        assert response.json() == not_found, f"{method} {path}"
    assert _state(world) == before


def test_unknown_codes_get_the_same_404_as_other_organisations_codes(
    schema: dict[str, Any], world: World, api_client_for
) -> None:  # type: ignore[no-untyped-def]
    olga, alice = api_client_for(world.olga), api_client_for(world.alice)
    values = _values(world)
    # Codes from Olga's own organisation, used inside Havneby's paths, are just as unknown.
    fjordby = _with_charter(
        world.fjordby,
        world.fjordby_unit,
        {
            "unit": world.fjordby_unit.code,
            "member": world.membership(world.olga, world.fjordby).code,
            "invitation": invitation_actions.invite(world.olga, world.fjordby).code,
            **_workshop_and_card(world, world.fjordby, world.fjordby_unit),
        },
    )
    fjordby |= _round(world.olga, world.fjordby, world.fjordby_unit, fjordby["workshop"])
    fjordby = with_url_codes(fjordby)
    before = _state(world)
    for method, path, body in _operations(schema):
        if "{org}" not in path:
            continue
        ours = _for(path, values)
        theirs = _call(olga, method, path, ours, body)
        for name in PARAM.findall(path):
            for stranger in {UNKNOWN, _for(path, fjordby).get(name, UNKNOWN)}:
                unknown = _call(alice, method, path, {**ours, name: stranger}, body)
                assert (unknown.status_code, unknown.json()) == (404, theirs.json()), (
                    f"{method} {path} with {name}={stranger}"
                )
    assert _state(world) == before


def test_a_national_coordinator_gets_404_on_every_organisation_operation(
    schema: dict[str, Any], world: World, nina: User, api_client_for
) -> None:  # type: ignore[no-untyped-def]
    from vogter.commons.actions import publish

    values = _values(world)
    adopted = Charter.objects.get(organisation=world.havneby, title="Vedtaget")
    publish(world.alice, adopted, sector="culture", size_band="50-249", share_reflection=True)
    coordinator = api_client_for(nina)
    before = _state(world)
    for method, path, body in _operations(schema):
        if "{org}" not in path:
            continue
        response = _call(coordinator, method, path, _for(path, values), body)
        assert response.status_code == 404, f"{method} {path}: {response.status_code}"
    assert coordinator.get("/api/organisations").json() == []
    assert _state(world) == before


def test_outsider_sees_only_their_own_organisations(world: World, api_client_for) -> None:  # type: ignore[no-untyped-def]
    listed = api_client_for(world.olga).get("/api/organisations").json()
    assert [o["code"] for o in listed] == [world.fjordby.code]
