"""Agreement rounds as they stand: the current one, a round by its number, and whether a
sheet has voted. The results are in results.py."""

from django.http import Http404

from vogter.principles.models import AgreementBallot, AgreementRound
from vogter.workshops.models import Sheet, Workshop


def current_round(workshop: Workshop) -> AgreementRound | None:
    return AgreementRound.objects.filter(workshop=workshop).order_by("-number").first()


def has_voted(agreement: AgreementRound, sheet: Sheet) -> bool:
    return AgreementBallot.objects.filter(round=agreement, sheet=sheet).exists()


def round_in(workshop: Workshop, number: int | str) -> AgreementRound:
    """A round of `workshop` by its number (from a page's URL or the API's path); an
    unknown or malformed number is a 404."""
    text = str(number)
    agreement = (
        AgreementRound.objects.filter(workshop=workshop, number=int(text)).first()
        if text.isdecimal() and len(text) < 6
        else None
    )
    if agreement is None:
        raise Http404
    agreement.workshop = workshop
    return agreement
