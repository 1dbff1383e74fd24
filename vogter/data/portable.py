"""One organisation as a portable JSON document (schema ``vogter.org/1``), and the way
back in, on this installation or another one (docs/operations.md).

The export is driven by TABLES: every model that belongs to an organisation, in an order
in which its rows can be created, with the path from a row to its organisation. Every
concrete field goes into the file except the secrets a table names, so a new field is
exported without anyone remembering to; test_portable requires every model with a
foreign-key path to Organisation to be in TABLES or in LEFT_OUT with its reason.

In the file a row is known by its code, by its random UUID or, for models with neither,
by a number local to the file (``ref``); a person by their e-mail address. Import keeps
codes and UUIDs, because the frozen charter documents, the reflection answers and the
cascade refer to principles by code: a file whose codes are already in use here is
refused, whole.
"""

import datetime
import json
import secrets
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.charters.models import (
    Charter,
    CharterCell,
    CharterChange,
    CharterPrinciple,
    CharterVersion,
    Signature,
    SignoffPolicy,
    UpwardProposal,
)
from vogter.commons.models import CommonsPrinciple, CommonsTheme, Publication
from vogter.directory.models import ProvisionedGroup, ProvisionedPerson, ScimToken
from vogter.disclosure.models import Release
from vogter.lib.codes import new_token
from vogter.lib.errors import ActionError, record
from vogter.organisations.models import AuditEntry, Invitation, Membership, Organisation, Unit
from vogter.principles.models import (
    AgreementBallot,
    AgreementRound,
    AgreementVote,
    LevelCell,
    Principle,
    RoundItem,
    Theme,
    ThemeAnswer,
)
from vogter.reflection.models import (
    AgreedAction,
    Checkin,
    Contact,
    Link,
    PrincipleAnswer,
    Receipt,
    Round,
    Schedule,
)
from vogter.sso.models import ClaimRule, SignInDomain, SignInPolicy
from vogter.workshops.models import (
    Entry,
    RemovedSheet,
    Sheet,
    Workshop,
    WorkshopTemplate,
    new_join_code,
)

SCHEMA = "vogter.org/1"
_CHUNK = 500

Model = type[models.Model]


def _unopenable() -> str:
    """A fingerprint that no token has: the sheet is kept, but nobody can open it again."""
    return secrets.token_hex(32)


def _no_link() -> str:
    return ""


def _rounds_still_open() -> Q:
    # A receipt only stops a second check-in; once its round has closed (rounds never
    # reopen) it would say no more than who took part, so it stays behind.
    return Q(round__closed=False, round__closes_on__gte=timezone.localdate())


@dataclass(frozen=True)
class Table:
    model: Model
    # The lookup from a row to its organisation; "" for the organisation itself.
    scope: str
    # Fields never exported, with what import puts there instead.
    secrets: Mapping[str, Callable[[], object]] = field(default_factory=dict)
    # Fields whose value is kept unless another row here has it already.
    renew_if_taken: Mapping[str, Callable[[], object]] = field(default_factory=dict)
    # A boolean lookup: where it is true, the row's people are not exported.
    anonymous: str = ""
    only: Callable[[], Q] | None = None
    order: tuple[str, ...] = ("pk",)
    # The table's name in the file when it is not the model's label: a renamed model keeps
    # its old name there, so files move between installations of either version.
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or self.model._meta.label_lower


TABLES: tuple[Table, ...] = (
    Table(Organisation, ""),
    Table(Unit, "organisation"),
    Table(Membership, "organisation"),
    Table(Invitation, "organisation", secrets={"token": new_token}),
    Table(SignoffPolicy, "organisation"),
    Table(ClaimRule, "organisation"),
    Table(Workshop, "organisation", renew_if_taken={"join_code": new_join_code}),
    Table(WorkshopTemplate, "organisation"),
    Table(
        Sheet,
        "workshop__organisation",
        secrets={"token_hash": _unopenable, "resume_hash": _unopenable},
        anonymous="workshop__anonymous",
    ),
    Table(Entry, "sheet__workshop__organisation"),
    Table(Theme, "workshop__organisation"),
    Table(ThemeAnswer, "theme__workshop__organisation"),
    Table(Principle, "workshop__organisation"),
    Table(LevelCell, "principle__workshop__organisation"),
    Table(AgreementRound, "workshop__organisation"),
    Table(RoundItem, "round__workshop__organisation"),
    # In sheet order, not in the order the ballots came.
    Table(AgreementBallot, "round__workshop__organisation", order=("round_id", "sheet_id")),
    Table(AgreementVote, "round__workshop__organisation"),
    Table(Charter, "organisation", secrets={"share_hash": _no_link}),
    Table(UpwardProposal, "organisation"),
    Table(CharterPrinciple, "charter__organisation"),
    Table(CharterCell, "principle__charter__organisation"),
    Table(CharterVersion, "charter__organisation"),
    Table(Signature, "version__charter__organisation"),
    Table(CharterChange, "charter__organisation"),
    Table(Schedule, "charter__organisation"),
    Table(Round, "charter__organisation"),
    Table(
        Receipt,
        "round__charter__organisation",
        only=_rounds_still_open,
        order=("round_id", "user__email"),
    ),
    Table(Checkin, "round__charter__organisation"),
    Table(PrincipleAnswer, "round__charter__organisation"),
    Table(AgreedAction, "round__charter__organisation", name="reflection.action"),
    Table(Publication, "organisation"),
    Table(CommonsPrinciple, "publication__organisation"),
    Table(CommonsTheme, "organisation"),
    # What was shown before travels with the data, or the next figure could be compared.
    Table(Release, "organisation"),
)

# Models that belong to an organisation and are deliberately not exported.
LEFT_OUT: dict[Model, str] = {
    RemovedSheet: (
        "Fingerprints of removed sheets' keys only tell a phone that still holds one why "
        "its sheet no longer opens; after a move the phones point at the old installation."
    ),
    Link: (
        "Personal check-in links are derived from this installation's secret key, and which "
        "were used says who took part; after a move the next round makes new ones."
    ),
    Contact: (
        "E-mail addresses that workshop participants without an account left to be asked "
        "again, given to this installation; they are asked again to opt in after a move."
    ),
    ScimToken: (
        "A SCIM token works against this installation; after a move the admin makes a new "
        "one for the identity provider."
    ),
    ProvisionedPerson: (
        "The identity provider's ids for this installation's resources; after a move it "
        "finds each person again by userName and links the imported account."
    ),
    ProvisionedGroup: (
        "As for people: the provider finds each unit again by its name (displayName)."
    ),
    SignInDomain: (
        "An e-mail domain signs in to one organisation per installation, and the domains an "
        "organisation claimed here may be claimed there by someone else; the admin adds them "
        "again after a move, as the provider is set up again."
    ),
    SignInPolicy: (
        "Local passwords switched off depend on this installation's provider; imported where "
        "no provider is set up, they would lock the organisation's people out."
    ),
    AuditEntry: (
        "The audit log is the installation's record of who changed what, with codes and "
        "people as they were; the imported organisation's log starts with its import."
    ),
}

BY_LABEL = {table.label: table for table in TABLES}


# --- Shape of a table in the file ------------------------------------------------------


def key_kind(model: Model) -> str:
    """How the file names a row: "code", "id" (a random UUID) or "ref"."""
    if isinstance(model._meta.pk, models.UUIDField):
        return "id"
    names = {f.name for f in model._meta.concrete_fields if f.unique}
    return "code" if "code" in names else "ref"


def columns(table: Table) -> list[models.Field[Any, Any]]:
    """The table's fields in the file (its organisation is implied by the file)."""
    kind = key_kind(table.model)
    return [
        f
        for f in table.model._meta.concrete_fields
        if f.name not in table.secrets
        and not (f.primary_key and kind != "id")
        and f.related_model is not Organisation
    ]


def many_to_many(table: Table) -> list[models.ManyToManyField[Any, Any]]:
    """Plain many-to-many fields; one with a model of its own is a table of its own."""
    return [
        f
        for f in table.model._meta.local_many_to_many
        if f.remote_field.through._meta.auto_created  # type: ignore[union-attr]
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    return value


def _rows(table: Table, organisation: Organisation) -> "models.QuerySet[Any]":
    lookup: dict[str, Any] = {table.scope: organisation} if table.scope else {"pk": organisation.pk}
    query = table.model._default_manager.filter(**lookup)
    if table.only is not None:
        query = query.filter(table.only())
    return query.order_by(*table.order)


# --- Export ----------------------------------------------------------------------------


def export_organisation(organisation: Organisation) -> dict[str, Any]:
    """Everything the organisation holds, with no secret and no person behind an
    anonymous answer; JSON-ready. Read in one transaction, so that rows written
    meanwhile cannot refer to rows the export has already read past."""
    connection = transaction.get_connection()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # one snapshot for every table
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        return _export(organisation)


def _export(organisation: Organisation) -> dict[str, Any]:
    fetched: list[tuple[Table, list[dict[str, Any]]]] = []
    keys: dict[Model, dict[Any, Any]] = {}
    for table in TABLES:
        pk = table.model._meta.pk
        assert pk is not None  # noqa: S101 - every model has one
        names = [f.attname for f in table.model._meta.concrete_fields]
        extra = {"hide_people": F(table.anonymous)} if table.anonymous else {}
        rows = list(_rows(table, organisation).values(*names, **extra))
        kind = key_kind(table.model)
        keys[table.model] = {
            row[pk.attname]: (number if kind == "ref" else _plain(row[kind]))
            for number, row in enumerate(rows, start=1)
        }
        fetched.append((table, rows))

    user_ids = {
        row[f.attname]
        for table, rows in fetched
        for f in columns(table)
        if f.related_model is User
        for row in rows
        if not row.get("hide_people")
    }
    emails = dict(User.objects.filter(pk__in=user_ids).values_list("pk", "email"))
    people = User.objects.filter(pk__in=user_ids).order_by("email")

    tables: dict[str, list[dict[str, Any]]] = {}
    for table, rows in fetched:
        related = _m2m_keys(table, organisation, keys)
        out = []
        for row in rows:
            item = _export_row(table, row, keys, emails)
            pk = row[table.model._meta.pk.attname]
            for m2m in many_to_many(table):
                item[m2m.name] = sorted(related[m2m.name].get(pk, []), key=str)
            out.append(item)
        tables[table.label] = out
    return {
        "schema": SCHEMA,
        "exported_at": timezone.now().isoformat(),
        "organisation": organisation.code,
        "people": [{"email": p.email, "name": p.name, "language": p.language} for p in people],
        "tables": tables,
    }


def _export_row(
    table: Table,
    row: dict[str, Any],
    keys: dict[Model, dict[Any, Any]],
    emails: dict[int, str],
) -> dict[str, Any]:
    item: dict[str, Any] = {}
    if key_kind(table.model) == "ref":
        item["ref"] = keys[table.model][row[table.model._meta.pk.attname]]
    for f in columns(table):
        value = row[f.attname]
        target = f.related_model
        if target is User:
            value = None if value is None or row.get("hide_people") else emails[value]
        elif target is not None and value is not None:
            found = keys[target].get(value)  # type: ignore[index]
            if found is None and not f.null:
                raise ActionError(
                    _("%(table)s refers to data outside the organisation (%(field)s).")
                    % {"table": table.label, "field": f.name}
                )
            value = found
        else:
            value = _plain(value)
        item[f.name] = value
    return item


def _m2m_keys(
    table: Table, organisation: Organisation, keys: dict[Model, dict[Any, Any]]
) -> dict[str, dict[Any, list[Any]]]:
    found: dict[str, dict[Any, list[Any]]] = {}
    for m2m in many_to_many(table):
        through = m2m.remote_field.through
        owner, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        scope = f"{owner}__{table.scope}" if table.scope else owner
        pairs = through._default_manager.filter(**{scope: organisation}).values_list(  # type: ignore[union-attr]
            f"{owner}_id", f"{target}_id"
        )
        target_keys = keys[m2m.related_model]  # type: ignore[index]
        by_owner: dict[Any, list[Any]] = {}
        for owner_pk, target_pk in pairs:
            if target_pk in target_keys:  # never a link to another organisation's data
                by_owner.setdefault(owner_pk, []).append(target_keys[target_pk])
        found[m2m.name] = by_owner
    return found


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# --- Import ----------------------------------------------------------------------------


@dataclass
class Imported:
    organisation: Organisation
    rows: dict[str, int]
    people_matched: int
    people_created: int


class _Damaged(Exception):
    """Something in a row that cannot be what an export wrote."""


def _damaged(where: str, error: object) -> ActionError:
    if isinstance(error, ValidationError):
        error = "; ".join(error.messages)
    return ActionError(
        _("The file is damaged (%(where)s): %(error)s") % {"where": where, "error": error}
    )


def read(text: str | bytes) -> dict[str, Any]:
    """The parsed document, or an ActionError saying why it is not one."""
    try:
        document = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ActionError(
            _("This is not a Vogter organisation export: it is not valid JSON (%(error)s).")
            % {"error": error}
        ) from None
    schema = document.get("schema") if isinstance(document, dict) else None
    if not isinstance(schema, str) or not schema.startswith("vogter.org/"):
        raise ActionError(_("This is not a Vogter organisation export."))
    if schema != SCHEMA:
        raise ActionError(
            _("This export is in the format %(found)s; this version of Vogter reads %(expected)s.")
            % {"found": schema, "expected": SCHEMA}
        )
    tables = document.get("tables")
    if not isinstance(tables, dict) or not isinstance(document.get("people"), list):
        raise _damaged("tables", _("the tables or the people are missing"))
    unknown = sorted(set(tables) - set(BY_LABEL))
    if unknown:
        raise _damaged(unknown[0], _("this installation has no such table"))
    for label, rows in tables.items():
        kind = key_kind(BY_LABEL[label].model)
        if not isinstance(rows, list) or not all(
            isinstance(row, dict) and kind in row for row in rows
        ):
            raise _damaged(label, _("every row must be an object with its %(key)s") % {"key": kind})
    if len(tables.get("organisations.organisation", [])) != 1:
        raise _damaged("organisations.organisation", _("it must hold one organisation"))
    return document


@transaction.atomic
def import_organisation(text: str | bytes) -> Imported:
    """Create the organisation of an export with everything it holds — or, when anything
    is wrong with the file, nothing at all."""
    document = read(text)
    tables: dict[str, list[dict[str, Any]]] = document["tables"]
    _refuse_codes_in_use(tables)
    people, created = _people(document["people"])
    loader = _Loader(people)
    try:
        for table in TABLES:
            loader.load(table, tables.get(table.label, []))
        loader.finish()
    except DatabaseError as error:
        raise ActionError(_("The file could not be saved: %(error)s") % {"error": error}) from None
    organisation = loader.organisation
    assert organisation is not None  # noqa: S101 - read() checked there is one
    record(
        None,
        organisation,
        "organisation.import",
        organisation.code,
        rows=sum(loader.counts.values()),
        people_created=created,
    )
    return Imported(organisation, loader.counts, len(people) - created, created)


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _refuse_codes_in_use(tables: dict[str, list[dict[str, Any]]]) -> None:
    taken = []
    for label, rows in tables.items():
        model = BY_LABEL[label].model
        kind = key_kind(model)
        if kind == "ref":
            continue
        lookup = "code__in" if kind == "code" else "pk__in"
        try:
            count = sum(
                model._default_manager.filter(**{lookup: chunk}).count()
                for chunk in _chunks([row[kind] for row in rows])
            )
        except (ValidationError, TypeError) as error:  # not a UUID, not a code
            raise _damaged(label, error) from None
        if count:
            taken.append(f"{label}: {count}")
    if taken:
        raise ActionError(
            _(
                "The codes in this file are already in use here (%(tables)s): the "
                "organisation, or a copy of it, is already on this installation. Import the "
                "file into another installation."
            )
            % {"tables": ", ".join(taken)}
        )


def _people(rows: list[Any]) -> tuple[dict[str, int], int]:
    """E-mail address -> person: who has an account here already, and a new account
    without a password (they choose one through password reset) for everyone else."""
    languages = {code for code, _name in settings.LANGUAGES}
    wanted: dict[str, dict[str, Any]] = {}
    for number, row in enumerate(rows, start=1):
        if (
            not isinstance(row, dict)
            or not isinstance(row.get("email"), str)
            or not isinstance(row.get("name", ""), str)
            or row.get("language") not in languages
        ):
            raise _damaged(
                f"people, {number}", _("a person needs an e-mail address and a language")
            )
        wanted[row["email"].strip().lower()] = row
    found = dict(User.objects.filter(email__in=list(wanted)).values_list("email", "pk"))
    missing = sorted(set(wanted) - set(found))
    for email in missing:
        person = User(email=email, name=wanted[email].get("name", ""))
        person.language = wanted[email]["language"]
        person.set_unusable_password()
        try:
            person.full_clean()
        except ValidationError as error:
            raise _damaged(f"people, {email}", error) from None
        person.save()
        found[email] = person.pk
    return found, len(missing)


def _clean(f: "models.Field[Any, Any]", value: Any) -> Any:
    """A value from the file, checked as a form would check it (without the database)."""
    if value is None:
        if not f.null:
            raise _Damaged(_("%(field)s is empty") % {"field": f.name})
        return None
    if isinstance(f, models.JSONField):
        return value
    value = f.to_python(value)
    f.run_validators(value)
    if f.choices and value not in f.empty_values and value not in dict(f.flatchoices):
        raise _Damaged(
            _("%(value)s is not one of the choices for %(field)s")
            % {"value": value, "field": f.name}
        )
    return value


class _Loader:
    """Creates a file's rows table by table, remembering what each key became here."""

    def __init__(self, people: dict[str, int]) -> None:
        self.people = people
        self.organisation: Organisation | None = None
        self.pks: dict[Model, dict[Any, Any]] = {}
        self.counts: dict[str, int] = {}
        # Links to a row created later (the unit tree), set once every row exists.
        self.later: list[tuple[Model, Any, models.Field[Any, Any], Any, str]] = []
        self.links: list[tuple[models.ManyToManyField[Any, Any], Any, Any, str]] = []

    def load(self, table: Table, rows: list[dict[str, Any]]) -> None:
        model, kind = table.model, key_kind(table.model)
        built = []
        seen: set[Any] = set()
        for number, row in enumerate(rows, start=1):
            where = f"{table.label}, {number}"
            key = row[kind]
            if not isinstance(key, str | int):
                raise _damaged(where, _("%(field)s is missing") % {"field": kind})
            if key in seen:
                raise _damaged(where, _("%(key)s appears twice") % {"key": key})
            seen.add(key)
            try:
                built.append((key, where, *self._build(table, row)))
            except (_Damaged, ValidationError, ValueError, TypeError) as error:
                raise _damaged(where, error) from None
        objects = [obj for _key, _where, obj, _later, _links in built]
        self._renew(table, objects)
        self._insert(model, objects)
        self.pks[model] = {}
        for key, where, obj, later, links in built:
            self.pks[model][key] = obj.pk
            self.later.extend((model, obj.pk, f, value, where) for f, value in later)
            self.links.extend((m2m, obj.pk, values, where) for m2m, values in links)
        self.counts[table.label] = len(objects)
        if model is Organisation:
            self.organisation = objects[0]  # type: ignore[assignment]

    def _build(
        self, table: Table, row: dict[str, Any]
    ) -> tuple[models.Model, list[tuple[models.Field[Any, Any], Any]], list[tuple[Any, Any]]]:
        model = table.model
        fields = columns(table)
        m2ms = many_to_many(table)
        known = {f.name for f in fields} | {m.name for m in m2ms} | {key_kind(model)}
        unknown = sorted(set(row) - known)
        if unknown:
            raise _Damaged(_("unknown field %(field)s") % {"field": unknown[0]})
        obj = model()
        for name, fill in table.secrets.items():
            setattr(obj, name, fill())
        for f in model._meta.concrete_fields:
            if f.related_model is Organisation and self.organisation is not None:
                setattr(obj, f.attname, self.organisation.pk)
        later = []
        for f in fields:
            if f.name not in row:
                if f.has_default() or f.null:
                    continue  # a field newer than the file
                raise _Damaged(_("%(field)s is missing") % {"field": f.name})
            value, target = row[f.name], f.related_model
            if target is None or value is None:
                setattr(obj, f.attname, _clean(f, value))
            elif target is User:
                email = value.strip().lower() if isinstance(value, str) else value
                if email not in self.people:
                    raise _Damaged(
                        _("%(field)s refers to %(key)s, which is not in the file")
                        % {"field": f.name, "key": value}
                    )
                setattr(obj, f.attname, self.people[email])
            elif target is not model and target in self.pks:
                setattr(obj, f.attname, self._pk(f, value))
            else:
                later.append((f, value))
        links = [(m2m, row.get(m2m.name, [])) for m2m in m2ms]
        return obj, later, links

    def _pk(self, f: "models.Field[Any, Any]", key: Any) -> Any:
        found = self.pks.get(f.related_model, {})  # type: ignore[arg-type]
        try:
            return found[key]
        except (KeyError, TypeError):
            raise _Damaged(
                _("%(field)s refers to %(key)s, which is not in the file")
                % {"field": f.name, "key": key}
            ) from None

    def _renew(self, table: Table, objects: list[models.Model]) -> None:
        for name, fresh in table.renew_if_taken.items():
            values = [getattr(obj, name) for obj in objects]
            manager = table.model._default_manager
            taken = {
                value
                for chunk in _chunks(values)
                for value in manager.filter(**{f"{name}__in": chunk}).values_list(name, flat=True)
            }
            for obj in objects:
                while getattr(obj, name) in taken:
                    setattr(obj, name, fresh())
                taken.add(getattr(obj, name))

    @staticmethod
    def _insert(model: Model, objects: list[models.Model]) -> None:
        stamped = any(
            getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            for f in model._meta.concrete_fields
        )
        if stamped:
            # A raw save keeps the file's timestamps instead of stamping the import's.
            for obj in objects:
                obj.save_base(raw=True, force_insert=True)
        else:
            model._default_manager.bulk_create(objects, batch_size=_CHUNK)

    def finish(self) -> None:
        for model, pk, f, key, where in self.later:
            try:
                target = self._pk(f, key)
            except _Damaged as error:
                raise _damaged(where, error) from None
            model._default_manager.filter(pk=pk).update(**{f.attname: target})
        through_rows: dict[Any, list[models.Model]] = {}
        for m2m, owner_pk, keys, where in self.links:
            if not isinstance(keys, list):
                raise _damaged(where, _("%(field)s is empty") % {"field": m2m.name})
            through: Any = m2m.remote_field.through
            owner, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            for key in keys:
                try:
                    target_pk = self._pk(m2m, key)
                except _Damaged as error:
                    raise _damaged(where, error) from None
                through_rows.setdefault(through, []).append(
                    through(**{f"{owner}_id": owner_pk, f"{target}_id": target_pk})
                )
        for through, made in through_rows.items():
            through._default_manager.bulk_create(made, batch_size=_CHUNK)
