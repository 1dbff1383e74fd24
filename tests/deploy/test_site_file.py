"""The nginx site file the docs ship is the one the deploy check runs (fast: no nginx)."""

import re
from pathlib import Path

from tests.deploy.site import SITE_FILE, render_site

DOCS = Path(__file__).resolve().parents[2] / "docs" / "operations.md"


def test_the_docs_point_at_the_site_file_and_hold_no_copy_of_it() -> None:
    docs = DOCS.read_text()
    assert "deploy/nginx/vogter.conf" in docs
    # A second copy would drift from the file CI runs.
    blocks = re.findall(r"```nginx\n(.*?)```", docs, flags=re.DOTALL)
    assert not [block for block in blocks if "proxy_pass" in block]


def test_the_check_replaces_only_the_placeholders() -> None:
    rendered = render_site(
        8443,
        8080,
        Path("/srv/check/cert.pem"),
        Path("/srv/check/key.pem"),
        "127.0.0.1:9000",
    )
    shipped = SITE_FILE.read_text().splitlines()
    changed = [
        (before, after)
        for before, after in zip(shipped, rendered.splitlines(), strict=True)
        if before != after and not before.lstrip().startswith("#")
    ]
    assert [before.split()[0] for before, _ in changed] == [
        "server",
        "listen",
        "listen",
        "server_name",
        "listen",
        "listen",
        "server_name",
        "ssl_certificate",
        "ssl_certificate_key",
    ]
