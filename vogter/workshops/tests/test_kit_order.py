"""The kit's order on the web sheet and the paper sheet: questions 1-4, then Profession
and AI use-case, then question 5 (../shared/DOMAIN.md). Written out here on purpose, not
read from kit.py, so a change to kit.FIELDS cannot move both the product and the test."""

import re
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from vogter.workshops.models import Workshop
from vogter.workshops.tests.paperkit import page
from vogter.workshops.tests.test_participant import joined

pytestmark = pytest.mark.django_db

KIT_ORDER = {
    "da": [
        "Hvilken værdi tilføres?",
        "Hvilken rolle agerer AI-modellen i dit arbejde?",
        "Hvilke ændringer ser du på kort og lang sigt?",
        "Hvordan sikres trivsel og effektivitet?",
        "Profession",
        "AI use-case",
        "Hvilke grundlæggende værdier er vigtige at bibeholde i arbejdet?",
    ],
    "en": [
        "What value is added?",
        "What role does the AI model play in your work?",
        "What changes do you see in the short and the long term?",
        "How are well-being and efficiency ensured?",
        "Profession",
        "AI use case",
        "Which fundamental values are important to keep in the work?",
    ],
}


def _in_order(text: str, labels: list[str]) -> bool:
    positions = [text.find(label) for label in labels]
    return -1 not in positions and positions == sorted(positions)


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_web_sheet_asks_in_the_kits_order(workshop: Workshop, language: str) -> None:
    workshop.language = language
    workshop.save()
    html = joined(workshop).get(f"/j/{workshop.join_code}/sheet/").content.decode()
    labels = re.findall(r"<label for=\"f-[^\"]+\">(.*?)</label>", html, re.S)
    texts = [re.sub(r"<[^>]+>", "", label).strip() for label in labels]
    kit_labels = [t for t in texts if any(t.endswith(k) for k in KIT_ORDER[language])]
    assert len(kit_labels) == 7
    assert [t.split(" ", 1)[0] for t in kit_labels if t[0].isdigit()] == ["1", "2", "3", "4", "5"]
    assert _in_order(" ".join(kit_labels), KIT_ORDER[language])


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_paper_sheet_asks_in_the_kits_order(
    fiona_client: Client, workshop: Workshop, tmp_path: Path, language: str
) -> None:
    response = fiona_client.get(page(workshop, "paper.pdf") + f"?lang={language}")
    assert response.status_code == 200
    target = tmp_path / "sheet.pdf"
    target.write_bytes(response.content)
    text = subprocess.run(  # noqa: S603 - a fixed tool on a file we wrote
        ["pdftotext", str(target), "-"],  # noqa: S607
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    flat = " ".join(text.split())
    assert _in_order(flat, KIT_ORDER[language])
    # Question 5 keeps its number though it comes after the two short fields.
    after_use_case = flat[flat.index(KIT_ORDER[language][5]) :]
    assert re.search(r"\b5\b", after_use_case)
