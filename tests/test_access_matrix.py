"""Every page and every API operation, called as every persona, answers as the role model says.

The cases are generated from the URL configuration and from /api/openapi.json, and each one
must have a row in the tables below: a view or an operation added later fails
`test_every_route_and_operation_has_a_row` until someone decides, in one line, who may use
it. The tables hold the role model of docs/organisations.md, docs/api.md and
docs/commons.md: for an organisation's pages and operations the smallest role that may use
them, from which each persona's answer follows (`_org_outcome`); elsewhere the answer per
persona, spelled out.

Every call starts from the same prepared world (it runs in a savepoint that is rolled back),
so a POST that deletes a unit or logs someone out does not change what the next call sees.
Reads must answer exactly as expected. Writes, sent with a minimal valid body, must be
refused exactly as expected; where they are allowed they may still be refused on their
merits (400, 409, 410, 422), but never with 401, 403, 404 or 405. Nothing may answer 500.
The counts go to test-results/access-matrix.json for docs/quality.md.
"""

import copy
import datetime
import fcntl
import json
import re
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.signals import request_finished
from django.db import close_old_connections, transaction
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode
from pytest_django.fixtures import Settings

from conftest import Branches, World
from vogter.accounts.models import User
from vogter.api.actions import issue_token
from vogter.api.tests import test_tenant_isolation as api_tenant
from vogter.charters.actions import sharing as sharing_actions
from vogter.charters.models import Charter, UpwardProposal
from vogter.commons import actions as commons_actions
from vogter.organisations.models import Invitation
from vogter.organisations.tests import test_tenant_isolation as page_tenant
from vogter.reflection import links, reminders
from vogter.reflection.models import Contact, Round
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Workshop

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "test-results" / "access-matrix.json"

# --- Personas -----------------------------------------------------------------------------

ANONYMOUS = "anonymous"  # a visitor, not logged in
PARTICIPANT = "participant"  # joined this workshop (its sheet's token in a cookie); a control
OTHER_PARTICIPANT = "other_participant"  # joined another workshop of the same organisation
MEMBER = "member"  # Mads: member of Havneby, placed in the Web team, TR, no manager
FACILITATOR = "facilitator"  # Fiona, not placed in any unit
ADMIN = "admin"  # Alice, placed in the unit of the reflected charter
OUTSIDER = "outsider"  # Olga: admin of Fjordby, which has published nothing
COORDINATOR = "coordinator"  # Nina: national coordinator, member of no organisation
# Roles with a scope (conftest.Branches), each a member of Havneby placed in a unit. The
# charters, the round and the action are Kommunikation's; the roll-up is the Web team's,
# below Kommunikation.
UNIT_MANAGER = "unit_manager"  # Kim: manager of Kommunikation itself
UNIT_TR = "unit_tr"  # Tina: TR of Kommunikation itself
ABOVE_MANAGER = "above_manager"  # Dora: manager of Kultur, the department above it
ABOVE_TR = "above_tr"  # Ulla: TR of Kultur
BRANCH_MANAGER = "branch_manager"  # Sara: manager of Sekretariatet, in another department
BRANCH_TR = "branch_tr"  # Tom: TR of Sekretariatet
SCOPED = (UNIT_MANAGER, UNIT_TR, ABOVE_MANAGER, ABOVE_TR, BRANCH_MANAGER, BRANCH_TR)
PERSONAS = (
    ANONYMOUS,
    PARTICIPANT,
    OTHER_PARTICIPANT,
    MEMBER,
    FACILITATOR,
    ADMIN,
    OUTSIDER,
    COORDINATOR,
    *SCOPED,
)
NO_ACCOUNT = (ANONYMOUS, PARTICIPANT, OTHER_PARTICIPANT)

# --- Outcomes ------------------------------------------------------------------------------

OK = "ok"  # 2xx, or a redirect that is not to a login or join page (writes: see module doc)
LOGIN = "login"  # 302 to /accounts/login/?next=…
ADMIN_LOGIN = "admin_login"  # 302 to Django admin's login
JOIN = "join"  # 302 to the workshop's join page: this browser holds no sheet of it
UNAUTHORISED = "unauthorised"  # 401
FORBIDDEN = "forbidden"  # 403
NOT_FOUND = "not_found"  # 404
METHOD = "method"  # 405
REFUSALS = {UNAUTHORISED: 401, FORBIDDEN: 403, NOT_FOUND: 404, METHOD: 405}
# What an allowed write may answer on its merits, to a minimal body.
MERITS = {400, 409, 410, 422}

Expect = dict[str, str]  # persona -> outcome


def _each(default: str, **overrides: str) -> Expect:
    unknown = set(overrides) - set(PERSONAS)
    assert not unknown, unknown
    return {p: overrides.get(p, default) for p in PERSONAS}


# --- Who may: the role model --------------------------------------------------------------
#
# An organisation's pages and operations name the smallest role that may use them:
#   READ         any member ("member: take part, see the organisation's overview";
#                "members read" charters and reflection)
#   FACILITATE   facilitators and admins ("run workshops"; "facilitators and admins change")
#   MANAGE       facilitators, admins, and the managers of the unit concerned or a unit above
#                it (reflection rounds, actions, roll-up, adopt); not another branch's
#   ADMINISTER   admins ("manage units, people, invitations and the organisation's settings")
#   PLACED       members placed in the reflected charter's unit or below it; anyone else 404
#   AUDIT        admins, and every TR and AMR placed in a unit (their units' entries only)
#   None         the method is not allowed (405, once logged in)
READ, FACILITATE, MANAGE, ADMINISTER, PLACED, AUDIT = (
    "read",
    "facilitate",
    "manage",
    "administer",
    "placed",
    "audit",
)
MAY = {
    READ: {MEMBER, FACILITATOR, ADMIN, *SCOPED},
    FACILITATE: {FACILITATOR, ADMIN},
    # Mads is no manager; a TR manages nothing; Sara manages another branch.
    MANAGE: {FACILITATOR, ADMIN, UNIT_MANAGER, ABOVE_MANAGER},
    ADMINISTER: {ADMIN},
    # Mads in the Web team, below the unit; Alice, Kim and Tina in the unit.
    PLACED: {MEMBER, ADMIN, UNIT_MANAGER, UNIT_TR},
    # Mads is the Web team's TR; managers and facilitators read no audit log.
    AUDIT: {ADMIN, MEMBER, UNIT_TR, ABOVE_TR, BRANCH_TR},
}


def _org_outcome(level: str | None, persona: str, *, api: bool) -> str:
    """The answer of an organisation's page or operation (Havneby's) to one persona.

    Without an account: pages send to log in, the API answers 401. The outsider and the
    coordinator are told "not found", as for a code that does not exist (docs/security.md,
    docs/commons.md). Inside the organisation a missing role is 403, except for the
    check-in, which is 404 for anyone not placed in the unit (docs/api.md).
    """
    if persona in NO_ACCOUNT:
        return UNAUTHORISED if api else LOGIN
    if level is None:
        return METHOD
    if persona in (OUTSIDER, COORDINATOR):
        return NOT_FOUND
    if persona in MAY[level]:
        return OK
    return NOT_FOUND if level == PLACED else FORBIDDEN


# Every page under o/<str:org>/ (left out below): (who may GET, who may POST).
ORG_PAGES: dict[str, tuple[str | None, str | None]] = {
    "": (READ, READ),  # the overview
    "settings/": (ADMINISTER, ADMINISTER),
    "units/": (ADMINISTER, ADMINISTER),
    "units/<str:unit_code>/": (ADMINISTER, ADMINISTER),
    "units/<str:unit_code>/delete/": (None, ADMINISTER),
    "people/": (ADMINISTER, ADMINISTER),
    "people/<str:member>/": (ADMINISTER, ADMINISTER),
    "people/<str:member>/remove/": (None, ADMINISTER),
    "invitations/<str:invitation>/revoke/": (None, ADMINISTER),
    "invitations/<str:invitation>/confirm/": (None, ADMINISTER),
    "directory/": (ADMINISTER, ADMINISTER),
    "directory/import/": (ADMINISTER, ADMINISTER),
    "directory/tokens/<str:token_code>/revoke/": (None, ADMINISTER),
    # Single sign-on: the domains, the claim rules and the password switch (docs/sso.md).
    "sign-in/": (ADMINISTER, ADMINISTER),
    "sign-in/rules/<str:rule_code>/delete/": (None, ADMINISTER),
    "sign-in/rules/<str:rule_code>/move/": (None, ADMINISTER),
    "sign-in/domains/<str:domain_code>/remove/": (None, ADMINISTER),
    # Workshops, themes, principles and the agreement: run by facilitators.
    "workshops/": (FACILITATE, FACILITATE),
    "workshops/<str:workshop_code>/": (FACILITATE, FACILITATE),
    "workshops/<str:workshop_code>/edit/": (FACILITATE, FACILITATE),
    "workshops/<str:workshop_code>/copy/": (FACILITATE, FACILITATE),
    "workshops/templates/": (FACILITATE, FACILITATE),
    "workshops/templates/<str:template_code>/": (FACILITATE, FACILITATE),
    "workshops/templates/<str:template_code>/delete/": (None, FACILITATE),
    "workshops/templates/<str:template_code>/use/": (None, FACILITATE),
    "workshops/<str:workshop_code>/phase/": (None, FACILITATE),
    "workshops/<str:workshop_code>/reveal/": (None, FACILITATE),
    "workshops/<str:workshop_code>/board/": (FACILITATE, FACILITATE),
    "workshops/<str:workshop_code>/present/": (FACILITATE, FACILITATE),
    "workshops/<str:workshop_code>/timer/": (None, FACILITATE),
    "workshops/<str:workshop_code>/timings/": (None, FACILITATE),
    "workshops/<str:workshop_code>/board/state.json": (FACILITATE, FACILITATE),
    "workshops/<str:workshop_code>/board/overview.json": (FACILITATE, FACILITATE),
    "workshops/<str:workshop_code>/board/events": (FACILITATE, FACILITATE),
    "workshops/<str:workshop_code>/board/release": (None, FACILITATE),
    "workshops/<str:workshop_code>/cards/<str:card>/hide/": (None, FACILITATE),
    "workshops/<str:workshop_code>/cards/<str:card>/remove/": (FACILITATE, FACILITATE),
    "workshops/<str:workshop_code>/check/": (FACILITATE, FACILITATE),
    "workshops/<str:workshop_code>/cards/<str:card>/check/": (None, FACILITATE),
    "workshops/<str:workshop_code>/sheets/remove-empty/": (None, FACILITATE),
    "workshops/<str:workshop_code>/export/csv/": (FACILITATE, FACILITATE),
    "workshops/<str:workshop_code>/export/xlsx/": (FACILITATE, FACILITATE),
    "workshops/<str:workshop_code>/export/json/": (FACILITATE, FACILITATE),
    "workshops/<str:workshop_code>/paper.pdf": (FACILITATE, FACILITATE),
    "workshops/<str:workshop_code>/import/": (FACILITATE, FACILITATE),
    "workshops/<str:workshop_code>/themes/": (FACILITATE, FACILITATE),
    "workshops/<str:workshop_code>/themes/suggest/": (None, FACILITATE),
    "workshops/<str:workshop_code>/themes/move/": (None, FACILITATE),
    "workshops/<str:workshop_code>/themes/assist/": (None, FACILITATE),
    "workshops/<str:workshop_code>/themes/assist/group/": (None, FACILITATE),
    "workshops/<str:workshop_code>/themes/assist/group/accept/": (None, FACILITATE),
    "workshops/<str:workshop_code>/themes/<str:theme_code>/rename/": (None, FACILITATE),
    "workshops/<str:workshop_code>/themes/<str:theme_code>/merge/": (None, FACILITATE),
    "workshops/<str:workshop_code>/themes/<str:theme_code>/delete/": (None, FACILITATE),
    "workshops/<str:workshop_code>/principles/": (FACILITATE, FACILITATE),
    "workshops/<str:workshop_code>/principles/matrix/": (FACILITATE, FACILITATE),
    "workshops/<str:workshop_code>/principles/assist/": (None, FACILITATE),
    "workshops/<str:workshop_code>/principles/<str:principle_code>/": (FACILITATE, FACILITATE),
    "workshops/<str:workshop_code>/principles/<str:principle_code>/withdraw/": (None, FACILITATE),
    "workshops/<str:workshop_code>/principles/<str:principle_code>/move/": (None, FACILITATE),
    "workshops/<str:workshop_code>/agreement/": (FACILITATE, FACILITATE),
    "workshops/<str:workshop_code>/agreement/open/": (None, FACILITATE),
    "workshops/<str:workshop_code>/agreement/present/": (FACILITATE, FACILITATE),
    "workshops/<str:workshop_code>/agreement/<int:number>/close/": (None, FACILITATE),
    "workshops/<str:workshop_code>/agreement/<int:number>/reveal/": (None, FACILITATE),
    # Charters: members read, facilitators and admins change.
    "charters/": (READ, FACILITATE),
    "charters/signoff/": (ADMINISTER, ADMINISTER),
    "charters/overview/": (ADMINISTER, ADMINISTER),
    "ai-literacy/": (ADMINISTER, ADMINISTER),
    "charters/<str:code>/": (READ, READ),
    "charters/<str:code>/do/": (None, FACILITATE),  # posts do=propose
    "charters/<str:code>/export/": (READ, READ),
    "charters/<str:code>/cascade/": (READ, FACILITATE),
    "charters/<str:code>/principles/<str:principle>/": (FACILITATE, FACILITATE),
    "charters/<str:code>/versions/<int:number>/": (READ, READ),
    "charters/<str:code>/versions/<int:number>/changes/": (READ, READ),
    # Reflection: members read, facilitators, admins and managers manage.
    "charters/<str:code>/reflection/": (READ, MANAGE),
    "reflection/<str:code>/": (READ, MANAGE),
    "reflection/<str:code>/export/": (READ, READ),
    "reflection/<str:code>/slips/": (MANAGE, MANAGE),  # personal links: those who run the round
    "reflection/<str:code>/meeting/": (READ, MANAGE),  # the projector; records actions
    "units/<str:unit_code>/reflection/": (MANAGE, None),
    "units/<str:unit_code>/reflection/csv/": (MANAGE, None),
    # The commons, from the organisation's side.
    "commons/": (ADMINISTER, ADMINISTER),
    "commons/templates/": (FACILITATE, FACILITATE),
    # The audit log: admins, and a unit's TR and AMR for their units' entries.
    "audit/": (AUDIT, None),
    "audit/export/": (AUDIT, None),
}

SIGNED_IN = _each(OK, **dict.fromkeys(NO_ACCOUNT, LOGIN))
EVERYONE = _each(OK)
# This workshop's participant pages: only the browser holding one of its sheets gets in;
# any other browser, logged in or not, is sent to the join page.
SHEET = _each(JOIN, participant=OK)
# The national pages (docs/commons.md): coordinators only; the search for coordinators and
# for the facilitators and admins of organisations that have published (Havneby has, Fjordby
# has not); members do not (403); visitors are sent to log in.
COORDINATORS = _each(FORBIDDEN, **dict.fromkeys(NO_ACCOUNT, LOGIN), coordinator=OK)
READERS = _each(
    FORBIDDEN, **dict.fromkeys(NO_ACCOUNT, LOGIN), coordinator=OK, facilitator=OK, admin=OK
)
POST_ONLY_SIGNED_IN = _each(METHOD, **dict.fromkeys(NO_ACCOUNT, LOGIN))

# Every other page: (GET, POST), each persona's answer.
PAGES: dict[str, tuple[Expect, Expect]] = {
    "": (EVERYONE, EVERYONE),
    "healthz": (EVERYONE, EVERYONE),
    "o/new/": (SIGNED_IN, SIGNED_IN),
    "invitation/<str:token>/": (EVERYONE, EVERYONE),  # the token is the credential
    "accounts/signup/": (EVERYONE, EVERYONE),
    "accounts/login/": (EVERYONE, EVERYONE),
    "accounts/logout/": (_each(METHOD), EVERYONE),  # logging out is a POST
    "accounts/profile/": (SIGNED_IN, SIGNED_IN),
    "accounts/notifications/": (SIGNED_IN, SIGNED_IN),  # one's own switches
    "accounts/profile/data/": (SIGNED_IN, SIGNED_IN),  # one's own data
    "accounts/profile/delete/": (SIGNED_IN, SIGNED_IN),  # one's own account, with the password
    "accounts/language/": (_each(METHOD), EVERYONE),
    "accounts/password-reset/": (EVERYONE, EVERYONE),
    "accounts/password-reset/sent/": (EVERYONE, _each(METHOD)),
    "accounts/password-reset/<uidb64>/<token>/": (EVERYONE, EVERYONE),  # the signed link
    "accounts/password-reset/done/": (EVERYONE, _each(METHOD)),
    # Single sign-on: not configured here, so there is nowhere to go (docs/sso.md).
    "sso/login/": (_each(NOT_FOUND), _each(NOT_FOUND)),
    "sso/callback/": (_each(NOT_FOUND), _each(NOT_FOUND)),
    "sso/logout/": (_each(METHOD), EVERYONE),  # logging out is a POST
    "accounts/tokens/new/": (POST_ONLY_SIGNED_IN, SIGNED_IN),
    # Alice's token: only she finds it among her own tokens.
    "accounts/tokens/<str:code>/revoke/": (
        POST_ONLY_SIGNED_IN,
        _each(NOT_FOUND, **dict.fromkeys(NO_ACCOUNT, LOGIN), admin=OK),
    ),
    # Participants: no account, the join code is public, the sheet's token is the key.
    "j/": (EVERYONE, EVERYONE),
    "j/<str:join_code>/": (EVERYONE, EVERYONE),
    "j/<str:join_code>/sheet/": (SHEET, SHEET),
    "j/<str:join_code>/save": (_each(METHOD), _each(FORBIDDEN, participant=OK)),
    "j/<str:join_code>/submit": (_each(METHOD), SHEET),
    "j/<str:join_code>/events": (EVERYONE, EVERYONE),  # the phase only
    "j/<str:join_code>/resume/": (EVERYONE, EVERYONE),  # the short code is the credential
    "j/<str:join_code>/resume/new/": (_each(METHOD), SHEET),
    "j/<str:join_code>/r/<str:token>/": (EVERYONE, EVERYONE),  # the sheet's token is the key
    "j/<str:join_code>/agreement/": (SHEET, SHEET),
    "j/<str:join_code>/propose/": (SHEET, SHEET),
    "j/<str:join_code>/outcome/": (SHEET, SHEET),
    "j/<str:join_code>/ask-again/": (SHEET, SHEET),
    "c/<str:token>/": (EVERYONE, EVERYONE),  # the share link is the credential
    "c/<str:token>/print/": (EVERYONE, EVERYONE),  # the same link's PDF and posters
    "tjek/<str:token>/": (EVERYONE, EVERYONE),  # a personal check-in link is the credential
    "tjek/stop/<str:token>/": (EVERYONE, EVERYONE),  # a reminder's way out: the token is the key
    # The API's own pages: its schema and documentation are public.
    "api/": (_each(NOT_FOUND), _each(NOT_FOUND)),  # django-ninja's root: nothing there
    "api/docs": (EVERYONE, EVERYONE),
    # SCIM: only an organisation's SCIM token opens it, never a session
    # (vogter/directory/tests/test_scim_users.py calls it with tokens).
    **dict.fromkeys(
        (
            "scim/v2/Users",
            "scim/v2/Users/<str:code>",
            "scim/v2/Groups",
            "scim/v2/Groups/<str:code>",
            "scim/v2/ServiceProviderConfig",
            "scim/v2/ResourceTypes",
            "scim/v2/ResourceTypes/<str:name>",
            "scim/v2/Schemas",
            "scim/v2/Schemas/<str:urn>",
        ),
        (_each(UNAUTHORISED), _each(UNAUTHORISED)),
    ),
    "api/openapi.json": (EVERYONE, EVERYONE),
    # The check-in: members placed in the round's charter's unit or below it.
    "r/<str:code>/": (
        _each(NOT_FOUND, **dict.fromkeys(NO_ACCOUNT, LOGIN), **dict.fromkeys(MAY[PLACED], OK)),
        _each(NOT_FOUND, **dict.fromkeys(NO_ACCOUNT, LOGIN), **dict.fromkeys(MAY[PLACED], OK)),
    ),
    "national/": (COORDINATORS, COORDINATORS),
    "national/search/": (READERS, READERS),
    "national/publications/<str:code>/": (READERS, READERS),
    "national/templates/": (COORDINATORS, COORDINATORS),
    "national/templates/<str:code>/": (COORDINATORS, COORDINATORS),
}

# Every operation under /api/organisations/{org} (left out below): who may.
ORG_API: dict[str, str] = {
    "GET /": READ,
    "PATCH /": ADMINISTER,
    "GET /units": READ,
    "POST /units": ADMINISTER,
    "GET /units/{unit_code}": READ,
    "PATCH /units/{unit_code}": ADMINISTER,
    "DELETE /units/{unit_code}": ADMINISTER,
    "GET /directory/scim-tokens": ADMINISTER,
    "POST /directory/scim-tokens": ADMINISTER,
    "POST /directory/scim-tokens/{token_code}/revoke": ADMINISTER,
    "POST /directory/import": ADMINISTER,
    "GET /memberships": ADMINISTER,
    "GET /memberships/{member}/data": ADMINISTER,
    "PATCH /memberships/{member}": ADMINISTER,
    "DELETE /memberships/{member}": ADMINISTER,
    "GET /invitations": ADMINISTER,
    "POST /invitations": ADMINISTER,
    "DELETE /invitations/{invitation}": ADMINISTER,
    "POST /invitations/{invitation}/confirm": ADMINISTER,
    "GET /sign-in": ADMINISTER,
    "PATCH /sign-in": ADMINISTER,
    "POST /sign-in/domains": ADMINISTER,
    "DELETE /sign-in/domains/{domain_code}": ADMINISTER,
    "POST /sign-in/rules": ADMINISTER,
    "DELETE /sign-in/rules/{rule_code}": ADMINISTER,
    "POST /sign-in/rules/{rule_code}/move": ADMINISTER,
    # Workshops, themes, principles, the agreement: "facilitators and admins".
    "GET /workshops": FACILITATE,
    "POST /workshops": FACILITATE,
    "GET /workshops/{workshop_code}": FACILITATE,
    "PATCH /workshops/{workshop_code}": FACILITATE,
    "POST /workshops/{workshop_code}/phase": FACILITATE,
    "POST /workshops/{workshop_code}/reveal": FACILITATE,
    "POST /workshops/{workshop_code}/copy": FACILITATE,
    "GET /workshop-templates": FACILITATE,
    "POST /workshop-templates": FACILITATE,
    "GET /workshop-templates/{template_code}": FACILITATE,
    "PATCH /workshop-templates/{template_code}": FACILITATE,
    "DELETE /workshop-templates/{template_code}": FACILITATE,
    "POST /workshop-templates/{template_code}/workshops": FACILITATE,
    "GET /workshops/{workshop_code}/timer": FACILITATE,
    "POST /workshops/{workshop_code}/timer": FACILITATE,
    "PUT /workshops/{workshop_code}/timings": FACILITATE,
    "GET /workshops/{workshop_code}/board": FACILITATE,
    "GET /workshops/{workshop_code}/board/overview": FACILITATE,
    "POST /workshops/{workshop_code}/cards/{card}/hide": FACILITATE,
    "POST /workshops/{workshop_code}/cards/{card}/remove-sheet": FACILITATE,
    "GET /workshops/{workshop_code}/check": FACILITATE,
    "POST /workshops/{workshop_code}/cards/{card}/check": FACILITATE,
    "POST /workshops/{workshop_code}/sheets/remove-empty": FACILITATE,
    "GET /workshops/{workshop_code}/export": FACILITATE,
    "GET /workshops/{workshop_code}/paper.pdf": FACILITATE,
    "POST /workshops/{workshop_code}/import": FACILITATE,
    "GET /workshops/{workshop_code}/themes": FACILITATE,
    "POST /workshops/{workshop_code}/themes": FACILITATE,
    "POST /workshops/{workshop_code}/themes/suggest": FACILITATE,
    "POST /workshops/{workshop_code}/themes/assist/group": FACILITATE,
    "POST /workshops/{workshop_code}/themes/grouping": FACILITATE,
    "POST /workshops/{workshop_code}/themes/move": FACILITATE,
    "PATCH /workshops/{workshop_code}/themes/{theme_code}": FACILITATE,
    "DELETE /workshops/{workshop_code}/themes/{theme_code}": FACILITATE,
    "POST /workshops/{workshop_code}/themes/{theme_code}/merge": FACILITATE,
    "GET /workshops/{workshop_code}/principles": FACILITATE,
    "POST /workshops/{workshop_code}/principles": FACILITATE,
    "POST /workshops/{workshop_code}/principles/order": FACILITATE,
    "GET /workshops/{workshop_code}/principles/coverage": FACILITATE,
    "GET /workshops/{workshop_code}/principles/{principle_code}": FACILITATE,
    "PUT /workshops/{workshop_code}/principles/{principle_code}": FACILITATE,
    "POST /workshops/{workshop_code}/principles/{principle_code}/withdraw": FACILITATE,
    "PUT /workshops/{workshop_code}/principles/{principle_code}/cells/{level}": FACILITATE,
    "GET /workshops/{workshop_code}/agreement/rounds": FACILITATE,
    "POST /workshops/{workshop_code}/agreement/rounds": FACILITATE,
    "GET /workshops/{workshop_code}/agreement/rounds/{number}": FACILITATE,
    "POST /workshops/{workshop_code}/agreement/rounds/{number}/close": FACILITATE,
    "POST /workshops/{workshop_code}/agreement/rounds/{number}/reveal": FACILITATE,
    # Charters: "members read; facilitators and admins change"; admins choose the signatures.
    "GET /charters/signoff": ADMINISTER,
    "PUT /charters/signoff": ADMINISTER,
    "GET /charters": READ,
    "POST /charters": FACILITATE,
    "GET /charters/{charter_code}": READ,
    "POST /charters/{charter_code}/workshops": FACILITATE,
    "POST /charters/{charter_code}/principles": FACILITATE,
    "PUT /charters/{charter_code}/principles/{principle_code}": FACILITATE,
    "DELETE /charters/{charter_code}/principles/{principle_code}": FACILITATE,
    "PUT /charters/{charter_code}/principles/{principle_code}/cells/{level}": FACILITATE,
    "POST /charters/{charter_code}/principles/{principle_code}/move": FACILITATE,
    "POST /charters/{charter_code}/principles/{principle_code}/merge": FACILITATE,
    "POST /charters/{charter_code}/propose": FACILITATE,
    "POST /charters/{charter_code}/back-to-draft": FACILITATE,
    # Any member may try to sign: whether they hold the role is the action's 400.
    "POST /charters/{charter_code}/sign": READ,
    "POST /charters/{charter_code}/adopt": MANAGE,
    "POST /charters/{charter_code}/new-draft": FACILITATE,
    "GET /charters/{charter_code}/versions": READ,
    "GET /charters/{charter_code}/versions/{number}": READ,
    "GET /charters/{charter_code}/versions/{number}/changes": READ,
    "GET /charters/{charter_code}/export": READ,
    "POST /charters/{charter_code}/share": FACILITATE,
    "DELETE /charters/{charter_code}/share": FACILITATE,
    "GET /charters/{charter_code}/cascade": READ,
    "POST /charters/{charter_code}/cascade/adopt": FACILITATE,
    "POST /charters/{charter_code}/principles/{principle_code}/propose-upward": FACILITATE,
    "POST /charters/{charter_code}/proposals/{proposal}/take": FACILITATE,
    "POST /charters/{charter_code}/proposals/{proposal}/decline": FACILITATE,
    "POST /charters/{charter_code}/proposals/{proposal}/withdraw": FACILITATE,
    # The commons, from the organisation's side.
    "GET /commons": ADMINISTER,
    "PUT /charters/{charter_code}/publication": ADMINISTER,
    "DELETE /charters/{charter_code}/publication": ADMINISTER,
    "GET /charters/{charter_code}/publication/preview": ADMINISTER,
    "POST /charters/{charter_code}/from-template": FACILITATE,
    # Reflection: "any member reads …; facilitators, admins and managers open rounds, set
    # the schedule, add and follow up actions and start revisits (403 for other members)".
    "GET /charters/{charter_code}/rounds": READ,
    "POST /charters/{charter_code}/rounds": MANAGE,
    "GET /charters/{charter_code}/schedule": READ,
    "PUT /charters/{charter_code}/schedule": MANAGE,
    "GET /charters/{charter_code}/trends": READ,
    "POST /charters/{charter_code}/revisit": MANAGE,
    "GET /reflection/{round}": READ,
    "POST /reflection/{round}/close": MANAGE,
    "POST /reflection/{round}/slips": MANAGE,
    "GET /reflection/{round}/participation": MANAGE,
    "POST /reflection/{round}/actions": MANAGE,
    "PUT /reflection/{round}/actions/{action}": MANAGE,
    "GET /reflection/{round}/export": READ,
    "GET /reflection/{round}/checkin": PLACED,
    "POST /reflection/{round}/checkin": PLACED,
    "GET /units/{unit_code}/reflection": MANAGE,
    "GET /audit": AUDIT,
    "GET /audit/export": AUDIT,
}

API_SIGNED_IN = _each(OK, **dict.fromkeys(NO_ACCOUNT, UNAUTHORISED))
API_READERS = _each(
    FORBIDDEN,
    **dict.fromkeys(NO_ACCOUNT, UNAUTHORISED),
    coordinator=OK,
    facilitator=OK,
    admin=OK,
)
API_COORDINATORS = _each(FORBIDDEN, **dict.fromkeys(NO_ACCOUNT, UNAUTHORISED), coordinator=OK)
# The sheet's own token (`vsh_…`) is the only key to /api/worksheets/me: both participants
# reach their own sheet (no path names a workshop), a personal token is no sheet token.
SHEET_TOKEN = _each(UNAUTHORISED, participant=OK, other_participant=OK)

# Every other operation: each persona's answer.
API: dict[str, Expect] = {
    "GET /api/me": API_SIGNED_IN,
    "GET /api/me/data": API_SIGNED_IN,  # one's own data
    "GET /api/me/notifications": API_SIGNED_IN,  # one's own switches
    "PUT /api/me/notifications": API_SIGNED_IN,
    "DELETE /api/me": API_SIGNED_IN,  # one's own account, with the password
    "GET /api/organisations": API_SIGNED_IN,  # one's own (none for Nina)
    "POST /api/organisations": API_SIGNED_IN,  # anyone with an account may start one
    "GET /api/commons/search": API_READERS,
    "GET /api/commons/publications/{publication}": API_READERS,
    "GET /api/commons/dashboard": API_COORDINATORS,
    # Templates are read by the facilitators and admins of every organisation (Olga too).
    "GET /api/commons/templates": _each(
        OK,
        **dict.fromkeys(NO_ACCOUNT, UNAUTHORISED),
        **dict.fromkeys((MEMBER, *SCOPED), FORBIDDEN),
    ),
    "POST /api/commons/templates": API_COORDINATORS,
    "PUT /api/commons/templates/{template}": API_COORDINATORS,
    "POST /api/worksheets/join": EVERYONE,  # with this workshop's (public) join code
    # A personal check-in link: the token is the credential (used once, then a 409).
    "GET /api/checkin-links/{token}": EVERYONE,
    "POST /api/checkin-links/{token}": EVERYONE,
    "GET /api/worksheets/me": SHEET_TOKEN,
    "PUT /api/worksheets/me/fields/{field}": SHEET_TOKEN,
    "POST /api/worksheets/me/submit": SHEET_TOKEN,
    "POST /api/worksheets/me/resume-code": SHEET_TOKEN,
    # "404 while there is none": the other workshop has no agreement round yet.
    "GET /api/worksheets/me/agreement": {**SHEET_TOKEN, OTHER_PARTICIPANT: NOT_FOUND},
    "POST /api/worksheets/me/agreement": {**SHEET_TOKEN, OTHER_PARTICIPANT: NOT_FOUND},
    "POST /api/worksheets/me/principles": SHEET_TOKEN,
}

# Bugs found by this test and reported, not yet fixed: (persona, method, route) -> why. Such
# a case must still answer wrongly (like a strict xfail): once it is fixed, the test says so,
# and the row goes.
KNOWN_BUGS: dict[tuple[str, str, str], str] = {}

# --- What the calls send --------------------------------------------------------------------

# A page's form, where an empty POST would not reach the part that is being checked
# ("{name}" is filled in from the prepared values).
PAGE_FORMS: dict[str, dict[str, str]] = {
    "o/<str:org>/charters/<str:code>/do/": {"do": "propose"},
    "o/<str:org>/charters/<str:code>/cascade/": {
        "do": "propose",
        "principle": "{charter_principle}",
    },
    "o/<str:org>/commons/": {
        "do": "preview",
        "charter": "{adopted_charter}",
        "sector": "culture",
        "size_band": "50-249",
    },
    "o/<str:org>/commons/templates/": {"charter": "{code}", "template": "{template}"},
}
# A JSON body, for a page that reads one (the worksheet's autosave).
PAGE_BODIES: dict[str, Any] = {
    "j/<str:join_code>/save": {"field": "q1", "text": "Tid", "seq": 9},
}
# A request body the schema cannot guess.
API_BODIES: dict[str, Any] = {
    "POST /api/worksheets/join": {"join_code": "{join_code}"},
    "POST /api/organisations/{org}/charters/{charter_code}/cascade/adopt": {
        "parent": "{adopted_charter}",
        "principle": "{adopted_principle}",
    },
    "POST /api/organisations/{org}/charters/{charter_code}/from-template": {
        "template": "{template}"
    },
}
# Parameters whose value depends on the route: (route, parameter) -> key in the values.
ROUTE_VALUES: dict[tuple[str, str], str] = {
    ("invitation/<str:token>/", "token"): "invitation_token",
    ("accounts/password-reset/<uidb64>/<token>/", "uidb64"): "reset_uid",
    ("accounts/password-reset/<uidb64>/<token>/", "token"): "reset_token",
    ("accounts/tokens/<str:code>/revoke/", "code"): "api_token",
    ("c/<str:token>/", "token"): "share_token",
    ("c/<str:token>/print/", "token"): "share_token",
    ("tjek/<str:token>/", "token"): "checkin_token",
    ("tjek/stop/<str:token>/", "token"): "stop_token",
    ("j/<str:join_code>/r/<str:token>/", "token"): "sheet_token",
    ("r/<str:code>/", "code"): "round",
    ("national/publications/<str:code>/", "code"): "publication",
    ("national/templates/<str:code>/", "code"): "template",
    # Any word does: without a SCIM token nothing behind them is read.
    ("scim/v2/ResourceTypes/<str:name>", "name"): "level",
    ("scim/v2/Schemas/<str:urn>", "urn"): "level",
}

# --- The routes and operations -------------------------------------------------------------

PARAM = page_tenant.PARAM


def _page_routes() -> list[str]:
    return sorted(page_tenant.ROUTES)  # without Django's admin: see the end of _cases


def _api_operations(client: Client) -> list[tuple[str, str, Any, dict[str, Any]]]:
    """(method, path, body, required query parameters) of every operation in the schema."""
    schema = client.get("/api/openapi.json").json()
    components = schema["components"]["schemas"]
    found = []
    for method, path, body in api_tenant._operations(schema):
        parameters = schema["paths"][path][method.lower()].get("parameters", [])
        query = {
            p["name"]: api_tenant._example(p["schema"], components)
            for p in parameters
            if p["in"] == "query" and p.get("required")
        }
        found.append((method, path, body, query))
    return found


def _is_api(route: str) -> bool:
    return page_tenant._is_api(page_tenant.ROUTES[route][0])


# --- The prepared world ---------------------------------------------------------------------


@dataclass
class Prepared:
    values: dict[str, str]
    pages: dict[str, Client]
    api: dict[str, Client]


def _prepare(world: World, nina: User, branches: Branches | None = None) -> Prepared:
    """Havneby with everything a route can name: a workshop in the agreement phase with a
    card, a theme, a principle and round 1; an adopted charter (with a reflection round and
    action 1, Alice placed in its unit) and a draft one (version 1) shared by link; a
    proposal from the Web team's charter; an open invitation; the adopted charter published
    to the commons; a template; and one participant in the workshop, one in another."""
    values = api_tenant._values(world)
    workshop = Workshop.objects.get(code=values["workshop"])
    draft = Charter.objects.get(code=values["charter"])
    adopted = Charter.objects.get(code=values["adopted_charter"])
    proposal = UpwardProposal.objects.select_related("from_charter").get(code=values["proposal"])
    publication = commons_actions.publish(
        world.alice, adopted, sector="culture", size_band="50-249", share_reflection=True
    )
    template = commons_actions.create_template(nina, statement_da="vi tjekker kilderne")
    api_token, _raw = issue_token(world.alice, "matrix")
    values |= {
        "code": values["charter"],  # a charter's, in the pages
        "join_code": workshop.join_code,
        "field": "q1",
        "proposing_charter": proposal.from_charter.code,
        "adopted_principle": adopted.principles.first().code,
        "invitation_token": Invitation.objects.get(code=values["invitation"]).token,
        "api_token": api_token.code,
        "share_token": sharing_actions.share(world.alice, draft),
        "checkin_token": links.token_of(links.blank(Round.objects.get(code=values["round"]))),
        "stop_token": reminders.stop_token(
            Contact.objects.create(unit=world.unit, email="deltager@borger.example")
        ),
        "publication": publication.code,
        "template": template.code,
    }
    elsewhere = workshop_actions.create_workshop(
        world.fiona,
        world.havneby,
        unit=world.unit,
        title="Et andet værksted",
        date=datetime.date(2026, 12, 4),
        language="da",
    )
    users = {
        MEMBER: world.mads,
        FACILITATOR: world.fiona,
        ADMIN: world.alice,
        OUTSIDER: world.olga,
        COORDINATOR: nina,
    }
    if branches is not None:  # the personas with a scope, where the caller wants them
        users |= {
            UNIT_MANAGER: branches.kim,
            UNIT_TR: branches.tina,
            ABOVE_MANAGER: branches.dora,
            ABOVE_TR: branches.ulla,
            BRANCH_MANAGER: branches.sara,
            BRANCH_TR: branches.tom,
        }
    pages = {persona: Client() for persona in PERSONAS}
    api = {persona: Client() for persona in PERSONAS}
    for persona, user in users.items():
        pages[persona].force_login(user)
        _token, raw = issue_token(user, "matrix")
        api[persona] = Client(headers={"authorization": f"Bearer {raw}"})
    # The participants join as a phone does: the page leaves the sheet's token in a cookie,
    # the API answers with one.
    for persona, joined in ((PARTICIPANT, workshop), (OTHER_PARTICIPANT, elsewhere)):
        response = pages[persona].post(f"/j/{joined.join_code}/")
        assert response.status_code == 302, response
        raw = (
            api[ANONYMOUS]
            .post(
                "/api/worksheets/join",
                json.dumps({"join_code": joined.join_code}),
                content_type="application/json",
            )
            .json()["token"]
        )
        api[persona] = Client(headers={"authorization": f"Bearer {raw}"})
    values["sheet_token"] = sheet_actions.join(workshop).token
    # After the logins: a reset link stops working once its person has logged in since.
    world.alice.refresh_from_db()
    values["reset_uid"] = urlsafe_base64_encode(force_bytes(world.alice.pk))
    values["reset_token"] = default_token_generator.make_token(world.alice)
    return Prepared(values, pages, api)


# --- Expectations ---------------------------------------------------------------------------


ORG_ROUTE = "o/<str:org>/"


def _org_route(route: str) -> str | None:
    """ "o/<str:org>/units/" -> "units/", as in ORG_PAGES."""
    return route.removeprefix(ORG_ROUTE) if route.startswith(ORG_ROUTE) else None


def _page_expect(route: str, method: str) -> Expect:
    if _org_route(route) in ORG_PAGES:
        level = ORG_PAGES[str(_org_route(route))][0 if method == "GET" else 1]
        return {p: _org_outcome(level, p, api=False) for p in PERSONAS}
    get, post = PAGES[route]
    return get if method == "GET" else post


ORG_PATH = "/api/organisations/{org}"


def _org_operation(operation: str) -> str:
    """ "GET /api/organisations/{org}/units" -> "GET /units", as in ORG_API."""
    method, path = operation.split(" ", 1)
    return f"{method} {path.removeprefix(ORG_PATH) or '/'}" if path.startswith(ORG_PATH) else ""


def _api_expect(operation: str) -> Expect:
    if _org_operation(operation) in ORG_API:
        return {p: _org_outcome(ORG_API[_org_operation(operation)], p, api=True) for p in PERSONAS}
    return API[operation]


# --- Calls ----------------------------------------------------------------------------------


@dataclass
class Case:
    kind: str  # "page" or "api"
    method: str
    route: str  # the pattern, as in the tables
    url: str
    expect: Expect
    form: dict[str, str] | None = None
    body: Any = None


def _fill_strings(value: Any, values: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**values) if "{" in value else value
    if isinstance(value, dict):
        return {k: _fill_strings(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill_strings(v, values) for v in value]
    return value


def _page_url(route: str, values: dict[str, str]) -> str:
    filled = page_tenant._for(route, values)
    for (pattern, name), key in ROUTE_VALUES.items():
        if pattern == route:
            filled = {**filled, name: values[key]}
    return page_tenant._fill(route, filled)


def _api_url(path: str, values: dict[str, str]) -> str:
    filled = api_tenant._for(path, values)
    if path.endswith("/proposals/{proposal}/withdraw"):
        filled = {**filled, "charter_code": values["proposing_charter"]}  # its own proposal

    def one(match: re.Match[str]) -> str:
        if match.group(1) not in filled:
            pytest.fail(f"{path}: teach this test how to fill in {{{match.group(1)}}}")
        return filled[match.group(1)]

    return api_tenant.PARAM.sub(one, path)


def _cases(client: Client, values: dict[str, str]) -> Iterator[Case]:
    for route in _page_routes():
        if _is_api(route):
            continue
        url = _page_url(route, values)
        for method in ("GET", "POST"):
            expect = _page_expect(route, method)
            if method == "POST" and route in PAGE_BODIES:
                yield Case("page", method, route, url, expect, body=PAGE_BODIES[route])
            elif method == "POST":
                form = _fill_strings(PAGE_FORMS.get(route, {}), values)
                yield Case("page", method, route, url, expect, form=form)
            else:
                yield Case("page", method, route, url, expect)
    for method, path, body, query in _api_operations(client):
        operation = f"{method} {path}"
        body = _fill_strings(API_BODIES.get(operation, body), values)
        url = _api_url(path, values) + (f"?{urlencode(query)}" if query else "")
        yield Case("api", method, path, url, _api_expect(operation), body=body)
    # Django's admin is for staff: nobody here is, whoever they are.
    yield Case("page", "GET", "admin/", "/admin/", _each(ADMIN_LOGIN))


@dataclass
class Answer:
    status: int
    location: str = ""
    error: str = ""


def _send(client: Client, case: Case) -> Answer:
    """One call, in a savepoint rolled back afterwards, with the client's cookies (its
    session, its sheet) put back as they were: every call meets the same world."""
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            try:
                if case.body is not None:
                    response = client.generic(
                        case.method, case.url, json.dumps(case.body), "application/json"
                    )
                elif case.method == "POST":
                    response = client.post(case.url, case.form or {})
                else:
                    response = client.generic(case.method, case.url)
            finally:
                transaction.set_rollback(True)
    except Exception as error:  # noqa: BLE001 - every failure is collected and reported together
        return Answer(500, error=_where(error))
    finally:
        client.cookies = cookies
    if response.streaming:  # an event stream or a file: the status is enough
        # Closing a response sends request_finished, whose close_old_connections would
        # close the test's own connection (it is inside the test's transaction).
        request_finished.disconnect(close_old_connections)
        try:
            response.close()
        finally:
            request_finished.connect(close_old_connections)
    return Answer(response.status_code, response.get("Location", ""))


def _where(error: Exception) -> str:
    """The exception, and the last line of this project's code it passed through."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if f.filename.startswith(str(ROOT)) and "/.venv/" not in f.filename]
    frame = (ours or frames)[-1]
    where = frame.filename.removeprefix(f"{ROOT}/")
    return f"{type(error).__name__}: {error} ({where}:{frame.lineno})"


def _outcome(answer: Answer) -> str:
    if 300 <= answer.status < 400:
        if answer.location.startswith("/accounts/login/"):
            return LOGIN
        if answer.location.startswith("/admin/login/"):
            return ADMIN_LOGIN
        if re.fullmatch(r"/j/[^/]+/", answer.location):
            return JOIN
        return OK
    if answer.status < 300:
        return OK
    return next((name for name, code in REFUSALS.items() if code == answer.status), "")


def _as_expected(method: str, expected: str, answer: Answer) -> bool:
    if answer.status >= 500:
        return False
    got = _outcome(answer)
    if expected == OK and method != "GET":
        # An allowed write may still be refused on its merits, never for who is asking.
        return got == OK or answer.status in MERITS
    return got == expected


def _record(persona: str, counts: dict[str, Any], mine: dict[str, Any]) -> None:
    """Merge this persona's figures into test-results/access-matrix.json (the personas run
    in parallel, each in its own test, perhaps in its own process)."""
    RESULTS.parent.mkdir(exist_ok=True)
    with RESULTS.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        try:
            summary = json.loads(handle.read() or "{}")
        except ValueError:
            summary = {}
        by_persona = {
            p: figures for p, figures in summary.get("by_persona", {}).items() if p in PERSONAS
        }
        by_persona[persona] = mine
        summary = {
            **counts,
            "personas": list(PERSONAS),
            "calls": sum(figures["calls"] for figures in by_persona.values()),
            "by_persona": by_persona,
        }
        handle.seek(0)
        handle.truncate()
        json.dump(summary, handle, indent=2, sort_keys=True)
        handle.write("\n")


# --- Tests ----------------------------------------------------------------------------------


def test_every_route_and_operation_has_a_row(client: Client) -> None:
    pages = [r for r in _page_routes() if not _is_api(r)]
    missing = [r for r in pages if (_org_route(r) in ORG_PAGES) == (r in PAGES)]
    assert not missing, (
        f"add these pages to ORG_PAGES (under {ORG_ROUTE}) or PAGES in {__file__}, saying who "
        f"may use them: {missing}"
    )
    misplaced = [r for r in PAGES if r.startswith(ORG_ROUTE)]
    assert not misplaced, f"an organisation's pages belong in ORG_PAGES: {misplaced}"
    stale = (set(ORG_PAGES) - {_org_route(r) for r in pages}) | (set(PAGES) - set(pages))
    assert not stale, f"rows for pages that no longer exist: {sorted(stale)}"

    operations = [f"{m} {p}" for m, p, _, _ in _api_operations(client)]
    missing = [o for o in operations if (_org_operation(o) in ORG_API) == (o in API)]
    assert not missing, (
        f"add these operations to ORG_API (under {ORG_PATH}) or API in "
        f"{__file__}, saying who may use them: {missing}"
    )
    misplaced = [o for o in API if "{org}" in o]
    assert not misplaced, f"an organisation's operations belong in ORG_API: {misplaced}"
    stale = (set(ORG_API) - {_org_operation(o) for o in operations}) | (set(API) - set(operations))
    assert not stale, f"rows for operations that no longer exist: {sorted(stale)}"
    known = [(m, r) for _p, m, r in KNOWN_BUGS]
    assert all(r in pages or f"{m} {r}" in operations for m, r in known), KNOWN_BUGS


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_and_operation_answers_each_persona_as_the_role_model_says(
    persona: str, world: World, nina: User, branches: Branches, settings: Settings
) -> None:
    settings.LIVE_BOUNDED_STREAMS = True  # event streams end instead of waiting
    started = time.monotonic()
    prepared = _prepare(world, nina, branches)
    cases = list(_cases(prepared.api[ANONYMOUS], prepared.values))
    failures: list[str] = []
    outcomes: Counter[str] = Counter()
    for case in cases:
        client = (prepared.pages if case.kind == "page" else prepared.api)[persona]
        answer = _send(client, case)
        outcomes[_outcome(answer) or str(answer.status)] += 1
        expected = case.expect[persona]
        call = f"{persona} {case.method} {case.url} ({case.route})"
        known = KNOWN_BUGS.get((persona, case.method, case.route))
        if not _as_expected(case.method, expected, answer):
            if not known:
                got = " ".join(str(x) for x in (answer.status, answer.location, answer.error) if x)
                failures.append(f"{call}: expected {expected}, got {got}")
        elif known:
            failures.append(f"{call} answers as expected now: take it out of KNOWN_BUGS")
    counts = {
        "page_routes": len({c.route for c in cases if c.kind == "page"} - {"admin/"}),
        "api_operations": sum(c.kind == "api" for c in cases),
        "known_bugs": len(KNOWN_BUGS),
    }
    mine = {
        "calls": sum(outcomes.values()),
        "outcomes": dict(outcomes),
        "failures": len(failures),
        "seconds": round(time.monotonic() - started, 2),
    }
    _record(persona, counts, mine)
    assert not failures, f"{len(failures)} unexpected answers:\n" + "\n".join(failures)
