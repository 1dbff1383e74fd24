"""Settings fail loudly and are safe by default; every variable is documented."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
STRONG_KEY = "k" + "Zq8Xw2Nv5Rt1Ym7Lp4Hs9Gd3Fb6Jc0Ae" * 2


def vogter(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    clean.update(env)
    return subprocess.run(  # noqa: S603 - our own command with fixed arguments
        [sys.executable, "-m", "vogter", *args],
        env=clean,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off() -> None:
    result = vogter("check")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_refuses_the_development_key_when_debug_is_off() -> None:
    result = vogter("check", SECRET_KEY="django-insecure-" + "a" * 50)
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_starts_with_debug_and_no_key_for_development() -> None:
    assert vogter("check", DEBUG="true").returncode == 0


def test_rejects_a_misspelt_boolean() -> None:
    result = vogter("check", DEBUG="ja")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_check_deploy_is_clean_under_production_settings() -> None:
    result = vogter(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="vogter.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_every_environment_variable_is_documented_in_the_readme() -> None:
    source = (REPO / "vogter" / "settings.py").read_text()
    names = set(re.findall(r'env(?:str|bool|int|list|networks|rate)\(\s*"([A-Z_]+)"', source))
    assert {"SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL"} <= names
    readme = (REPO / "README.md").read_text()
    missing = sorted(n for n in names if f"`{n}`" not in readme)
    assert not missing, f"Document these in README.md's configuration table: {missing}"


@pytest.mark.django_db
def test_responses_carry_a_content_security_policy_without_inline_scripts(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()


def test_passwords_are_hashed_with_argon2() -> None:
    # The suite swaps in a fast hasher; the real settings module must not.
    from django.contrib.auth.hashers import Argon2PasswordHasher

    from vogter import settings as real_settings

    assert real_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    encoded = Argon2PasswordHasher().encode("correct horse", "saltsaltsalt")
    assert encoded.startswith("argon2$argon2id$")
