"""What can be wrong with an imported file or one of its rows, and how to say it.

A problem is a code with its details, worded only when shown, so a preview made in
one request reads right in the language of the person who looks at it later.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vogter.workshops.kit import FIELDS_BY_KEY


@dataclass
class Problem:
    """Something wrong with a file or a row, worded when shown (in the reader's language)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        p = self.params
        match self.code:
            case "too_long":
                return _(
                    "%(field)s is too long: at most %(max)d characters, and it has %(length)d."
                ) % {"field": _field_name(p["field"]), "max": p["max"], "length": p["length"]}
            case "bad_characters":
                return _("%(field)s contains characters that cannot be saved.") % {
                    "field": _field_name(p["field"])
                }
            case "extra_cells":
                return _("This row has more cells than the header has columns.")
            case "too_large":
                return _("The file is too large: at most %(max)d MB.") % {"max": p["max"]}
            case "too_many_rows":
                return _("The file has too many rows: at most %(max)d.") % {"max": p["max"]}
            case "empty_file":
                return _("The file is empty.")
            case "encoding":
                return _(
                    "The file's characters could not be read. Save it as “CSV UTF-8” "
                    "(in Excel: Save as → CSV UTF-8) and upload it again."
                )
            case "read_as_cp1252":
                return _(
                    "The file was not in UTF-8, so it was read as Windows-1252 (Western "
                    "European). Check that æ, ø and å look right below."
                )
            case "broken_xlsx":
                return _(
                    "The file could not be read as an Excel workbook (.xlsx). It may be "
                    "damaged, or another kind of file. Open it in Excel and save it again as "
                    ".xlsx or as CSV UTF-8."
                )
            case "old_excel":
                return _(
                    "Old Excel files (.xls) and other spreadsheet formats cannot be read. "
                    "Save the file as .xlsx or as CSV UTF-8."
                )
            case "broken_csv":
                return _("The CSV file could not be read near row %(row)d: %(reason)s") % p
            case "no_columns":
                return _(
                    "None of the columns was recognised. The first row must name the columns: "
                    "profession, use_case and q1 to q5 (or the questions themselves)."
                )
            case "duplicate_column":
                return _("The column %(column)s appears more than once.") % p
            case "unknown_columns":
                return ngettext(
                    "This column was not recognised and is left out: %(columns)s.",
                    "These columns were not recognised and are left out: %(columns)s.",
                    len(p["columns"]),
                ) % {"columns": ", ".join(p["columns"])}
            case "skipped_empty":
                return (
                    ngettext(
                        "%(count)d empty row was skipped.",
                        "%(count)d empty rows were skipped.",
                        p["count"],
                    )
                    % p
                )
        return self.code


def _field_name(key: str) -> str:
    kit_field = FIELDS_BY_KEY[key]
    # q1..q5 by their number; the short fields by their name.
    if kit_field.is_question:
        return _("Question %(number)s") % {"number": key[1:]}
    return {"profession": _("Profession"), "use_case": _("AI use-case")}[key]
