"""SCIM resources as flat documents: `{"username": …, "name.givenname": …, "email": …}`,
keys lower-cased, the core schema's URN dropped. A POST or PUT body is flattened; a PATCH
is applied to the flattened resource as it stands. Both then say the same thing in the
same shape, so one function turns either into what the actions take.

Providers push many attributes we do not keep (Entra ID: job title, department,
manager, phone numbers and addresses by filtered path…); those are read and ignored
rather than refused, or provisioning would stop at the first one.
"""

import re
from typing import Any

from django.utils.translation import gettext as _

from vogter.directory.scim.filters import FilterError, parse_filter
from vogter.directory.scim.protocol import PATCH_SCHEMA, ScimError

Document = dict[str, Any]

_CORE = re.compile(r"^urn:ietf:params:scim:schemas:core:2\.0:(user|group):", re.IGNORECASE)
_FILTERED = re.compile(r"^(?P<attribute>[\w.:-]+)\[(?P<filter>[^\]]*)\](?:\.(?P<sub>\w+))?$")


def _key(path: str) -> str:
    return _CORE.sub("", path.strip()).lower()


def _primary_email(emails: Any) -> str:
    """The primary address, else the work address, else the first."""
    if not isinstance(emails, list):
        return ""
    items = [e for e in emails if isinstance(e, dict) and isinstance(e.get("value"), str)]
    for wanted in (lambda e: truthy(e.get("primary")), lambda e: e.get("type") == "work"):
        for item in items:
            if wanted(item):
                return str(item["value"])
    return str(items[0]["value"]) if items else ""


def truthy(value: Any) -> bool:
    """Entra ID has sent `"False"` as a string for `active`; read it as false."""
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value)


def flatten(data: dict[str, Any], prefix: str = "") -> Document:
    flat: Document = {}
    for name, value in data.items():
        key = prefix + _key(name)
        if key in ("schemas", "meta"):
            continue
        if key == "emails":
            flat["email"] = _primary_email(value)
        elif key == "members":
            flat["members"] = _member_ids(value)
        elif isinstance(value, dict) and not prefix:
            flat.update(flatten(value, key + "."))
        else:
            flat[key] = value
    return flat


def _member_ids(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        value = [value]
    ids = [m.get("value") for m in value if isinstance(m, dict)]
    if any(not isinstance(i, str) for i in ids) or len(ids) != len(value):
        raise ScimError(400, _("Every member must have a value."), "invalidValue")
    return [str(i) for i in ids]


def _apply(document: Document, op: str, path: str, value: Any) -> None:
    filtered = _FILTERED.match(path)
    if filtered:
        attribute = _key(filtered.group("attribute"))
        if attribute == "emails":
            # `emails[type eq "work"].value`: the one address we keep. Another kind of
            # address (`type eq "other"`, a private one) is not the account's.
            try:
                conditions = parse_filter(filtered.group("filter"))
            except FilterError as error:
                raise ScimError(400, _("The filter cannot be read."), "invalidPath") from error
            if all(c.attribute != "type" or str(c.value).lower() == "work" for c in conditions):
                document["email"] = "" if op == "remove" else value
            return
        if attribute == "members" and op == "remove":
            try:
                conditions = parse_filter(filtered.group("filter"))
            except FilterError as error:
                raise ScimError(400, _("The filter cannot be read."), "invalidPath") from error
            gone = {str(c.value) for c in conditions if c.attribute == "value"}
            document["members"] = [m for m in document.get("members", []) if m not in gone]
            return
        if attribute == "members":
            raise ScimError(400, _("The path cannot be used here."), "invalidPath")
        # `phoneNumbers[type eq "work"].value`, `addresses[type eq "work"].streetAddress`…:
        # Entra ID sends them with every change of a person who has them, and we keep none.
        return
    key = _key(path)
    if key == "members":
        ids = _member_ids(value)
        current = document.get("members", [])
        if op == "add":
            document["members"] = current + [i for i in ids if i not in current]
        elif op == "remove":
            document["members"] = [m for m in current if m not in ids] if ids else []
        else:
            document["members"] = ids
    elif op == "remove":
        document[key] = None
    elif key == "emails":
        document["email"] = _primary_email(value if isinstance(value, list) else [value])
    elif isinstance(value, dict):
        document.update(flatten(value, key + "."))
    else:
        document[key] = value


def apply_patch(document: Document, data: dict[str, Any]) -> Document:
    """The document after a PatchOp (RFC 7644 §3.5.2), op names in any case (Entra ID
    sends `Replace`, `Add`, `Remove`)."""
    if PATCH_SCHEMA not in data.get("schemas", []):
        raise ScimError(400, _("A PATCH must use the PatchOp schema."), "invalidSyntax")
    operations = data.get("Operations", data.get("operations"))
    if not isinstance(operations, list) or not operations:
        raise ScimError(400, _("A PATCH needs at least one operation."), "invalidSyntax")
    document = dict(document)
    for operation in operations:
        if not isinstance(operation, dict):
            raise ScimError(400, _("Each operation must be an object."), "invalidSyntax")
        op = str(operation.get("op", "")).lower()
        if op not in ("add", "replace", "remove"):
            raise ScimError(400, _("An operation must be add, replace or remove."), "invalidSyntax")
        path = operation.get("path")
        value = operation.get("value")
        if path:
            _apply(document, op, str(path), value)
        elif op == "remove":
            raise ScimError(400, _("A remove operation needs a path."), "noTarget")
        elif isinstance(value, dict):
            # No path: the value's attributes, each by name (`{"active": false}`).
            for name, item in value.items():
                _apply(document, op, name, item)
        else:
            raise ScimError(400, _("An operation without a path needs an object."), "invalidValue")
    return document
