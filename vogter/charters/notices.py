"""What the charters tell people (vogter/notifications): a charter proposed for adoption
awaits the signatures of the people who represent *its* unit, and a principle proposed
from below reaches the managers of the unit it was proposed to."""

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy

from vogter.accounts.models import User
from vogter.charters import access
from vogter.charters.models import Charter, SignatureRole, UpwardProposal
from vogter.charters.versions import required_roles
from vogter.notifications.kinds import Kind
from vogter.notifications.send import Notice, Texts, notify
from vogter.organisations import representation
from vogter.organisations.models import Membership, Role


def _in_a_sentence(label: object) -> str:
    """“Leder” → “leder”, in the reader's language (read when the mail is written)."""
    text = str(label)
    return text[:1].lower() + text[1:]


_role_in_a_sentence = lazy(_in_a_sentence, str)


def signature_awaited(actor: User | None, charter: Charter) -> None:
    """Each person expected to sign, once, in the first role they sign in."""
    expected = access.expected_signers(charter)
    told: set[int] = set()
    path = reverse("charters:detail", args=[charter.organisation.code, charter.code])
    for role in required_roles(charter.organisation):
        people = [m.user for m in expected.get(role, []) if m.user_id not in told]
        told.update(u.pk for u in people)
        if not people:
            continue
        notice = Notice(
            kind=Kind.SIGNATURE,
            organisation=charter.organisation,
            actor=actor if actor is not None and actor.is_authenticated else None,
            title=charter.title,
            path=path,
            dates={"on": timezone.localdate()},
            context={
                "unit": charter.unit.name,
                "role": _role_in_a_sentence(SignatureRole(role).label),
            },
        )
        notify(notice, people)


def proposal_made(actor: User | None, proposal: UpwardProposal) -> None:
    """The managers of the unit it was proposed to (by the representation rule: its own,
    or the nearest above); where there are none, the organisation's facilitators and
    admins, who may take it into a charter."""
    unit = proposal.to_unit
    people = [m.user for m in representation.representatives(unit)[representation.MANAGER]]
    to_managers = bool(people)
    if not people:
        people = [
            m.user
            for m in Membership.objects.filter(
                organisation=proposal.organisation, role__in=[Role.ADMIN, Role.FACILITATOR]
            ).select_related("user")
        ]
    target = Charter.objects.filter(unit=unit).order_by("created_at", "pk").first()
    charter = target or proposal.from_charter
    notice = Notice(
        kind=Kind.PROPOSAL,
        organisation=proposal.organisation,
        actor=actor if actor is not None and actor.is_authenticated else None,
        title=Texts(da=proposal.statement_da, en=proposal.statement_en),
        path=reverse("charters:cascade", args=[proposal.organisation.code, charter.code]),
        dates={"on": timezone.localdate()},
        context={
            "unit": unit.name,
            "from_unit": proposal.from_charter.unit.name,
            "note": proposal.note,
            "to_managers": to_managers,  # else the facilitators and admins, and why
        },
    )
    notify(notice, people)
