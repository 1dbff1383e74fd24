import datetime

from django import template
from django.utils import timezone
from django.utils.dateparse import parse_datetime

register = template.Library()


@register.filter
def local_moment(iso: str) -> datetime.datetime | str:
    """An ISO 8601 moment from a charter document, in the local time zone (for |date)."""
    moment = parse_datetime(iso or "")
    if moment is None:
        return iso
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment
