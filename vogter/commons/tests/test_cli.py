"""`vogter commons`: publishing, searching and templates from the command line."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from conftest import World
from vogter.charters.models import Charter
from vogter.commons.models import Coordinator, Publication, TemplatePrinciple

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_publish_list_search_and_unpublish(adopted_havneby: Charter) -> None:
    code = adopted_havneby.code
    preview = run("commons", "preview", code)
    assert "\tunit\tSpørg [navn] på [e-mail]" in preview
    assert not Publication.objects.exists()
    out = run("commons", "publish", code, "--sector", "culture", "--size", "250-999")
    publication = Publication.objects.get()
    assert out.split("\t")[0] == publication.code
    assert publication.shown_name == ""
    listed = run("commons", "list")
    assert f"{publication.code}\t" in listed and "\tculture\t250-999\t1\t-" in listed
    found = run("commons", "search", "medarbejderen")
    assert "inddrager vi medarbejderne" in found
    run("commons", "unpublish", code)
    assert not Publication.objects.exists()
    with pytest.raises(CommandError, match=r"not published|ikke offentliggjort"):
        run("commons", "unpublish", code)


def test_a_bad_sector_is_a_usage_error(adopted_havneby: Charter) -> None:
    with pytest.raises(CommandError):
        run("commons", "publish", adopted_havneby.code, "--sector", "x", "--size", "5000+")
    assert not Publication.objects.exists()


def test_templates_and_coordinators(world: World) -> None:
    out = run(
        "commons",
        "template-add",
        "--da",
        "aftaler vi, hvad vi bruger AI til",
        "--cell",
        "group=Vi tager det op på teammødet",
    )
    template = TemplatePrinciple.objects.get(code=out.strip())
    assert template.cells == {"group": "Vi tager det op på teammødet"}
    assert "\toffered\tNår vi bruger GenAI, aftaler vi" in run("commons", "templates")
    run("commons", "template-withdraw", template.code)
    assert "\twithdrawn\t" in run("commons", "templates")
    with pytest.raises(CommandError, match="LEVEL=TEXT"):
        run("commons", "template-add", "--da", "x", "--cell", "group")

    run("commons", "coordinator-add", "mads@havneby.example")
    assert Coordinator.objects.filter(user=world.mads).exists()
    assert "mads@havneby.example" in run("commons", "coordinators")
    run("commons", "coordinator-remove", "mads@havneby.example")
    assert not Coordinator.objects.exists()
