"""Settings fail loudly and are safe by default; every variable is documented."""

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
STRONG_KEY = "k" + "Zq8Xw2Nv5Rt1Ym7Lp4Hs9Gd3Fb6Jc0Ae" * 2


def vogter(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    # A data directory of its own: one that `make run` used holds its run.env.
    clean["VOGTER_DATA_DIR"] = tempfile.mkdtemp(prefix="vogter-settings-")
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


@pytest.mark.parametrize("args", [(), ("--help",), ("help", "charter"), ("charter", "--help")])
def test_help_works_on_a_machine_with_no_configuration(args: tuple[str, ...]) -> None:
    result = vogter(*args)
    assert result.returncode == 0, result.stderr
    shown = (result.stdout + result.stderr).lower()
    assert "usage" in shown or "subcommands" in shown


def test_asking_for_help_does_not_let_a_command_run_without_a_key() -> None:
    result = vogter("charter", "list")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


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


SHOW = "from django.conf import settings; print(settings.DEBUG, settings.SITE_URL)"


def test_after_make_run_the_command_line_works_as_its_server_did(tmp_path: Path) -> None:
    """`make run` leaves run.env in the data directory; `vogter …` by hand then needs no
    DEBUG=true in the environment (issue 18)."""
    (tmp_path / "run.env").write_text("DEBUG=true\nSITE_URL=http://127.0.0.1:8123\n")
    assert vogter("check", VOGTER_DATA_DIR=str(tmp_path)).returncode == 0
    shown = vogter("shell", "-c", SHOW, VOGTER_DATA_DIR=str(tmp_path))
    assert shown.stdout.splitlines()[-1].split() == ["True", "http://127.0.0.1:8123"], shown.stderr


def test_a_deployment_with_its_own_key_ignores_what_make_run_left(tmp_path: Path) -> None:
    (tmp_path / "run.env").write_text("DEBUG=true\nSITE_URL=http://127.0.0.1:8123\n")
    shown = vogter("shell", "-c", SHOW, VOGTER_DATA_DIR=str(tmp_path), SECRET_KEY=STRONG_KEY)
    assert shown.stdout.splitlines()[-1].split() == ["False", "http://127.0.0.1:8000"], shown.stderr
