"""The assistant's settings fail loudly at start-up rather than at the first click."""

import runpy
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

SETTINGS = Path(__file__).resolve().parents[2] / "settings.py"


def _load_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    """Run settings.py afresh under `env`, apart from the settings the tests run on."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"VOGTER_LLM_BASE_URL": "127.0.0.1:11434/v1", "VOGTER_LLM_MODEL": "m"}, "http://"),
        ({"VOGTER_LLM_BASE_URL": "http://127.0.0.1:11434/v1"}, "VOGTER_LLM_MODEL is required"),
        ({"VOGTER_LLM_TIMEOUT": "0"}, "VOGTER_LLM_TIMEOUT must be a positive"),
        ({"VOGTER_LLM_TIMEOUT": "soon"}, "VOGTER_LLM_TIMEOUT must be a whole number"),
    ],
)
def test_a_mistaken_setting_stops_the_app(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], complaint: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=complaint):
        _load_settings(monkeypatch, **env)


def test_assistance_is_off_unless_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VOGTER_LLM_BASE_URL", raising=False)
    assert _load_settings(monkeypatch)["VOGTER_LLM_BASE_URL"] == ""


def test_an_ollama_endpoint_is_accepted_without_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = _load_settings(
        monkeypatch,
        VOGTER_LLM_BASE_URL="http://127.0.0.1:11434/v1/",
        VOGTER_LLM_MODEL="llama3.1:8b",
    )
    assert loaded["VOGTER_LLM_BASE_URL"] == "http://127.0.0.1:11434/v1"
    assert loaded["VOGTER_LLM_TIMEOUT"] == 20
