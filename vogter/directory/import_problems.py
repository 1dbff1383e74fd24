"""What can be wrong with a directory file or one of its rows, and how to say it.

A problem is a code with its details, worded only when shown, so a preview made in one
request reads right in the language of the next (as the workshop import's problems).
"""

from django.utils.translation import gettext as _

from vogter.lib import spreadsheets


class Problem(spreadsheets.Problem):
    def own_message(self) -> str:
        p = self.params
        match self.code:
            case "no_columns":
                return _(
                    "The first row must name the columns: at least unit or email (e-mail), "
                    "and any of level, name, role, manager, TR and AMR."
                )
            case "address_taken":
                return _("The address %(email)s is already in use.") % p
            case "too_many_rows":
                return _("The file has too many rows: at most %(max)d.") % {"max": p["max"]}
            case "bad_email":
                return _("%(value)s is not an e-mail address.") % p
            case "duplicate_email":
                return _("%(email)s is also in row %(row)d; each person once.") % p
            case "bad_level":
                return (
                    _("%(value)s is not a level. Use group, unit, department or organisation-wide.")
                    % p
                )
            case "bad_role":
                return _("%(value)s is not a role. Use member, facilitator or admin.") % p
            case "bad_yes_no":
                column = {"is_manager": _("Manager"), "is_union_rep": _("TR")}.get(
                    p["flag"], _("AMR")
                )
                return _("%(column)s must be yes or no, not %(value)s.") % {
                    "column": column,
                    "value": p["value"],
                }
            case "level_conflict":
                return _("%(unit)s is given another level in row %(row)d.") % p
            case "too_big_for_parent":
                return _("%(unit)s cannot be part of %(parent)s: its level is higher.") % p
            case "unit_refused":
                return _("The unit %(unit)s cannot be made (see its row).") % p
            case "bad_name":
                return _("A unit's name can be at most 200 characters: %(unit)s.") % p
        return self.code
