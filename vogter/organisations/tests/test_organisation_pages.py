import pytest
from django.test import Client

from conftest import World
from vogter.organisations.models import AuditEntry, Membership, Organisation, Role

pytestmark = pytest.mark.django_db


def test_anyone_with_an_account_creates_an_organisation_and_becomes_its_admin(
    mads_client: Client, world: World
) -> None:
    assert mads_client.get("/o/new/").status_code == 200
    response = mads_client.post("/o/new/", {"name": "Nordby Skole", "default_language": "en"})
    organisation = Organisation.objects.get(name="Nordby Skole")
    assert response.status_code == 302
    assert response["Location"] == f"/o/{organisation.code}/units/"
    assert organisation.default_language == "en"
    membership = Membership.objects.get(organisation=organisation)
    assert (membership.user, membership.role) == (world.mads, Role.ADMIN)
    assert AuditEntry.objects.filter(
        action="organisation.create", target=organisation.code, actor=world.mads
    ).exists()
    assert mads_client.get(response["Location"]).status_code == 200


def test_creating_an_organisation_needs_a_login(client: Client) -> None:
    response = client.post("/o/new/", {"name": "Snyd", "default_language": "da"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Organisation.objects.filter(name="Snyd").exists()


def test_new_organisation_form_starts_in_the_persons_language(
    mads_client: Client, world: World
) -> None:
    world.mads.language = "en"
    world.mads.save()
    form = mads_client.get("/o/new/").context["form"]
    assert form["default_language"].value() == "en"


def test_admin_renames_the_organisation_and_changes_its_language(
    alice_client: Client, world: World
) -> None:
    url = f"/o/{world.havneby.code}/settings/"
    assert alice_client.get(url).status_code == 200
    response = alice_client.post(url, {"name": "Havneby  Kommune ", "default_language": "en"})
    assert response.status_code == 302
    world.havneby.refresh_from_db()
    # Only the language changed: the name is the same once its spaces are tidied.
    assert (world.havneby.name, world.havneby.default_language) == ("Havneby Kommune", "en")
    entry = AuditEntry.objects.get(action="organisation.update", target=world.havneby.code)
    assert entry.data == {"default_language": "en"}


def test_home_page_lists_my_organisations_only(mads_client: Client, world: World) -> None:
    html = mads_client.get("/").content.decode()
    assert f'href="/o/{world.havneby.code}/"' in html
    assert world.fjordby.code not in html


def test_overview_for_a_member_shows_units_but_no_admin_links(
    mads_client: Client, world: World
) -> None:
    response = mads_client.get(f"/o/{world.havneby.code}/")
    assert response.status_code == 200
    assert [node.unit for node in response.context["units"]] == [
        world.corporate,
        world.department,
        world.unit,
        world.web_team,
    ]
    html = response.content.decode()
    assert f"/o/{world.havneby.code}/people/" not in html
    assert f"/o/{world.havneby.code}/settings/" not in html
