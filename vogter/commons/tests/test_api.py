"""The commons and the cascade over REST: the same actions as the pages."""

from collections.abc import Callable

import pytest
from django.test import Client

from conftest import World
from vogter.accounts.models import User
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import editing as editing_actions
from vogter.charters.models import Charter

pytestmark = pytest.mark.django_db


def _json(client: Client, method: str, url: str, body: dict | None = None):  # type: ignore[no-untyped-def,type-arg]
    import json

    if body is None:
        return client.generic(method, url)
    return client.generic(method, url, json.dumps(body), content_type="application/json")


def test_publish_search_and_withdraw_through_the_api(
    signatories: World,
    adopted_havneby: Charter,
    nina: User,
    api_client_for: Callable[[User], Client],
) -> None:
    world = signatories
    alice, fiona, coordinator = (
        api_client_for(world.alice),
        api_client_for(world.fiona),
        api_client_for(nina),
    )
    url = f"/api/organisations/{world.havneby.code}/charters/{adopted_havneby.code}/publication"
    body = {"sector": "health_and_care", "size_band": "5000+", "share_reflection": True}
    assert _json(fiona, "PUT", url, body).status_code == 403
    shown = alice.get(url + "/preview").json()
    assert shown[0]["cells"]["unit"] == "Spørg [navn] på [e-mail]"
    assert fiona.get(url + "/preview").status_code == 403
    bad = _json(alice, "PUT", url, {**body, "sector": "nope"})
    assert bad.status_code == 400 and bad.json()["field"] == "sector"
    published = _json(alice, "PUT", url, body)
    assert published.status_code == 200, published.content
    assert published.json()["name"] is None
    listed = alice.get(f"/api/organisations/{world.havneby.code}/commons").json()
    assert listed[0]["publication"]["code"] == published.json()["code"]

    found = coordinator.get("/api/commons/search", {"q": "medarbejderen værktøj"}).json()
    assert found["count"] == 1
    hit = found["results"][0]
    assert hit["statement_en"] == "involve employees before we take up new tools"
    assert "Mette" not in str(hit)
    assert hit["publication"]["sector"] == "health_and_care"
    detail = coordinator.get(f"/api/commons/publications/{hit['publication']['code']}")
    assert detail.json()["principles"][0]["code"] == hit["code"]
    assert coordinator.get("/api/commons/dashboard").json()["publications"] == 1
    assert fiona.get("/api/commons/dashboard").status_code == 403
    assert api_client_for(world.mads).get("/api/commons/search", {"q": "x"}).status_code == 403
    assert Client().get("/api/commons/search", {"q": "x"}).status_code == 401

    assert _json(alice, "DELETE", url).status_code == 204
    assert coordinator.get("/api/commons/search", {"q": "medarbejder"}).json()["count"] == 0
    assert _json(alice, "DELETE", url).status_code == 400


def test_templates_through_the_api(
    signatories: World, nina: User, api_client_for: Callable[[User], Client]
) -> None:
    world = signatories
    coordinator, fiona = api_client_for(nina), api_client_for(world.fiona)
    body = {"statement_da": "siger vi det, når vi bruger AI", "cells": {"group": "Vi aftaler"}}
    assert _json(fiona, "POST", "/api/commons/templates", body).status_code == 403
    bad = _json(coordinator, "POST", "/api/commons/templates", {"cells": {"nowhere": "x"}})
    assert bad.status_code == 400
    made = _json(coordinator, "POST", "/api/commons/templates", body)
    assert made.status_code == 201
    code = made.json()["code"]
    assert [t["code"] for t in fiona.get("/api/commons/templates").json()] == [code]

    draft = draft_actions.create_charter(
        world.fiona, world.havneby, unit=world.unit, title="Udkast"
    )
    url = f"/api/organisations/{world.havneby.code}/charters/{draft.code}/from-template"
    started = _json(fiona, "POST", url, {"template": code})
    assert started.status_code == 201, started.content
    assert started.json()["cells"][0]["text"] == "Vi aftaler"

    withdrawn = _json(
        coordinator, "PUT", f"/api/commons/templates/{code}", {**body, "active": False}
    )
    assert withdrawn.json()["active"] is False
    assert fiona.get("/api/commons/templates").json() == []
    assert _json(fiona, "POST", url, {"template": code}).status_code == 400


def test_the_cascade_through_the_api(
    signatories: World, adopted_havneby: Charter, api_client_for: Callable[[User], Client]
) -> None:
    world = signatories
    fiona, mads = api_client_for(world.fiona), api_client_for(world.mads)
    unit_charter = draft_actions.create_charter(
        world.fiona, world.havneby, unit=world.unit, title="K"
    )
    own = editing_actions.add_principle(world.fiona, unit_charter, statement_da="skriver vi selv")
    base = f"/api/organisations/{world.havneby.code}/charters/{unit_charter.code}"
    seen = mads.get(base + "/cascade").json()
    assert seen["above"][0]["unit_name"] == "Kultur"
    parent_principle = seen["above"][0]["principles"][0]
    assert parent_principle["adopted_here"] is False
    body = {"parent": adopted_havneby.code, "principle": parent_principle["code"]}
    assert _json(mads, "POST", base + "/cascade/adopt", body).status_code == 403
    adopted = _json(fiona, "POST", base + "/cascade/adopt", body)
    assert adopted.status_code == 201
    assert {c["level"] for c in adopted.json()["cells"]} == {"national"}  # from the department up
    assert _json(fiona, "POST", base + "/cascade/adopt", body).status_code == 400

    proposed = _json(fiona, "POST", f"{base}/principles/{own.code}/propose-upward", {"note": "N"})
    assert proposed.status_code == 201
    assert proposed.json()["from_unit_name"] == "Kommunikation"
    parent_base = f"/api/organisations/{world.havneby.code}/charters/{adopted_havneby.code}"
    incoming = fiona.get(parent_base + "/cascade").json()["incoming"]
    assert [p["code"] for p in incoming] == [proposed.json()["code"]]
    taken = _json(fiona, "POST", f"{parent_base}/proposals/{incoming[0]['code']}/take")
    assert taken.status_code == 201, taken.content
    assert taken.json()["proposal"]["status"] == "taken"
    assert taken.json()["principle"]["statement_da"] == "skriver vi selv"
    again = _json(fiona, "POST", f"{parent_base}/proposals/{incoming[0]['code']}/decline")
    assert again.status_code == 400
