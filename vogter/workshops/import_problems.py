"""What can be wrong with an imported file or one of its rows, and how to say it.

A problem is a code with its details, worded only when shown, so a preview made in
one request reads right in the language of the person who looks at it later.
"""

from django.utils.translation import gettext as _

from vogter.lib import spreadsheets
from vogter.workshops.kit import FIELDS_BY_KEY


class Problem(spreadsheets.Problem):
    """Something wrong with a file or a row, worded when shown (in the reader's language)."""

    def own_message(self) -> str:
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
            case "no_columns":
                return _(
                    "None of the columns was recognised. The first row must name the columns: "
                    "profession, use_case and q1 to q5 (or the questions themselves)."
                )
        return self.code


def _field_name(key: str) -> str:
    kit_field = FIELDS_BY_KEY[key]
    # q1..q5 by their number; the short fields by their name.
    if kit_field.is_question:
        return _("Question %(number)s") % {"number": key[1:]}
    return {"profession": _("Profession"), "use_case": _("AI use-case")}[key]
