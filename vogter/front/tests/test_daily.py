"""`vogter daily` runs every daily job; one that fails does not stop the others."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from vogter.front.management.commands import daily

pytestmark = pytest.mark.django_db


def test_the_daily_job_reports_each_job_by_name() -> None:
    out = StringIO()
    call_command("daily", stdout=out)
    assert "reflection\trounds_opened\t0" in out.getvalue().splitlines()


def test_a_failing_job_is_reported_and_the_others_still_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ran = []

    def broken(today: datetime.date, base_url: str) -> daily.Lines:
        raise RuntimeError("disk full")

    def fine(today: datetime.date, base_url: str) -> daily.Lines:
        ran.append(today)
        return [("done", 1)]

    monkeypatch.setattr(daily, "JOBS", [("broken", broken), ("fine", fine)])
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="broken"):
        call_command("daily", "--today", "2027-01-04", stdout=out, stderr=err)
    assert ran == [datetime.date(2027, 1, 4)]
    assert "fine\tdone\t1" in out.getvalue()
    assert "broken: failed" in err.getvalue()
