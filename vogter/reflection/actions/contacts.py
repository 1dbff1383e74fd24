"""Asked to be asked again: a workshop participant without an account leaves an e-mail
address, on their phone at the end of the workshop, for the personal links of their
unit's reflection rounds (docs/reflection.md, "Personal links and slips").

Nothing that links the address to the participant, their sheet or the moment is stored
or logged: no sheet, no workshop, no time, and no audit entry (an entry would carry the
time). Nor does the database, read later: the unit's addresses are written again together
in a random order with each new one (`_mix`), so no row order or transaction pairs an
address with the sheet handed in just before it. Asking twice changes nothing but the
language, and answers the same.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from vogter.lib.errors import ActionError
from vogter.organisations.models import Unit
from vogter.reflection.actions.checkins import MIX, shuffled
from vogter.reflection.models import Contact
from vogter.workshops.models import Workshop

LANGUAGES = ("da", "en")


def clean_email(email: str) -> str:
    """The address as it is kept: trimmed, in lower case (one person, one contact)."""
    address = (email or "").strip().lower()
    try:
        if len(address) > 254:
            raise ValidationError("too long")
        validate_email(address)
    except ValidationError:
        raise ActionError(
            _("Write a whole e-mail address, such as name@example.dk."), field="email"
        ) from None
    return address


@transaction.atomic
def ask_again(workshop: Workshop, email: str, language: str) -> None:
    """Keep the address for the rounds of the workshop's unit (and the units it belongs
    to: a round on a charter above it asks the units below). Idempotent per unit and
    address; says nothing about whether it was there already."""
    if workshop.unit_id is None:
        raise ActionError(_("This workshop belongs to no unit."), field="workshop")
    if language not in LANGUAGES:
        raise ActionError(_("Choose Danish or English."), field="language")
    address = clean_email(email)
    # One address at a time per unit: the mix below rewrites the unit's addresses, and two
    # at once would each write the other's rows again.
    Unit.objects.select_for_update().filter(pk=workshop.unit_id).first()
    try:
        with transaction.atomic():
            Contact.objects.update_or_create(
                unit_id=workshop.unit_id, email=address, defaults={"language": language}
            )
    except IntegrityError:  # the same address from two taps at once
        Contact.objects.filter(unit_id=workshop.unit_id, email=address).update(language=language)
    _mix(workshop.unit_id, address)


def _mix(unit_id: int, address: str) -> None:
    """Write the unit's addresses again, up to MIX of them with the newest among them, in a
    random order and one transaction: the newest row is not the last one, and on
    PostgreSQL it shares its transaction (xmin) with the rest. The ids stay, so the links
    made for them still hold (the foreign keys are checked at commit)."""
    unit = Contact.objects.filter(unit_id=unit_id)
    rows = [unit.get(email=address), *unit.exclude(email=address).order_by("?")[:MIX]]
    # Deleted straight in SQL: Django's delete would take the contacts' links with them.
    Contact.objects.filter(pk__in=[c.pk for c in rows])._raw_delete(Contact.objects.db)
    Contact.objects.bulk_create(shuffled(rows))
