"""The words of a round's two 1-5 scales and of the three verdicts: the one place the
check-in, the round's pages, the charts and the exports take them from, so that a 4 reads
"Largely" ("I høj grad") everywhere and "Revise" is one Danish word (docs/glossary.md).

The words are lazy translations: a page shows them in the active language, an export
looks them up in its own (`vogter.charters.exporters.common.in_language`).
"""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from vogter.reflection.models import Verdict

SCORES = (1, 2, 3, 4, 5)

# "How well do we live this principle?"
LIVED: Mapping[int, StrOrPromise] = {
    1: _("Not at all"),
    2: _("A little"),
    3: _("Partly"),
    4: _("Largely"),
    5: _("Fully"),
}

# The three aims: "How have these developed?"
DEVELOPED: Mapping[int, StrOrPromise] = {
    1: _("Much worse"),
    2: _("Worse"),
    3: _("Unchanged"),
    4: _("Better"),
    5: _("Much better"),
}

PRINCIPLE, AIM = "principle", "aim"
SCALES: Mapping[str, Mapping[int, StrOrPromise]] = {PRINCIPLE: LIVED, AIM: DEVELOPED}

# Keep, revise, retire: the model's labels, the only ones (Behold, Justér, Udfas).
VERDICTS: Mapping[str, StrOrPromise] = dict(Verdict.choices)


def words(scale: str) -> dict[int, str]:
    """The scale's words in the active language, by score."""
    return {score: str(word) for score, word in SCALES[scale].items()}


def choices(scale: str) -> list[tuple[str, str]]:
    """(value, word) for each score of a scale, for radio buttons."""
    return [(str(score), str(word)) for score, word in SCALES[scale].items()]


def bands(scale: str) -> dict[str, str]:
    """The words of the low (1-2), middle (3) and high (4-5) bands, where the scores
    themselves are not shown."""
    said = words(scale)
    return {
        "low": f"{said[1]} \N{EN DASH} {said[2]}",
        "middle": said[3],
        "high": f"{said[4]} \N{EN DASH} {said[5]}",
    }
