"""Dates, times and numbers as each language writes them, for text that is not in the
active language: documents, e-mails and exports pick their language per file.

    long_date(d, "da")        "6. december 2026"      long_date(d, "en")  "6 December 2026"
    clock(t, "da")            "kl. 06.10"             clock(t, "en")      "06:10"
    date_and_time(t, "da")    "6. december 2026 kl. 06.10"   / "6 December 2026, 06:10"
    percent(0.667, "da")      "67 %"                  percent(0.667, "en")  "67%"
    decimal(3.25, "da", 1)    "3,3"                   decimal(3.25, "en", 1) "3.3"

Times are shown in Danish time (Europe/Copenhagen), where the workshops happen; they
are stored in UTC. Web pages in the active language use Django's formats
(vogter/formats/), which say the same.
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.utils import dateformat, translation

ZONE = ZoneInfo("Europe/Copenhagen")

_DATE = {"da": "j. F Y", "en": "j F Y"}
_CLOCK = {"da": r"\k\l. H.i", "en": "H:i"}
_JOIN = {"da": " ", "en": ", "}


def _local(moment: datetime) -> datetime:
    return moment.astimezone(ZONE) if moment.tzinfo is not None else moment


def long_date(day: date | datetime | str, language: str) -> str:
    """`2026-12-06` (a date, a datetime or ISO text) as "6. december 2026" / "6 December 2026"."""
    if isinstance(day, str):
        day = (
            datetime.fromisoformat(day.replace("Z", "+00:00"))
            if len(day) > 10
            else date.fromisoformat(day)
        )
    if isinstance(day, datetime):
        day = _local(day).date()
    with translation.override(language):
        return dateformat.format(day, _DATE.get(language, _DATE["en"]))


def clock(moment: datetime, language: str) -> str:
    """The time of day in Danish time: "kl. 06.10" / "06:10"."""
    with translation.override(language):
        return dateformat.format(_local(moment), _CLOCK.get(language, _CLOCK["en"]))


def date_and_time(moment: datetime | str, language: str) -> str:
    """ "6. december 2026 kl. 06.10" / "6 December 2026, 06:10" (Danish time)."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    return long_date(moment, language) + _JOIN.get(language, ", ") + clock(moment, language)


def decimal(value: float, language: str, places: int = 1) -> str:
    """A number with `places` decimals, rounded half up, with a decimal comma in Danish."""
    quantum = Decimal(1).scaleb(-places)
    text = str(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))
    return text.replace(".", ",") if language == "da" else text


def percent(share: float, language: str) -> str:
    """A share (0 to 1) as a whole percentage: "67 %" in Danish (with a no-break space), "67%"."""
    number = int(Decimal(str(share * 100)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return f"{number}\N{NO-BREAK SPACE}%" if language == "da" else f"{number}%"
