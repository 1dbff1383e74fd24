"""A real OpenID Connect provider on a free port of this machine, for the SSO tests.

    python -m vogter.sso.tests.provider.serve REDIRECT_URI POST_LOGOUT_URI

Prints one JSON line (issuer, client id and secret, endpoints) when it is ready, then serves
until killed. Its people (password ``PASSWORD``) and their groups are in ``PEOPLE``.
"""

import json
import os
import sys
import tempfile
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

CLIENT_ID = "vogter-test"
CLIENT_SECRET = "vogter-test-secret"
PASSWORD = "provider-pass-2026"
PEOPLE = {
    "ada@havneby.example": ("Ada Lund", ["vogter-sundhed", "vogter-tr"]),
    "bo@havneby.example": ("Bo Holm", ["vogter-admins"]),
    "cy@elsewhere.example": ("Cy Berg", []),
    "wrong-audience@havneby.example": ("Wrong Audience", []),
    "expired@havneby.example": ("Expired Token", []),
}


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _seed(redirect_uri: str, post_logout_uri: str) -> None:
    from django.contrib.auth.models import Group, User
    from oauth2_provider.models import Application

    for email, (name, groups) in PEOPLE.items():
        user = User.objects.create_user(email, email, PASSWORD, first_name=name)
        for group in groups:
            user.groups.add(Group.objects.get_or_create(name=group)[0])
    Application.objects.create(
        name="Vogter",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        post_logout_redirect_uris=post_logout_uri,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )


def main() -> None:
    redirect_uri, post_logout_uri = sys.argv[1], sys.argv[2]
    server = make_server(
        "127.0.0.1",
        0,
        lambda environ, start: [],
        server_class=WSGIServer,
        handler_class=QuietHandler,
    )
    base = f"http://127.0.0.1:{server.server_port}"
    os.environ["PROVIDER_ISSUER"] = f"{base}/o"
    os.environ["PROVIDER_DB"] = os.path.join(
        tempfile.mkdtemp(prefix="oidc-provider-"), "db.sqlite3"
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "vogter.sso.tests.provider.settings"

    import django
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    django.setup()
    call_command("migrate", verbosity=0)
    _seed(redirect_uri, post_logout_uri)
    server.set_app(get_wsgi_application())
    ready = {
        "issuer": f"{base}/o",
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "authorization_endpoint": f"{base}/o/authorize/",
        "token_endpoint": f"{base}/o/token/",
        "userinfo_endpoint": f"{base}/o/userinfo/",
        "jwks_uri": f"{base}/o/.well-known/jwks.json",
        "end_session_endpoint": f"{base}/o/logout/",
    }
    sys.stdout.write(json.dumps(ready) + "\n")
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
