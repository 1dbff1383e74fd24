"""Units and people from a CSV or XLSX file, previewed before anything is saved.

`parse()` reads a file into rows. `plan()` compares them with the organisation as it is
and says, row by row, what would be created, changed, left as it is or refused, and why.
`import_directory()` plans again (the organisation may have changed since the preview)
and saves it all in one transaction: every row or none.

Columns (headers in English or Danish, any case): `unit` — the unit's path from the top,
`Havnestad Kommune/Sundhed/Hjemmeplejen`; `level`; `email`; `name`; `role`; `manager`,
`TR`, `AMR` (yes/no). A row without an e-mail address is about its unit only. A unit that
does not exist yet is made; without a level it gets the level below its parent's (the top
one is a corporate group), which the preview shows. See docs/directory.md.
"""

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vogter.accounts.models import User
from vogter.directory.actions.people import account_for, linkable
from vogter.directory.import_problems import Problem
from vogter.lib.errors import ActionError, record
from vogter.lib.spreadsheets import MAX_FILE_BYTES, is_empty, read_table
from vogter.organisations.actions import memberships as membership_actions
from vogter.organisations.actions import units as unit_actions
from vogter.organisations.models import LEVEL_RANK, Membership, Organisation, Role, Unit, UnitLevel

MAX_ROWS = 10000
__all__ = ["MAX_FILE_BYTES", "Preview", "import_directory", "parse", "plan"]

FLAGS = ("is_manager", "is_union_rep", "is_safety_rep")


def _norm(text: str) -> str:
    text = text.replace("\ufeff", "").casefold()
    return re.sub(r"[\s_\-]+", " ", text).strip().rstrip(":").strip()


HEADER_NAMES = {
    _norm(name): key
    for key, names in {
        "unit": ("unit", "unit path", "path", "enhed", "sti", "placering"),
        "level": ("level", "niveau"),
        "email": ("email", "e-mail", "mail", "e-mail address", "e-mailadresse"),
        "name": ("name", "navn"),
        "role": ("role", "rolle"),
        "is_manager": ("manager", "leder"),
        "is_union_rep": ("tr", "union representative", "tillidsrepræsentant"),
        "is_safety_rep": ("amr", "work environment representative", "arbejdsmiljørepræsentant"),
    }.items()
    for name in names
}
YES = {"yes", "ja", "x", "1", "true", "sand", "y", "j"}
NO = {"no", "nej", "0", "false", "falsk", "n"}


def _choices(choices: Any, extra: dict[str, str]) -> dict[str, str]:
    """Each choice by its value and by its label in either language."""
    names = dict(extra)
    for value, label in choices.choices:
        names[_norm(value)] = value
        for language in ("da", "en"):
            with translation.override(language):
                names[_norm(str(label))] = value
    return names


def _levels() -> dict[str, str]:
    return _choices(UnitLevel, {"corporate group": UnitLevel.CORPORATE_GROUP})


def _roles() -> dict[str, str]:
    return _choices(Role, {"admin": Role.ADMIN, "administrator": Role.ADMIN, "medlem": Role.MEMBER})


# --- Reading ---------------------------------------------------------------------------


@dataclass
class Row:
    number: int  # as a spreadsheet numbers it: the header is row 1
    path: list[str]
    level: str = ""
    email: str = ""
    name: str = ""
    role: str = ""
    flags: dict[str, bool] = field(default_factory=dict)  # only the columns given
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Preview:
    filename: str
    rows: list[Row] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    # Kept between the upload and the confirmation (see views.py).
    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Preview":
        def problems(items: list[dict[str, Any]]) -> list[Problem]:
            return [Problem(**p) for p in items]

        rows = [Row(**{**r, "problems": problems(r["problems"])}) for r in data["rows"]]
        return cls(data["filename"], rows, problems(data["errors"]), problems(data["warnings"]))


def parse(file_bytes: bytes, filename: str) -> Preview:
    """Read CSV or XLSX bytes. Never raises on bad input: the problems are in the preview."""
    preview = Preview(filename=filename)
    read = read_table(file_bytes, filename, MAX_ROWS)
    preview.errors.extend(Problem(code, params) for code, params in read.errors)
    preview.warnings.extend(Problem(code, params) for code, params in read.warnings)
    if read.table is not None and not preview.errors:
        _rows(read.table, preview)
    return preview


def _rows(table: list[list[str]], preview: Preview) -> None:
    start = next((i for i, cells in enumerate(table) if not is_empty(cells)), None)
    if start is None:
        preview.errors.append(Problem("empty_file"))
        return
    keys: list[str | None] = []
    unknown: list[str] = []
    for name in table[start]:
        key = HEADER_NAMES.get(_norm(name))
        if key is None and name.strip():
            unknown.append(name.strip())
        if key is not None and key in keys:
            preview.errors.append(Problem("duplicate_column", {"column": name.strip()}))
        keys.append(key)
    if "unit" not in keys and "email" not in keys:
        preview.errors.append(Problem("no_columns"))
        return
    if unknown:
        preview.warnings.append(Problem("unknown_columns", {"columns": unknown}))
    body = table[start + 1 :]
    if sum(not is_empty(cells) for cells in body) > MAX_ROWS:
        preview.errors.append(Problem("too_many_rows", {"max": MAX_ROWS}))
    if preview.errors:
        return
    levels, roles = _levels(), _roles()
    skipped = 0
    for offset, cells in enumerate(body):
        values = {k: " ".join(c.split()) for k, c in zip(keys, cells, strict=False) if k}
        if not any(values.values()):
            skipped += 1
            continue
        preview.rows.append(_row(start + offset + 2, values, levels, roles))
    if skipped:
        preview.warnings.append(Problem("skipped_empty", {"count": skipped}))


def _row(number: int, values: dict[str, str], levels: dict[str, str], roles: dict[str, str]) -> Row:
    path = [part.strip() for part in values.get("unit", "").split("/") if part.strip()]
    row = Row(number, path, email=values.get("email", "").lower(), name=values.get("name", ""))
    if any(len(part) > 200 for part in path):
        row.problems.append(Problem("bad_name", {"unit": values["unit"][:80]}))
    if values.get("level"):
        row.level = levels.get(_norm(values["level"]), "")
        if not row.level:
            row.problems.append(Problem("bad_level", {"value": values["level"]}))
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            row.problems.append(Problem("bad_email", {"value": values["email"]}))
    if values.get("role"):
        row.role = roles.get(_norm(values["role"]), "")
        if not row.role:
            row.problems.append(Problem("bad_role", {"value": values["role"]}))
    for flag in FLAGS:
        if not values.get(flag):
            continue  # an empty cell leaves it as it is (no, for a new member)
        text = _norm(values[flag])
        if text in YES or text in NO:
            row.flags[flag] = text in YES
        else:
            row.problems.append(Problem("bad_yes_no", {"flag": flag, "value": values[flag]}))
    return row


# --- Planning ------------------------------------------------------------------------------


@dataclass
class Outcome:
    """One thing a row would do, worded when shown."""

    code: str  # unit_create, unit_level, person_create, person_join, person_change
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        p = self.params
        match self.code:
            case "unit_create":
                return _("New unit %(unit)s (%(level)s)") % {
                    "unit": p["unit"],
                    "level": UnitLevel(p["level"]).label.lower(),
                }
            case "unit_level":
                return _("%(unit)s becomes a %(level)s") % {
                    "unit": p["unit"],
                    "level": UnitLevel(p["level"]).label.lower(),
                }
            case "person_create":
                return _("New account and member: %(email)s") % p
            case "person_join":
                return _("Existing account becomes a member: %(email)s") % p
            case "person_change":
                return _("Changed for %(email)s: %(fields)s") % {
                    "email": p["email"],
                    "fields": ", ".join(_field_label(f) for f in p["fields"]),
                }
        return self.code


def _field_label(name: str) -> str:
    return {
        "unit": _("unit"),
        "role": _("role"),
        "is_manager": _("manager"),
        "is_union_rep": _("TR"),
        "is_safety_rep": _("AMR"),
    }[name]


@dataclass
class UnitStep:
    path: tuple[str, ...]
    level: str
    unit: Unit | None  # the existing unit, None for a new one
    parent: "UnitStep | None"
    create: bool = False
    change_level: bool = False
    refused: bool = False


@dataclass
class RowPlan:
    number: int
    unit: str
    email: str
    name: str
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.problems:
            return "refused"
        return "change" if self.outcomes else "unchanged"


@dataclass
class Plan:
    rows: list[RowPlan]
    units: list[UnitStep]
    people: list[tuple[Row, UnitStep | None]]

    @property
    def refused(self) -> list[RowPlan]:
        return [r for r in self.rows if r.problems]

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.rows)


def _inferred_level(parent: UnitStep | None) -> str:
    """Below a corporate group a department, below that a unit, then groups."""
    if parent is None:
        return UnitLevel.CORPORATE_GROUP
    rank = max(LEVEL_RANK[UnitLevel(parent.level)] - 1, 0)
    return list(UnitLevel)[rank].value


def plan(organisation: Organisation, preview: Preview) -> Plan:
    """What importing the preview's rows into the organisation as it is now would do."""
    existing = {
        (unit.parent_id, unit.name.casefold()): unit
        for unit in Unit.objects.filter(organisation=organisation)
    }
    given: dict[tuple[str, ...], tuple[str, int]] = {}
    conflicts: dict[int, Problem] = {}
    for row in preview.rows:
        key = tuple(p.casefold() for p in row.path)
        if row.level and key:
            if key in given and given[key][0] != row.level:
                conflicts[row.number] = Problem(
                    "level_conflict", {"unit": row.path[-1], "row": given[key][1]}
                )
            given.setdefault(key, (row.level, row.number))

    steps: dict[tuple[str, ...], UnitStep] = {}
    rows: list[RowPlan] = []
    people: list[tuple[Row, UnitStep | None]] = []
    seen_emails: dict[str, int] = {}
    users = _users([r.email for r in preview.rows if r.email])
    memberships = {
        m.user_id: m
        for m in Membership.objects.filter(
            organisation=organisation, user__in=[u.pk for u in users.values()]
        ).select_related("unit")
    }
    may_link = linkable(organisation, users.values())
    for row in preview.rows:
        plan_row = RowPlan(row.number, " / ".join(row.path), row.email, row.name)
        plan_row.problems.extend(row.problems)
        if row.number in conflicts:
            plan_row.problems.append(conflicts[row.number])
        step = None
        for depth in range(1, len(row.path) + 1):
            key = tuple(p.casefold() for p in row.path[:depth])
            if key not in steps:
                steps[key] = _unit_step(row.path[:depth], key, steps, existing, given, plan_row)
            step = steps[key]
        if step is not None and step.refused and not plan_row.problems:
            plan_row.problems.append(Problem("unit_refused", {"unit": " / ".join(step.path)}))
        if row.email:
            if row.email in seen_emails:
                plan_row.problems.append(
                    Problem("duplicate_email", {"email": row.email, "row": seen_emails[row.email]})
                )
            seen_emails.setdefault(row.email, row.number)
            user = users.get(row.email)
            if user is not None and user.pk not in may_link:
                # Worded as any taken address: the preview must not tell an admin which
                # addresses have an account in another organisation.
                plan_row.problems.append(Problem("address_taken", {"email": row.email}))
            if not plan_row.problems:
                _person_outcome(row, step, users, memberships, plan_row)
                people.append((row, step))
        rows.append(plan_row)
    return Plan(rows, list(steps.values()), people)


def _unit_step(
    path: list[str],
    key: tuple[str, ...],
    steps: dict[tuple[str, ...], UnitStep],
    existing: dict[tuple[int | None, str], Unit],
    given: dict[tuple[str, ...], tuple[str, int]],
    plan_row: RowPlan,
) -> UnitStep:
    parent = steps.get(key[:-1]) if len(key) > 1 else None
    unit = None
    if parent is None or parent.unit is not None:
        unit = existing.get((parent.unit.pk if parent and parent.unit else None, key[-1]))
    wanted = given.get(key, ("", 0))[0]
    level = wanted or (unit.level if unit else _inferred_level(parent))
    step = UnitStep(tuple(path), level, unit, parent)
    if unit is not None:
        step.path = (*(parent.path if parent else ()), unit.name)
    name = step.path[-1]
    if parent is not None and parent.refused:
        step.refused = True
        return step
    if parent is not None and LEVEL_RANK[UnitLevel(level)] > LEVEL_RANK[UnitLevel(parent.level)]:
        step.refused = True
        plan_row.problems.append(
            Problem("too_big_for_parent", {"unit": name, "parent": parent.path[-1]})
        )
        return step
    if unit is None:
        step.create = True
        plan_row.outcomes.append(Outcome("unit_create", {"unit": name, "level": level}))
    elif level != unit.level:
        step.change_level = True
        plan_row.outcomes.append(Outcome("unit_level", {"unit": name, "level": level}))
    return step


def _users(emails: list[str]) -> dict[str, User]:
    found: dict[str, User] = {}
    unique = sorted(set(emails))
    for start in range(0, len(unique), 1000):
        for user in User.objects.filter(email__in=unique[start : start + 1000]):
            found[user.email.lower()] = user
    return found


def _person_outcome(
    row: Row,
    step: UnitStep | None,
    users: dict[str, User],
    memberships: dict[int, Membership],
    plan_row: RowPlan,
) -> None:
    user = users.get(row.email)
    membership = memberships.get(user.pk) if user else None
    if user is None:
        plan_row.outcomes.append(Outcome("person_create", {"email": row.email}))
        return
    if membership is None:
        plan_row.outcomes.append(Outcome("person_join", {"email": row.email}))
        return
    fields = []
    if step is not None and (step.create or step.unit != membership.unit):
        fields.append("unit")
    if row.role and row.role != membership.role:
        fields.append("role")
    fields += [f for f, value in row.flags.items() if value != getattr(membership, f)]
    if fields:
        plan_row.outcomes.append(Outcome("person_change", {"email": row.email, "fields": fields}))


# --- Saving --------------------------------------------------------------------------------


@transaction.atomic
def import_directory(actor: User | None, organisation: Organisation, preview: Preview) -> Plan:
    """Plan against the organisation as it is now and save all of it, or refuse all of it."""
    if preview.errors:
        raise ActionError(
            _("The file cannot be imported: %(problem)s") % {"problem": preview.errors[0].message}
        )
    the_plan = plan(organisation, preview)
    refused = the_plan.refused
    if refused:
        raise ActionError(
            ngettext(
                "%(count)d row is refused. Correct the file and upload it again; nothing "
                "has been imported.",
                "%(count)d rows are refused. Correct the file and upload it again; nothing "
                "has been imported.",
                len(refused),
            )
            % {"count": len(refused)}
        )
    for step in the_plan.units:
        parent = step.parent.unit if step.parent else None
        if step.create:
            step.unit = unit_actions.create_unit(
                actor, organisation, step.path[-1], step.level, parent
            )
        elif step.change_level and step.unit is not None:
            unit_actions.update_unit(actor, step.unit, level=step.level)
    for row, placed in the_plan.people:
        _save_person(actor, organisation, row, placed)
    record(
        actor,
        organisation,
        "directory.import",
        organisation.code,
        rows=len(the_plan.rows),
        changed=the_plan.count("change"),
    )
    return the_plan


def _save_person(
    actor: User | None, organisation: Organisation, row: Row, step: UnitStep | None
) -> None:
    user, _created = account_for(organisation, row.email, row.name, "")
    unit = step.unit if step is not None else None
    membership, created = membership_actions.add_member(
        actor,
        organisation,
        user,
        role=row.role or Role.MEMBER,
        unit=unit,
        via="import",
        **row.flags,
    )
    if created:
        return
    changes: dict[str, Any] = dict(row.flags)
    if row.role:
        changes["role"] = row.role
    if step is not None:
        changes["unit"] = unit
    try:
        membership_actions.change_membership(actor, membership, **changes)
    except ActionError as error:
        raise ActionError(
            _("Row %(row)d: %(problem)s") % {"row": row.number, "problem": error.message}
        ) from error
