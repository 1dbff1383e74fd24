"""Finding a charter by its code for the commands (`vogter charter`, `vogter commons`),
which act for the system and so see every organisation's charters."""

from django.core.management.base import CommandError

from vogter.charters.models import Charter


def charter(code: str) -> Charter:
    found = Charter.objects.select_related("organisation", "unit").filter(code=code).first()
    if found is None:
        raise CommandError(f"No charter with the code {code!r}. See `vogter charter list`.")
    return found
