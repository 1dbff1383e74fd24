"""Workshop templates, a workshop made from one, and a copy of a workshop over REST (tag
`workshops`), mounted under `/api/organisations`. Thin: fetch through `access`, change
through vogter/workshops/actions/templates.py."""

import datetime

from ninja import Router, Schema, Status

from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.access import FACILITATOR_ROLES, get_membership_for_user
from vogter.workshops.access import get_template_for_user, get_workshop_for_user
from vogter.workshops.actions import templates as template_actions
from vogter.workshops.api import ERRORS, WorkshopOut, unit_in, workshop_out
from vogter.workshops.models import WorkshopTemplate

router = Router(tags=["workshops"])


class TemplateOut(Schema):
    code: str
    name: str
    title_pattern: str  # "{unit}" stands for the unit's name
    language: str
    anonymous: bool
    require_login: bool
    min_group_size: int
    participants_propose: bool
    # Minutes per phase (reflect, themes, principles, agreement); a phase left out has no
    # timer.
    phase_minutes: dict[str, int]


class TemplateIn(Schema):
    name: str
    title_pattern: str
    language: str = "da"
    anonymous: bool = True
    require_login: bool = False
    min_group_size: int = 5
    participants_propose: bool = False
    phase_minutes: dict[str, int] = {}


class TemplatePatch(Schema):
    name: str | None = None
    title_pattern: str | None = None
    language: str | None = None
    anonymous: bool | None = None
    require_login: bool | None = None
    min_group_size: int | None = None
    participants_propose: bool | None = None
    phase_minutes: dict[str, int] | None = None


class NewWorkshopIn(Schema):
    unit: str
    date: datetime.date


class CopyIn(NewWorkshopIn):
    title: str = ""  # the old title, with the old unit's name replaced, when left out


def _template_out(template: WorkshopTemplate) -> TemplateOut:
    return TemplateOut(
        code=template.code,
        name=template.name,
        title_pattern=template.title_pattern,
        language=template.language,
        anonymous=template.anonymous,
        require_login=template.require_login,
        min_group_size=template.min_group_size,
        participants_propose=template.participants_propose,
        phase_minutes=template.phase_minutes,
    )


@router.get(
    "/{org}/workshop-templates",
    response={200: list[TemplateOut], **ERRORS},
    summary="List the workshop templates",
)
def list_templates(request: AuthedHttpRequest, org: str) -> list[TemplateOut]:
    organisation = get_membership_for_user(request.user, org, roles=FACILITATOR_ROLES).organisation
    return [_template_out(t) for t in WorkshopTemplate.objects.filter(organisation=organisation)]


@router.post(
    "/{org}/workshop-templates",
    response={201: TemplateOut, **ERRORS},
    summary="Create a workshop template",
)
def create_template(request: AuthedHttpRequest, org: str, body: TemplateIn) -> Status[TemplateOut]:
    organisation = get_membership_for_user(request.user, org, roles=FACILITATOR_ROLES).organisation
    template = template_actions.create_template(request.user, organisation, **body.dict())
    return Status(201, _template_out(template))


@router.get(
    "/{org}/workshop-templates/{template_code}",
    response={200: TemplateOut, **ERRORS},
    summary="Get a workshop template",
)
def get_template(request: AuthedHttpRequest, org: str, template_code: str) -> TemplateOut:
    return _template_out(get_template_for_user(request.user, org, template_code))


@router.patch(
    "/{org}/workshop-templates/{template_code}",
    response={200: TemplateOut, **ERRORS},
    summary="Change a workshop template",
)
def update_template(
    request: AuthedHttpRequest, org: str, template_code: str, body: TemplatePatch
) -> TemplateOut:
    template = get_template_for_user(request.user, org, template_code)
    current = {
        "name": template.name,
        "title_pattern": template.title_pattern,
        "language": template.language,
        "anonymous": template.anonymous,
        "require_login": template.require_login,
        "min_group_size": template.min_group_size,
        "participants_propose": template.participants_propose,
        "phase_minutes": template.phase_minutes,
    }
    changes = body.dict(exclude_unset=True, exclude_none=True)
    template_actions.update_template(request.user, template, **{**current, **changes})
    return _template_out(template)


@router.delete(
    "/{org}/workshop-templates/{template_code}",
    response={204: None, **ERRORS},
    summary="Delete a workshop template",
    description="Workshops made from it are unchanged.",
)
def delete_template(request: AuthedHttpRequest, org: str, template_code: str) -> Status[None]:
    template_actions.delete_template(
        request.user, get_template_for_user(request.user, org, template_code)
    )
    return Status(204, None)


@router.post(
    "/{org}/workshop-templates/{template_code}/workshops",
    response={201: WorkshopOut, **ERRORS},
    summary="Create a workshop from a template",
    description=(
        "A workshop for `unit` on `date` with the template's settings; its title is the "
        "template's `title_pattern` with `{unit}` replaced by the unit's name."
    ),
)
def create_from_template(
    request: AuthedHttpRequest, org: str, template_code: str, body: NewWorkshopIn
) -> Status[WorkshopOut]:
    template = get_template_for_user(request.user, org, template_code)
    workshop = template_actions.create_from_template(
        request.user, template, unit=unit_in(template.organisation, body.unit), date=body.date
    )
    return Status(201, workshop_out(workshop))


@router.post(
    "/{org}/workshops/{workshop_code}/copy",
    response={201: WorkshopOut, **ERRORS},
    summary="Copy a workshop",
    description=(
        "A new workshop with the same settings, for the same or another unit: none of the "
        "sheets, answers, themes or principles, and a join code of its own."
    ),
)
def copy_workshop(
    request: AuthedHttpRequest, org: str, workshop_code: str, body: CopyIn
) -> Status[WorkshopOut]:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    new = template_actions.copy_workshop(
        request.user,
        workshop,
        unit=unit_in(workshop.organisation, body.unit),
        date=body.date,
        title=body.title,
    )
    return Status(201, workshop_out(new))
