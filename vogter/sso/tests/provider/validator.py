"""The claims the test provider puts in its tokens: e-mail, name and the person's groups.

Two of its people get tokens a relying party must refuse, signed with the provider's real
key all the same: ``wrong-audience@…`` gets a token issued for another client, and
``expired@…`` one that expired an hour ago. Only the claims check can catch them.
"""

import time
from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    oidc_claim_scope = None  # every claim in every token: the test reads them all

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user = request.user
        return {
            "email": user.email,
            "email_verified": True,
            "name": user.first_name,
            "groups": sorted(group.name for group in user.groups.all()),
        }

    def get_id_token_dictionary(self, token: Any, token_handler: Any, request: Any) -> Any:
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        username = request.user.username
        if username.startswith("wrong-audience@"):
            claims["aud"] = "another-application"
        if username.startswith("expired@"):
            now = int(time.time())
            claims["iat"] = now - 7200
            claims["exp"] = now - 3600
        return claims, expiration_time
