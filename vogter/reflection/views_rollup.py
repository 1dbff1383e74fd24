"""The roll-up page of a unit and the units below it, and its CSV export
(vogter/reflection/rollup.py decides what may be shown)."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vogter.disclosure.rules import Reason
from vogter.lib.exporting import file_response
from vogter.lib.http import AuthedHttpRequest
from vogter.reflection import rollup as rollups
from vogter.reflection.access import get_unit_for_rollup
from vogter.reflection.models import AIMS

INDENT = "\u00a0" * 4
DASH = "\u2013"  # shown where there is nothing, or a figure is withheld
HISTORY_MARK = "\u2020"  # a dagger: withheld against a figure shown earlier


def _since(request: AuthedHttpRequest) -> tuple[datetime.date | None, str]:
    """The period's first day from ?since=YYYY-MM-DD; an unreadable date is ignored,
    with a note."""
    value = request.GET.get("since", "").strip()
    if not value:
        return None, ""
    try:
        return datetime.date.fromisoformat(value), ""
    except ValueError:
        return None, _("Write the date as YYYY-MM-DD.")


def _rows(result: rollups.RollUp) -> SafeString:
    """The table's rows. Built here rather than in the template: a corporate group has a
    thousand units, and the template language spends half a second on that many rows;
    format_html escapes every value as the template would."""
    date_format = get_format("SHORT_DATE_FORMAT")
    decimal = get_format("DECIMAL_SEPARATOR")
    withheld = format_html(
        '<td><span aria-hidden="true">{}</span><span class="visually-hidden">{}</span></td>',
        DASH,
        _("not shown"),
    )
    # Withheld because of a figure shown earlier: marked, and explained under the table.
    withheld_earlier = format_html(
        '<td><span aria-hidden="true">{}{}</span><span class="visually-hidden">{}</span></td>',
        DASH,
        HISTORY_MARK,
        _("not shown: compared with a figure shown earlier"),
    )

    def missing(reason: Reason | None) -> SafeString:
        return withheld_earlier if reason == Reason.HISTORY else withheld

    not_adopted = format_html('<span class="muted">{}</span>', _("not adopted yet"))
    none = format_html('<span class="muted">{}</span>', DASH)
    open_until = _("open until")

    def day(value: datetime.date) -> str:
        return dateformat.format(value, date_format)

    out = []
    for row in result.rows:
        adopted = [c for c in row.charters if c.adopted_version is not None]
        charters = (
            format_html_join(
                "; ",
                "{} (v{}{})",
                (
                    (c.title, c.adopted_version, ", " + day(c.adopted_on) if c.adopted_on else "")
                    for c in adopted
                ),
            )
            if adopted
            else not_adopted
            if row.charters
            else none
        )
        reflected = format_html(
            "{}{}",
            day(row.last_closed_on) if row.last_closed_on else DASH,
            format_html(' <span class="badge">{} {}</span>', open_until, day(row.open_until))
            if row.open_until
            else "",
        )
        figures = [
            missing(row.checkins_reason)
            if row.checkins is None
            else format_html("<td>{}</td>", row.checkins),
            *(
                missing(row.aims[aim].reason)
                if row.aims[aim].mean is None
                else format_html(
                    '<td><strong>{}</strong> <span class="muted small">({})</span></td>',
                    str(row.aims[aim].mean).replace(".", decimal),
                    row.aims[aim].n,
                )
                for aim in AIMS
            ),
        ]
        out.append(
            format_html(
                '<tr data-unit="{}"><th scope="row"><span aria-hidden="true">{}</span>{} '
                '<span class="muted small">{}</span></th><td>{}</td><td>{}</td><td>{}</td>'
                "<td>{}</td>{}</tr>",
                row.unit.code,
                INDENT * row.depth,
                row.unit.name,
                row.unit.level_label,
                charters,
                reflected,
                row.rounds,
                row.open_actions,
                mark_safe("".join(figures)),  # noqa: S308 - each made by format_html
            )
        )
    return mark_safe("\n".join(out))  # noqa: S308 - each made by format_html


@login_required
@require_GET
def rollup_page(request: AuthedHttpRequest, org: str, unit_code: str) -> HttpResponse:
    unit, membership = get_unit_for_rollup(request.user, org, unit_code)
    since, error = _since(request)
    result = rollups.rollup(unit, since=since, shown_to=rollups.audience(membership))
    labels = rollups.aim_labels()
    return render(
        request,
        "reflection/rollup.html",
        {
            "organisation": membership.organisation,
            "membership": membership,
            "unit": unit,
            "result": result,
            "rows": _rows(result),
            "aim_labels": [labels[aim] for aim in AIMS],
            "since": since,
            "since_error": error,
        },
    )


@login_required
@require_GET
def rollup_csv(request: AuthedHttpRequest, org: str, unit_code: str) -> HttpResponse:
    unit, membership = get_unit_for_rollup(request.user, org, unit_code)
    since, _error = _since(request)
    language = "en" if request.LANGUAGE_CODE == "en" else "da"
    result = rollups.rollup(unit, since=since, shown_to=rollups.audience(membership))
    return file_response(rollups.ROLLUP_EXPORTS.export(result, "csv", language))
