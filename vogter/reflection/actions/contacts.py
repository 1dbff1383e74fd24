"""Asked to be asked again: a workshop participant without an account leaves an e-mail
address, on their phone at the end of the workshop, for the personal links of their
unit's reflection rounds (docs/reflection.md, "Personal links and slips").

Nothing that links the address to the participant, their sheet or the moment is stored
or logged: no sheet, no workshop, no time, and no audit entry (an entry would carry the
time). Asking twice changes nothing but the language, and answers the same.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from vogter.lib.errors import ActionError
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
    try:
        with transaction.atomic():
            Contact.objects.update_or_create(
                unit_id=workshop.unit_id, email=address, defaults={"language": language}
            )
    except IntegrityError:  # the same address from two taps at once
        Contact.objects.filter(unit_id=workshop.unit_id, email=address).update(language=language)
