"""The national commons over REST (tag `commons`).

Under an organisation: its admins publish and withdraw adopted charters, and its
facilitators start a charter principle from a template. Under /commons: the published
principles (search and publications) for national coordinators and for the facilitators
and admins of every organisation; the national figures and the curating of templates for
coordinators only. Handlers change through vogter/commons/actions.py, like the pages and
`vogter commons`.
"""

from typing import Any

from django.http import Http404
from ninja import Query, Router, Schema, Status

from vogter.charters.api import (
    CHANGES,
    CHARTER,
    ERRORS,
    CharterPrincipleOut,
    charter_for,
    fresh_principle_out,
    status_conflict,
)
from vogter.charters.models import Charter
from vogter.charters.versions import latest_adopted
from vogter.commons import actions, search
from vogter.commons.dashboard import dashboard
from vogter.commons.models import CommonsPrinciple, Publication, Sector, TemplatePrinciple
from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.access import ADMIN_ROLES, FACILITATOR_ROLES, get_membership_for_user

organisations_router = Router(tags=["commons"])
router = Router(tags=["commons"])

SEARCH_LIMIT_MAX = 100


class CommonsPublicationIn(Schema):
    sector: str  # one of the sectors (see docs/commons.md)
    size_band: str  # 1-49, 50-249, 250-999, 1000-4999, 5000+
    show_name: bool = False
    share_reflection: bool = False


class CommonsPublicationOut(Schema):
    code: str
    name: str | None  # None: published anonymously
    sector: str
    size_band: str
    version: int
    adopted_in: str | None  # YYYY-MM


class CommonsOwnPublicationOut(CommonsPublicationOut):
    charter: str
    share_reflection: bool


class CommonsCharterOut(Schema):
    charter: str
    title: str
    adopted_version: int | None
    publication: CommonsOwnPublicationOut | None


class CommonsPrincipleOut(Schema):
    code: str
    statement_da: str
    statement_en: str
    cells: dict[str, str]
    publication: CommonsPublicationOut


class CommonsSearchOut(Schema):
    count: int
    results: list[CommonsPrincipleOut]


class CommonsPublicationDetailOut(CommonsPublicationOut):
    principles: list[CommonsPrincipleOut]


class CommonsTemplateIn(Schema):
    statement_da: str = ""
    statement_en: str = ""
    cells: dict[str, str] = {}
    note: str = ""
    from_principle: str | None = None  # a published principle's code
    active: bool = True


class CommonsTemplateOut(Schema):
    code: str
    statement_da: str
    statement_en: str
    cells: dict[str, str]
    note: str
    from_principle: str | None
    active: bool


class CommonsFromTemplateIn(Schema):
    template: str


class CommonsThemeOut(Schema):
    concept: str
    label: str
    organisations: int
    by_sector: dict[str, int | None]  # None: withheld (under the minimum group size)


class CommonsAimsOut(Schema):
    sector: str
    organisations: int | None  # None: withheld
    checkins: int | None
    means: dict[str, float | None]


class CommonsDashboardOut(Schema):
    publications: int
    organisations: int
    principles: int
    min_group_size: int
    publications_by_sector: dict[str, int]
    themes: list[CommonsThemeOut]
    aims: list[CommonsAimsOut]


class CommonsSearchQuery(Schema):
    q: str
    sector: str | None = None
    limit: int = 25
    offset: int = 0


def _publication_out(p: Publication) -> dict[str, Any]:
    return {
        "code": p.code,
        "name": p.shown_name or None,
        "sector": p.sector,
        "size_band": p.size_band,
        "version": p.version_number,
        # The month only: the day could match a public record of the adoption.
        "adopted_in": p.adopted_on.strftime("%Y-%m") if p.adopted_on else None,
    }


def _own_out(p: Publication) -> dict[str, Any]:
    return {
        **_publication_out(p),
        "charter": p.charter.code,
        "share_reflection": p.share_reflection,
    }


def _principle_out(p: CommonsPrinciple) -> dict[str, Any]:
    return {
        "code": p.code,
        "statement_da": p.statement_da,
        "statement_en": p.statement_en,
        "cells": p.cells,
        "publication": _publication_out(p.publication),
    }


def _template_out(t: TemplatePrinciple, *, coordinator: bool = True) -> dict[str, Any]:
    """`from_principle` (which published principle it was made from) is for coordinators:
    it would tell others which publication a coordinator picked."""
    return {
        "code": t.code,
        "statement_da": t.statement_da,
        "statement_en": t.statement_en,
        "cells": t.cells,
        "note": t.note,
        "from_principle": (t.from_principle_code or None) if coordinator else None,
        "active": t.active,
    }


# --- Under an organisation -----------------------------------------------------------


@organisations_router.get(
    "/{org}/commons",
    response={200: list[CommonsCharterOut], **ERRORS},
    summary="The organisation's charters and which are published to the commons (admins)",
)
def organisation_commons(request: AuthedHttpRequest, org: str) -> list[dict[str, Any]]:
    organisation = get_membership_for_user(request.user, org, roles=ADMIN_ROLES).organisation
    published = {
        p.charter_id: p
        for p in Publication.objects.filter(organisation=organisation).select_related("charter")
    }
    out = []
    for charter in Charter.objects.filter(organisation=organisation):
        adopted = latest_adopted(charter)
        publication = published.get(charter.pk)
        out.append(
            {
                "charter": charter.code,
                "title": charter.title,
                "adopted_version": adopted.number if adopted else None,
                "publication": _own_out(publication) if publication else None,
            }
        )
    return out


@organisations_router.put(
    CHARTER + "/publication",
    response={200: CommonsOwnPublicationOut, **ERRORS},
    summary="Publish the charter's latest adopted version to the commons, anonymised (admins)",
    description="Publishing again replaces the earlier copy. Only the principles and the "
    "text of their level cells are published, with personal data replaced.",
)
def publish(
    request: AuthedHttpRequest, org: str, charter_code: str, body: CommonsPublicationIn
) -> dict[str, Any]:
    found = charter_for(request.user, org, charter_code, roles=ADMIN_ROLES)
    publication = actions.publish(
        request.user,
        found,
        sector=body.sector,
        size_band=body.size_band,
        show_name=body.show_name,
        share_reflection=body.share_reflection,
    )
    return _own_out(publication)


class CommonsPreviewOut(Schema):
    statement_da: str
    statement_en: str
    cells: dict[str, str]


@organisations_router.get(
    CHARTER + "/publication/preview",
    response={200: list[CommonsPreviewOut], **ERRORS},
    summary="What publishing the charter would put in the commons, anonymised (admins)",
)
def preview(
    request: AuthedHttpRequest, org: str, charter_code: str, show_name: bool = False
) -> list[dict[str, Any]]:
    found = charter_for(request.user, org, charter_code, roles=ADMIN_ROLES)
    return [
        {k: item[k] for k in ("statement_da", "statement_en", "cells")}
        for item in actions.anonymised_copy(found, show_name=show_name)
    ]


@organisations_router.delete(
    CHARTER + "/publication",
    response={204: None, **ERRORS},
    summary="Withdraw the charter from the commons (admins)",
)
def unpublish(request: AuthedHttpRequest, org: str, charter_code: str) -> Status[None]:
    found = charter_for(request.user, org, charter_code, roles=ADMIN_ROLES)
    actions.unpublish(request.user, found)
    return Status(204, None)


@organisations_router.post(
    CHARTER + "/from-template",
    response={201: CharterPrincipleOut, **CHANGES},
    summary="Start a principle of the charter's draft from a template principle",
)
@status_conflict
def from_template(
    request: AuthedHttpRequest, org: str, charter_code: str, body: CommonsFromTemplateIn
) -> Status[Any]:
    found = charter_for(request.user, org, charter_code, roles=FACILITATOR_ROLES)
    template = TemplatePrinciple.objects.filter(code=body.template).first()
    if template is None:
        raise Http404
    return Status(
        201, fresh_principle_out(actions.start_from_template(request.user, found, template))
    )


# --- The national commons ----------------------------------------------------------


@router.get(
    "/search",
    response={200: CommonsSearchOut, **ERRORS},
    summary="Search the published principles in Danish and English (every form of a word)",
)
def search_principles(
    request: AuthedHttpRequest, filters: Query[CommonsSearchQuery]
) -> dict[str, Any]:
    actions.require_reader(request.user)
    # By code: random and stable, so the order tells nothing of when anything was published.
    found = CommonsPrinciple.objects.select_related("publication").order_by("code")
    if filters.sector in Sector.values:
        found = found.filter(publication__sector=filters.sector)
    found = search.matching(found, filters.q[:200])
    limit = max(1, min(filters.limit, SEARCH_LIMIT_MAX))
    offset = max(0, filters.offset)
    return {
        "count": found.count(),
        "results": [_principle_out(p) for p in found[offset : offset + limit]],
    }


@router.get(
    "/publications/{publication}",
    response={200: CommonsPublicationDetailOut, **ERRORS},
    summary="One published charter's principles",
)
def get_publication(request: AuthedHttpRequest, publication: str) -> dict[str, Any]:
    actions.require_reader(request.user)
    found = Publication.objects.filter(code=publication).first()
    if found is None:
        raise Http404
    principles = list(found.principles.all())
    for p in principles:
        p.publication = found
    return {**_publication_out(found), "principles": [_principle_out(p) for p in principles]}


@router.get(
    "/dashboard",
    response={200: CommonsDashboardOut, **ERRORS},
    summary="The national figures: themes across organisations and the aims by sector "
    "(coordinators)",
    description="Every count under the minimum group size is null (withheld).",
)
def get_dashboard(request: AuthedHttpRequest) -> dict[str, Any]:
    actions.require_coordinator(request.user)
    board = dashboard("en" if request.LANGUAGE_CODE == "en" else "da")
    return {
        "publications": board.publications,
        "organisations": board.organisations,
        "principles": board.principles,
        "min_group_size": board.min_group_size,
        "publications_by_sector": {key: n for key, _label, n in board.by_sector},
        "themes": [
            {
                "concept": t.concept,
                "label": t.label,
                "organisations": t.total,
                "by_sector": t.by_sector,
            }
            for t in board.themes
        ],
        "aims": [
            {
                "sector": a.sector,
                "organisations": a.organisations,
                "checkins": a.checkins,
                "means": a.means,
            }
            for a in board.aims
        ],
    }


@router.get(
    "/templates",
    response={200: list[CommonsTemplateOut], **ERRORS},
    summary="The template principles on offer (coordinators also see those withdrawn)",
)
def list_templates(request: AuthedHttpRequest) -> list[dict[str, Any]]:
    actions.require_template_user(request.user)
    coordinator = actions.is_coordinator(request.user)
    templates = TemplatePrinciple.objects.all()
    if not coordinator:
        templates = templates.filter(active=True)
    return [_template_out(t, coordinator=coordinator) for t in templates]


def _source(code: str | None) -> CommonsPrinciple | None:
    if not code:
        return None
    found = CommonsPrinciple.objects.filter(code=code).first()
    if found is None:
        raise Http404
    return found


@router.post(
    "/templates",
    response={201: CommonsTemplateOut, **ERRORS},
    summary="Offer a new template principle to every organisation (coordinators)",
)
def create_template(request: AuthedHttpRequest, body: CommonsTemplateIn) -> Status[Any]:
    actions.require_coordinator(request.user)
    template = actions.create_template(
        request.user,
        statement_da=body.statement_da,
        statement_en=body.statement_en,
        cells=body.cells,
        note=body.note,
        from_principle=_source(body.from_principle),
    )
    return Status(201, _template_out(template))


@router.put(
    "/templates/{template}",
    response={200: CommonsTemplateOut, **ERRORS},
    summary="Change a template principle, or withdraw it with active=false (coordinators)",
)
def update_template(
    request: AuthedHttpRequest, template: str, body: CommonsTemplateIn
) -> dict[str, Any]:
    actions.require_coordinator(request.user)
    found = TemplatePrinciple.objects.filter(code=template).first()
    if found is None:
        raise Http404
    actions.update_template(
        request.user,
        found,
        statement_da=body.statement_da,
        statement_en=body.statement_en,
        cells=body.cells,
        note=body.note,
        active=body.active,
    )
    return _template_out(found)
