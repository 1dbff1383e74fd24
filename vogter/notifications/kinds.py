"""The kinds of notification: each one a thing that happened that somebody should hear
of. A person can switch each kind off (models.Preferences); every kind is on by default.
The apps that make things happen decide who hears of it and call send.notify()."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SIGNATURE = "signature", _("A charter awaits your signature")
    PROPOSAL = "proposal", _("A unit below proposes a principle")
    FLAG = "flag", _("A reflection round raised a flag")
    ACTION_DUE = "action_due", _("An agreed action is due")
    ROUND_OPENING = "round_opening", _("A reflection round opens")
    ROUND_CLOSING = "round_closing", _("A reflection round is about to close")


# What each kind is about, under its switch on the settings page.
EXPLAINED = {
    Kind.SIGNATURE: _(
        "When a charter of your unit is proposed for adoption and you sign it as manager, "
        "union representative (TR) or work-environment representative (AMR)."
    ),
    Kind.PROPOSAL: _(
        "When a unit directly below one you manage proposes one of its principles to it. "
        "Where no manager is placed, the organisation's facilitators and admins are told."
    ),
    Kind.FLAG: _(
        "When a closed round on your unit's charter shows a principle to look at again: its "
        "score falling, or many asking to revise it. The mail gives no figures."
    ),
    Kind.ACTION_DUE: _("When an action your unit agreed after a round is due in two days."),
    Kind.ROUND_OPENING: _(
        "When a reflection round you are asked to take part in opens, with your check-in "
        "link and the round as a calendar event."
    ),
    Kind.ROUND_CLOSING: _(
        "Two days before a round closes, if you have not checked in yet, with the calendar "
        "event updated."
    ),
}
