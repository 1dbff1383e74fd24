"""What a national coordinator reads across the commons: counts of publications, the
themes that recur across organisations and sectors, and the reflection aims by sector.

Every national figure is a count of organisations or an average over people, and none is
shown for fewer than the minimum group size (5): a theme's count of organisations in a
sector, a sector's averages (both its organisations and its check-ins). Where one count
in a row is withheld and the row's total is shown, a second is withheld with it, so the
total cannot give the first away.

Reflection counts only for publications that share it, from the latest closed round of
each (adding rounds up would count people several times), and only where that round
reached its minimum group size, each aim only where that many answered it. A sector is
listed only from five sharing organisations, its number of check-ins rounded to tens; a
figure moved by one organisation publishing or withdrawing is then an average over at
least five people of that organisation, never less.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from vogter.commons.models import CommonsPrinciple, CommonsTheme, Publication, Sector
from vogter.disclosure.rules import minimum, protect
from vogter.reflection.models import AIMS, Checkin
from vogter.themes.labels import capitalise, concept_label
from vogter.themes.lexicon import CONCEPTS

# Nationally, over organisations and people alike: the default, never less.
MIN_GROUP_SIZE = minimum()
THEMES_SHOWN = 20
_CONCEPTS = {c.id: c for c in CONCEPTS}


@dataclass
class ThemeRow:
    concept: str
    label: str
    total: int
    by_sector: dict[str, int | None]  # None: withheld (fewer than the minimum, or complement)


@dataclass
class AimsRow:
    sector: str
    label: str
    organisations: int | None  # None: withheld
    checkins: int | None
    means: dict[str, float | None] = field(default_factory=dict)

    @property
    def withheld(self) -> bool:
        return self.organisations is None


@dataclass
class Dashboard:
    publications: int
    organisations: int
    principles: int
    by_sector: list[tuple[str, str, int]]  # (sector, label, publications)
    themes: list[ThemeRow]
    sectors: list[tuple[str, str]]  # the columns of the themes table
    aims: list[AimsRow]
    min_group_size: int = MIN_GROUP_SIZE


def _by_sector(counts: dict[str, int], total: int) -> dict[str, int | None]:
    """A theme's organisations per sector beside its total: through `protect`, with an
    organisation counted in no column (or in two) as a cell of its own."""
    rest = total - sum(counts.values())
    cells = {**counts, "": rest} if rest > 0 else counts
    shown = protect(cells, MIN_GROUP_SIZE)
    shown.pop("", None)
    return shown


def themes(language: str, *, limit: int = THEMES_SHOWN) -> tuple[list[ThemeRow], list[str]]:
    """The themes most organisations' published principles touch, by sector."""
    totals = dict(
        CommonsTheme.objects.values_list("concept")
        .annotate(n=Count("organisation", distinct=True))
        .values_list("concept", "n")
    )
    cells: dict[str, dict[str, int]] = {}
    for concept, sector, n in (
        CommonsTheme.objects.values_list("concept", "sector")
        .annotate(n=Count("organisation", distinct=True))
        .values_list("concept", "sector", "n")
    ):
        cells.setdefault(concept, {})[sector] = n
    ranked = sorted(
        ((n, c) for c, n in totals.items() if n >= MIN_GROUP_SIZE and c in _CONCEPTS),
        key=lambda t: (-t[0], t[1]),
    )[:limit]
    sectors = sorted({s for c in (c for _n, c in ranked) for s in cells.get(c, {})})
    rows = []
    for total, concept in ranked:
        counts = {s: cells[concept].get(s, 0) for s in sectors}
        rows.append(
            ThemeRow(
                concept=concept,
                label=capitalise(concept_label(_CONCEPTS[concept], language)),
                total=total,
                by_sector=_by_sector(counts, total),
            )
        )
    return rows, sectors


def aims() -> list[AimsRow]:
    """The reflection aims (1-5) averaged by sector, over the latest closed round of each
    publication that shares reflection, where that round reached its minimum group size;
    an aim counts from a round only where that many answered it. A sector is listed only
    from five sharing organisations; the number of check-ins is rounded to tens."""
    today = timezone.localdate()
    rounds = (
        Checkin.objects.filter(
            Q(round__closed=True) | Q(round__closes_on__lt=today),
            round__charter__publication__share_reflection=True,
        )
        .values(
            "round_id",
            "round__closes_on",
            "round__min_group_size",
            "round__charter_id",
            "round__charter__organisation_id",
            "round__charter__publication__sector",
        )
        .annotate(
            n=Count("id"),
            **{f"{aim}_sum": Sum(aim) for aim in AIMS},
            **{f"{aim}_n": Count(aim) for aim in AIMS},
        )
        .order_by()
    )
    latest: dict[int, dict[str, Any]] = {}
    for row in rounds:
        known = latest.get(row["round__charter_id"])
        if known is None or (row["round__closes_on"], row["round_id"]) > (
            known["round__closes_on"],
            known["round_id"],
        ):
            latest[row["round__charter_id"]] = row
    sums: dict[str, dict[str, float]] = {}
    orgs: dict[str, set[int]] = {}
    for row in latest.values():
        least = minimum(row["round__min_group_size"], MIN_GROUP_SIZE)
        if row["n"] < least:
            continue
        sector = row["round__charter__publication__sector"]
        acc = sums.setdefault(sector, {"n": 0})
        acc["n"] += row["n"]
        for aim in AIMS:
            if row[f"{aim}_n"] >= least:
                acc[f"{aim}_sum"] = acc.get(f"{aim}_sum", 0) + (row[f"{aim}_sum"] or 0)
                acc[f"{aim}_n"] = acc.get(f"{aim}_n", 0) + row[f"{aim}_n"]
        orgs.setdefault(sector, set()).add(row["round__charter__organisation_id"])
    out = []
    for sector in Sector:
        if sector.value not in sums or len(orgs[sector.value]) < MIN_GROUP_SIZE:
            continue
        acc = sums[sector.value]
        means = {
            aim: (
                round(acc[f"{aim}_sum"] / acc[f"{aim}_n"], 1)
                if acc.get(f"{aim}_n", 0) >= MIN_GROUP_SIZE
                else None
            )
            for aim in AIMS
        }
        checkins = int(round(acc["n"], -1)) or 10
        out.append(
            AimsRow(sector.value, str(sector.label), len(orgs[sector.value]), checkins, means)
        )
    return out


def dashboard(language: str) -> Dashboard:
    by_sector = dict(
        Publication.objects.values_list("sector").annotate(n=Count("id")).values_list("sector", "n")
    )
    theme_rows, sectors = themes(language)
    labels = dict(Sector.choices)
    return Dashboard(
        publications=sum(by_sector.values()),
        organisations=Publication.objects.values("organisation").distinct().count(),
        principles=CommonsPrinciple.objects.count(),
        by_sector=[(s.value, str(s.label), by_sector[s.value]) for s in Sector if s in by_sector],
        themes=theme_rows,
        sectors=[(s, str(labels.get(s, s))) for s in sectors],
        aims=aims(),
        min_group_size=minimum(),
    )
