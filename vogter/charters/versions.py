"""A charter's versions as they stand: the current one, the latest adopted (one charter
or many in one query, for lists), and the signatures a version needs before adoption."""

from collections.abc import Iterable

from vogter.charters.models import (
    DEFAULT_REQUIRED_SIGNATURES,
    Charter,
    CharterVersion,
    SignoffPolicy,
    Status,
)
from vogter.organisations.models import Organisation


def required_roles(organisation: Organisation) -> list[str]:
    policy = SignoffPolicy.objects.filter(organisation=organisation).first()
    return list(policy.roles) if policy is not None else list(DEFAULT_REQUIRED_SIGNATURES)


def current_version(charter: Charter) -> CharterVersion:
    # A charter is made with its first version, and versions are never deleted.
    return charter.versions.order_by("-number")[0]


def current_versions(charters: Iterable[Charter]) -> dict[int, CharterVersion]:
    """The current version of each charter (by the charter's pk), in one query, for lists."""
    found: dict[int, CharterVersion] = {}
    for version in CharterVersion.objects.filter(charter__in=list(charters)).order_by("number"):
        found[version.charter_id] = version  # the highest number comes last
    return found


def latest_adopted(charter: Charter) -> CharterVersion | None:
    return charter.versions.filter(status=Status.ADOPTED).order_by("-number").first()


def latest_adopted_of(charters: Iterable[Charter]) -> dict[int, CharterVersion]:
    """The latest adopted version of each charter that has one (by pk), in one query."""
    found: dict[int, CharterVersion] = {}
    versions = CharterVersion.objects.filter(
        charter__in=list(charters), status=Status.ADOPTED
    ).order_by("number")
    for version in versions:
        found[version.charter_id] = version  # the highest number comes last
    return found


def missing_signatures(charter: Charter, version: CharterVersion | None = None) -> list[str]:
    version = version or current_version(charter)
    signed = set(version.signatures.values_list("role", flat=True))
    return [role for role in required_roles(charter.organisation) if role not in signed]
