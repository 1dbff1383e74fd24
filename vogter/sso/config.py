"""Whether single sign-on is configured for this installation, and how it is called.

The provider is configured once per installation by environment (README, docs/sso.md);
without it there is no button and nothing else changes.
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Provider:
    name: str
    issuer: str
    end_session_endpoint: str
    organisation_code: str


def provider() -> Provider | None:
    if not settings.VOGTER_OIDC_ENABLED:
        return None
    return Provider(
        name=settings.VOGTER_OIDC_PROVIDER_NAME,
        issuer=settings.VOGTER_OIDC_ISSUER,
        end_session_endpoint=settings.VOGTER_OIDC_END_SESSION_ENDPOINT,
        organisation_code=settings.VOGTER_OIDC_ORGANISATION,
    )
