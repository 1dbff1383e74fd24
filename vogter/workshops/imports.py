"""Typed-up paper answers, from CSV or XLSX, previewed before anything is saved.

`parse()` reads a file into a `Preview`: the rows with their problems, and what
was wrong with the file as a whole. Nothing is saved until `import_sheets()` is
called with the preview, and then either every chosen row is saved or none is.

The columns are those of ../shared/data/sample_workshop.csv (and of our own CSV
and XLSX exports): `workshop`, `participant`, `profession`, `use_case`, `q1`..`q5`.
Headers are matched without regard to case, and the kit's questions (Danish or
English) are accepted in place of `q1`..`q5`. See docs/workshop-exports.md.

Problems are kept as codes with their details and worded when shown, so a preview
made in one request reads right in the language of the next.
"""

import re
import secrets
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vogter import live
from vogter.accounts.models import User
from vogter.lib import spreadsheets
from vogter.lib.errors import ActionError, record
from vogter.lib.spreadsheets import is_empty, read_table
from vogter.workshops.access import fingerprint
from vogter.workshops.actions.board import release_answers
from vogter.workshops.board import counts
from vogter.workshops.channels import board_channel
from vogter.workshops.exporters import answers_exported
from vogter.workshops.import_problems import Problem
from vogter.workshops.kit import FIELDS, FIELDS_BY_KEY, QUESTION_KEYS
from vogter.workshops.models import Entry, Phase, Sheet, Workshop

MAX_ROWS = 2000
# The views and the API refuse a bigger upload before reading it.
MAX_FILE_BYTES = spreadsheets.MAX_FILE_BYTES
ANSWER_KEYS = ("profession", "use_case", *QUESTION_KEYS)
# Columns we know and deliberately leave alone: a paper sheet has no participant
# number worth keeping, and an import never takes over an identity or a hidden mark.
IGNORED = frozenset({"participant", "deltager", "email", "e-mail", "hidden", "skjult"})


def _norm(header: str) -> str:
    """`  AI use-case ` and `ai_use_case` alike: case, spaces, dashes and `_` do not count."""
    text = header.replace("\ufeff", "").casefold()
    return re.sub(r"[\s_\-]+", " ", text).strip().rstrip("?:").strip()


def _header_names() -> dict[str, str]:
    names = {"workshop": "workshop", "værksted": "workshop"}
    for kit_field in FIELDS:
        for name in (kit_field.key, kit_field.da, kit_field.en):
            names[_norm(name)] = kit_field.key
    names[_norm("use case")] = "use_case"
    names[_norm("anvendelse")] = "use_case"
    names[_norm("stilling")] = "profession"
    names[_norm("fag")] = "profession"
    return names


HEADER_NAMES = _header_names()


# --- The preview ----------------------------------------------------------------------


@dataclass
class Row:
    number: int  # as a spreadsheet numbers it: the header is row 1
    workshop: str
    values: dict[str, str]
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Preview:
    filename: str
    rows: list[Row] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # the kit's keys found, in file order
    errors: list[Problem] = field(default_factory=list)  # the file as a whole cannot be used
    warnings: list[Problem] = field(default_factory=list)
    # Which `workshop` value's rows to import, when a file holds several.
    chosen: str | None = None

    @property
    def workshops(self) -> list[tuple[str, int]]:
        """The values of the `workshop` column with their number of rows, in file order."""
        return list(Counter(r.workshop for r in self.rows).items())

    @property
    def needs_choice(self) -> bool:
        return len(self.workshops) > 1 and self.chosen is None

    @property
    def selected(self) -> list[Row]:
        if self.chosen is None:
            return [] if self.needs_choice else self.rows
        return [r for r in self.rows if r.workshop == self.chosen]

    @property
    def good(self) -> list[Row]:
        return [r for r in self.selected if r.ok]

    @property
    def bad(self) -> list[Row]:
        return [r for r in self.selected if not r.ok]

    def choose(self, value: str | None) -> "Preview":
        """Pick the rows whose `workshop` column holds `value` (None: no choice made)."""
        values = {v for v, _n in self.workshops}
        self.chosen = value if value in values else None
        return self

    def guess(self, workshop: Workshop) -> "Preview":
        """Choose the only value, or the one that names this workshop."""
        values = [v for v, _n in self.workshops]
        if len(values) == 1:
            return self.choose(values[0])
        wanted = _norm(workshop.title)
        matching = [v for v in values if _norm(v) == wanted]
        return self.choose(matching[0] if len(matching) == 1 else self.chosen)

    def names_other_workshop(self, workshop: Workshop) -> bool:
        """True when the chosen rows say they belong to a workshop of another name."""
        value = self.chosen if self.chosen is not None else ""
        return bool(value.strip()) and _norm(value) != _norm(workshop.title)

    # A preview is kept between the upload and the confirmation (see views_paper).
    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Preview":
        def problems(items: list[dict[str, Any]]) -> list[Problem]:
            return [Problem(**p) for p in items]

        return cls(
            filename=data["filename"],
            rows=[
                Row(r["number"], r["workshop"], r["values"], problems(r["problems"]))
                for r in data["rows"]
            ],
            columns=list(data["columns"]),
            errors=problems(data["errors"]),
            warnings=problems(data["warnings"]),
            chosen=data["chosen"],
        )


# --- Reading files --------------------------------------------------------------------


def parse(file_bytes: bytes, filename: str) -> Preview:
    """Read CSV or XLSX bytes into a preview. Never raises on bad input: the problems
    are in the preview."""
    preview = Preview(filename=filename)
    read = read_table(file_bytes, filename, MAX_ROWS)
    preview.errors.extend(Problem(code, params) for code, params in read.errors)
    preview.warnings.extend(Problem(code, params) for code, params in read.warnings)
    if read.table is not None and not preview.errors:
        _rows_from_table(read.table, preview)
    return preview


def _rows_from_table(table: list[list[str]], preview: Preview) -> None:
    # The header is the first row with anything in it.
    start = next((i for i, cells in enumerate(table) if any(c.strip() for c in cells)), None)
    if start is None:
        preview.errors.append(Problem("empty_file"))
        return
    header = table[start]
    keys: list[str | None] = []
    unknown: list[str] = []
    for name in header:
        normal = _norm(name)
        key = HEADER_NAMES.get(normal)
        if key is None and normal and normal not in IGNORED:
            unknown.append(name.strip())
        if key is not None and key in keys:
            preview.errors.append(Problem("duplicate_column", {"column": name.strip()}))
        keys.append(key)
    preview.columns = [k for k in keys if k is not None and k != "workshop"]
    if not preview.columns:
        preview.errors.append(Problem("no_columns"))
        return
    if unknown:
        preview.warnings.append(Problem("unknown_columns", {"columns": unknown}))
    if preview.errors:
        return

    body = table[start + 1 :]
    if sum(not is_empty(cells) for cells in body) > MAX_ROWS:
        preview.errors.append(Problem("too_many_rows", {"max": MAX_ROWS}))
        return
    skipped = 0
    for offset, cells in enumerate(body):
        number = start + offset + 2
        row = _make_row(number, keys, cells)
        if row is None:
            skipped += 1
        else:
            preview.rows.append(row)
    if skipped:
        preview.warnings.append(Problem("skipped_empty", {"count": skipped}))


def _make_row(number: int, keys: list[str | None], cells: list[str]) -> Row | None:
    """One row, or None when it has no answer at all."""
    values: dict[str, str] = {}
    workshop = ""
    for key, cell in zip(keys, cells, strict=False):
        # Kept as typed (an export must come back exactly), but blank is empty.
        text = cell.replace("\r\n", "\n").replace("\r", "\n")
        if key == "workshop":
            workshop = " ".join(text.split())
        elif key is not None:
            values[key] = text if text.strip() else ""
    if not any(values.values()):
        return None
    row = Row(number, workshop, {k: values.get(k, "") for k in ANSWER_KEYS})
    if any(c.strip() for c in cells[len(keys) :]):
        row.problems.append(Problem("extra_cells"))
    for key, text in row.values.items():
        limit = FIELDS_BY_KEY[key].max_length
        if len(text) > limit:
            row.problems.append(
                Problem("too_long", {"field": key, "max": limit, "length": len(text)})
            )
        if "\x00" in text:
            row.problems.append(Problem("bad_characters", {"field": key}))
    return row


# --- Saving ---------------------------------------------------------------------------


def _unusable_secret() -> str:
    """A fingerprint nobody holds the secret to: a typed-up paper sheet has no owner
    who could open it again."""
    return fingerprint(secrets.token_urlsafe(32))


@transaction.atomic
def import_sheets(
    actor: User | None, workshop: Workshop, preview: Preview, *, only_valid: bool = False
) -> int:
    """Save one sheet per good row of the chosen workshop; return how many.

    With rows in error nothing is saved, unless `only_valid` says to save the good
    ones and leave the rest. All or nothing: a failure saves no row at all.
    """
    if preview.errors:
        raise ActionError(
            _("The file cannot be imported: %(problem)s") % {"problem": preview.errors[0].message}
        )
    if preview.needs_choice:
        raise ActionError(
            _("The file holds rows for several workshops. Choose whose rows to import."),
            field="workshop",
        )
    if workshop.phase == Phase.CLOSED:
        raise ActionError(_("This workshop has closed."))
    if answers_exported(workshop):
        # An export before and one after would differ by exactly the imported sheets.
        raise ActionError(
            _(
                "The answers have been exported, so no more can be added: an export taken "
                "afterwards could be compared with the first to single out the new sheets."
            )
        )
    bad = preview.bad
    if bad and not only_valid:
        raise ActionError(
            ngettext(
                "%(count)d row has errors. Correct the file, or import only the rows "
                "without errors.",
                "%(count)d rows have errors. Correct the file, or import only the rows "
                "without errors.",
                len(bad),
            )
            % {"count": len(bad)}
        )
    good = preview.good
    if not good:
        raise ActionError(_("There are no rows to import."))

    sheets = [
        Sheet(
            workshop=workshop,
            token_hash=_unusable_secret(),
            resume_hash=_unusable_secret(),
            submitted=True,
        )
        for _good_row in good
    ]
    Sheet.objects.bulk_create(sheets)
    # Answers on paper are finished answers.
    entries = [
        Entry(sheet=sheet, field=key, text=text, release_pending=True)
        for sheet, row in zip(sheets, good, strict=True)
        for key, text in row.values.items()
        if text
    ]
    Entry.objects.bulk_create(entries)
    # How many, never what or from which file: the audit log is no copy of the answers.
    record(actor, workshop.organisation, "workshop.import", workshop.code, count=len(sheets))
    _announce(workshop)
    return len(sheets)


def _announce(workshop: Workshop) -> None:
    """Tell the board once the rows are stored: new counts, and the answers as one batch
    in random order (the facilitator's moment, so with whatever else waits)."""
    channel = board_channel(workshop)
    transaction.on_commit(lambda: live.publish(channel, "counts", counts(workshop)))
    release_answers(workshop)
