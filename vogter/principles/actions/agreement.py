"""Agreement rounds: opened on the principles as they stand, closed, revealed, and the
participants' ballots. A ballot keeps no link to the sheet that cast it."""

import secrets

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.lib.errors import ActionError, record
from vogter.live import publish_after_commit
from vogter.principles.checks import COMMENT_MAX, check_phase, clean_text
from vogter.principles.models import (
    AgreementBallot,
    AgreementRound,
    AgreementVote,
    Choice,
    Principle,
    RoundItem,
)
from vogter.workshops.channels import board_channel, participants_channel
from vogter.workshops.models import Phase, Sheet, Workshop


@transaction.atomic
def open_round(
    actor: User | None, workshop: Workshop, *, open_count: bool = False
) -> AgreementRound:
    """A new agreement round on the principles as they stand; an open one is closed.

    With `open_count` the results show exact counts however small (docs/disclosure.md):
    chosen here, before anyone votes, and said on every phone before the ballot."""
    check_phase(workshop, frozenset({Phase.AGREEMENT}))
    principles = list(Principle.objects.filter(workshop=workshop, withdrawn=False))
    if not principles:
        raise ActionError(_("Draft at least one principle first."), field="principles")
    AgreementRound.objects.filter(workshop=workshop, open=True).update(open=False)
    last = AgreementRound.objects.filter(workshop=workshop).aggregate(last=Max("number"))["last"]
    agreement = AgreementRound.objects.create(
        workshop=workshop, number=(last or 0) + 1, open_count=open_count
    )
    RoundItem.objects.bulk_create(
        RoundItem(
            round=agreement,
            principle=p,
            statement_da=p.statement_da,
            statement_en=p.statement_en,
            position=position,
        )
        for position, p in enumerate(principles, start=1)
    )
    record(
        actor,
        workshop.organisation,
        "agreement.open",
        workshop.code,
        number=agreement.number,
        principles=[p.code for p in principles],
        open_count=open_count,
    )
    _agreement_changed(workshop)
    return agreement


def _agreement_changed(workshop: Workshop) -> None:
    publish_after_commit(participants_channel(workshop), "agreement", {})
    publish_after_commit(board_channel(workshop), "agreement", {})


@transaction.atomic
def close_round(actor: User | None, agreement: AgreementRound) -> AgreementRound:
    if agreement.open:
        agreement.open = False
        agreement.save(update_fields=["open"])
        record(
            actor,
            agreement.workshop.organisation,
            "agreement.close",
            agreement.workshop.code,
            number=agreement.number,
        )
        _agreement_changed(agreement.workshop)
    return agreement


@transaction.atomic
def reveal_round(
    actor: User | None, agreement: AgreementRound, revealed: bool = True
) -> AgreementRound:
    if revealed and agreement.open:
        # Results shown while ballots still come in would give each new voter away.
        close_round(actor, agreement)
    if agreement.revealed != revealed:
        agreement.revealed = revealed
        agreement.save(update_fields=["revealed"])
        record(
            actor,
            agreement.workshop.organisation,
            "agreement.reveal",
            agreement.workshop.code,
            number=agreement.number,
            revealed=revealed,
        )
        _agreement_changed(agreement.workshop)
    return agreement


@transaction.atomic
def cast_ballot(sheet: Sheet, agreement: AgreementRound, votes: dict[str, tuple[str, str]]) -> None:
    """A participant's ballot: a choice (and perhaps a comment) for every principle of
    the round, given once. The votes are stored without the sheet; the ballot row only
    says that this sheet has voted, so no one can vote twice."""
    if agreement.workshop_id != sheet.workshop_id:
        raise ActionError(_("This round belongs to another workshop."), field="round")
    if not agreement.open:
        raise ActionError(_("This agreement round is closed."), field="round")
    principles = {
        item.principle.code: item.principle for item in agreement.items.select_related("principle")
    }
    missing = [code for code in principles if code not in votes]
    if missing or set(votes) - set(principles):
        raise ActionError(_("Choose agree, disagree or pass for every principle."), field="votes")
    cleaned = []
    for code, (choice, comment) in votes.items():
        if choice not in Choice.values:
            raise ActionError(
                _("Choose agree, disagree or pass for every principle."), field="votes"
            )
        cleaned.append((principles[code], choice, clean_text(comment, COMMENT_MAX, "comment")))
    try:
        with transaction.atomic():
            AgreementBallot.objects.create(round=agreement, sheet=sheet)
    except IntegrityError:
        raise ActionError(_("You have already voted in this round."), field="round") from None
    AgreementVote.objects.bulk_create(
        AgreementVote(
            round=agreement,
            principle=principle,
            choice=choice,
            comment=comment,
            shuffle=secrets.randbelow(2**31),
        )
        for principle, choice, comment in cleaned
    )
    ballots = AgreementBallot.objects.filter(round=agreement).count()
    publish_after_commit(
        board_channel(sheet.workshop), "ballots", {"round": agreement.number, "ballots": ballots}
    )
