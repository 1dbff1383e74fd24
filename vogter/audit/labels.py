"""What each action of the audit log is called, in plain words (docs/audit.md).

An action without a label here is shown by its code: a new action is never hidden,
only less readable until it is named.
"""

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vogter.charters.models import SignatureRole
from vogter.organisations.models import Role, UnitLevel
from vogter.principles.models import Level
from vogter.reflection.models import Event, Kind
from vogter.workshops.models import Phase

LABELS: dict[str, Promise] = {
    "agreement.close": _("Closed an agreement round"),
    "agreement.open": _("Opened an agreement round"),
    "agreement.reveal": _("Showed or hid the agreement results"),
    "api_token.issue": _("Made an API token"),
    "api_token.revoke": _("Revoked an API token"),
    "assist.group_answers": _("Asked the language model to group the answers"),
    "assist.name_themes": _("Asked for suggested theme names"),
    "assist.suggest_principles": _("Asked for suggested principles"),
    "audit.export": _("Downloaded the audit log"),
    "card.blank": _("Removed personal data from an answer before the room saw it"),
    "card.clear": _("Let a held answer be shown as written"),
    "card.hide": _("Hid an answer on the board"),
    "card.remove_sheet": _("Removed a worksheet from the board"),
    "card.show": _("Showed an answer on the board again"),
    "cell.clear": _("Cleared a level cell"),
    "cell.set": _("Wrote a level cell"),
    "charter.add_workshop": _("Added a workshop's principles to the charter"),
    "charter.adopt": _("Adopted the charter"),
    "charter.back_to_draft": _("Took the charter back to draft"),
    "charter.cascade.adopt": _("Adopted a principle from the unit above"),
    "charter.cascade.decline": _("Declined a proposal from a unit below"),
    "charter.cascade.propose": _("Proposed a principle to the unit above"),
    "charter.cascade.take": _("Took in a proposal from a unit below"),
    "charter.cascade.withdraw": _("Withdrew a proposal to the unit above"),
    "charter.cell": _("Changed a level cell of the charter"),
    "charter.create": _("Created the charter"),
    "charter.export": _("Downloaded the charter"),
    "charter.new_draft": _("Started a new draft of the charter"),
    "charter.principle.add": _("Added a principle to the charter"),
    "charter.principle.merge": _("Merged two principles of the charter"),
    "charter.principle.move": _("Moved a principle in the charter"),
    "charter.principle.remove": _("Removed a principle from the charter"),
    "charter.principle.update": _("Changed a principle of the charter"),
    "charter.propose": _("Proposed the charter for signature"),
    "charter.share": _("Made a share link for the charter"),
    "charter.sign": _("Signed the charter"),
    "charter.signature.void": _("A signature was voided (its signer's account was deleted)"),
    "charter.signoff_policy": _("Changed who signs charters"),
    "charter.unshare": _("Revoked the charter's share link"),
    "commons.coordinator.grant": _("Made someone a national coordinator"),
    "commons.coordinator.revoke": _("Removed a national coordinator"),
    "commons.publish": _("Published the charter to the commons"),
    "commons.template.create": _("Created a template principle"),
    "commons.template.update": _("Changed a template principle"),
    "commons.template.use": _("Started a principle from a template"),
    "commons.unpublish": _("Withdrew the charter from the commons"),
    "directory.group.create": _("Directory sync made a unit from a group"),
    "directory.group.delete": _("Directory sync removed a group's unit"),
    "directory.group.update": _("Directory sync changed a group's unit or its members"),
    "directory.import": _("Imported units and people from a file"),
    "directory.person.create": _("Directory sync added a person"),
    "directory.person.delete": _("Directory sync removed a person"),
    "directory.person.update": _("Directory sync changed a person"),
    "invitation.accept": _("Accepted an invitation"),
    "invitation.ask": _("Asked to join with another address"),
    "invitation.confirm": _("Let in someone who asked to join"),
    "invitation.create": _("Invited someone"),
    "invitation.revoke": _("Withdrew an invitation"),
    "membership.add": _("Added someone to the organisation"),
    "membership.change": _("Changed someone's role"),
    "membership.remove": _("Removed someone from the organisation"),
    "notifications.preferences": _("Changed which notifications they get"),
    "organisation.create": _("Created the organisation"),
    "organisation.import": _("Imported the organisation from a file"),
    "organisation.retention": _("Changed how long answers and the audit log are kept"),
    "organisation.update": _("Changed the organisation's settings"),
    "person.delete": _("A person deleted their account"),
    "person.export": _("Downloaded what the organisation holds about a person"),
    "principle.create": _("Wrote a principle"),
    "principle.reorder": _("Reordered the principles"),
    "principle.restore": _("Restored a principle"),
    "principle.update": _("Changed a principle"),
    "principle.withdraw": _("Withdrew a principle"),
    "reflection.action": _("Agreed an action in a reflection round"),
    "reflection.cancel": _("Cancelled a reflection round"),
    "reflection.close": _("Closed a reflection round"),
    "reflection.export": _("Downloaded a reflection round's results"),
    "reflection.follow_up": _("Followed up an agreed action"),
    "reflection.open": _("Opened a reflection round"),
    "reflection.reminders_stopped": _("Stopped reminders for people who left"),
    "reflection.revisit": _("Started a workshop to revisit a principle"),
    "reflection.schedule": _("Changed the charter's reflection schedule"),
    "reflection.slips": _("Printed check-in slips"),
    "retention.answers": _("Deleted workshop answers past the retention period"),
    "retention.audit": _("Deleted audit entries past the retention period"),
    "retention.checkins": _("Deleted check-in comments past the retention period"),
    "scim_token.issue": _("Made a SCIM token"),
    "scim_token.revoke": _("Revoked a SCIM token"),
    "sso.domain.add": _("Added an e-mail domain for single sign-on"),
    "sso.domain.remove": _("Removed an e-mail domain from single sign-on"),
    "sso.join": _("Joined through single sign-on"),
    "sso.local_passwords": _("Switched local passwords on or off"),
    "sso.rule.add": _("Added a sign-in rule"),
    "sso.rule.delete": _("Deleted a sign-in rule"),
    "sso.rule.move": _("Moved a sign-in rule"),
    "sso.link": _("Linked an existing account to the sign-in provider"),
    "sso.unlink": _("Unlinked an account from the sign-in provider"),
    "theme.create": _("Created a theme"),
    "theme.delete": _("Deleted a theme"),
    "theme.merge": _("Merged two themes"),
    "theme.move": _("Moved answers between themes"),
    "theme.rename": _("Renamed a theme"),
    "themes.replace": _("Replaced the suggested themes"),
    "themes.suggest": _("Asked for suggested themes"),
    "unit.create": _("Created a unit"),
    "unit.delete": _("Deleted a unit"),
    "unit.update": _("Changed a unit"),
    "workshop.copy": _("Copied a workshop"),
    "workshop.create": _("Created a workshop"),
    "workshop.export": _("Downloaded a workshop's answers"),
    "workshop.from_template": _("Created a workshop from a template"),
    "workshop.import": _("Imported paper worksheets"),
    "workshop.phase": _("Moved the workshop to another phase"),
    "workshop.remove_empty_sheets": _("Removed empty worksheets"),
    "workshop.reveal": _("Showed or hid the answers on the board"),
    "workshop.timer": _("Started, paused or lengthened a phase's timer"),
    "workshop.timings": _("Planned the minutes of a workshop's phases"),
    "workshop.update": _("Changed a workshop"),
    "workshop_template.create": _("Created a workshop template"),
    "workshop_template.delete": _("Deleted a workshop template"),
    "workshop_template.update": _("Changed a workshop template"),
}


# The details' names, for the page (the downloads keep the codes, for machines).
DETAILS: dict[str, Promise] = {
    "version": _("Version"),
    "format": _("Format"),
    "language": _("Language"),
    "title": _("Title"),
    "unit": _("Unit"),
    "role": _("Role"),
    "roles": _("Roles"),
    "email": _("E-mail"),
    "name": _("Name"),
    "level": _("Level"),
    "parent": _("Part of"),
    "is_manager": _("Manager"),
    "is_union_rep": _("TR"),
    "is_safety_rep": _("AMR"),
    "max_uses": _("Uses"),
    "expires_at": _("Expires"),
    "membership": _("Membership"),
    "joined": _("Joined"),
    "count": _("Number"),
    "phase": _("Phase"),
    "question": _("Question"),
    "themes": _("Themes"),
    "workshop": _("Workshop"),
    "statement": _("Principle"),
    "statement_da": _("Principle (Danish)"),
    "statement_en": _("Principle (English)"),
    "principle": _("Principle"),
    "principles": _("Principles"),
    "reason": _("Reason"),
    "to_unit": _("To unit"),
    "proposal": _("Proposal"),
    "rows": _("Rows"),
    "months": _("Months"),
    "entries": _("Entries"),
    "before": _("Before"),
    "answers_deleted": _("Answers deleted"),
    "answers_emptied": _("Answers emptied"),
    "comments": _("Comments"),
    "domain": _("Domain"),
    "claim": _("Claim"),
    "value": _("Value"),
    "every_months": _("Every (months)"),
    "min_group_size": _("Minimum group size"),
    "active": _("Active"),
    "account_created": _("New account"),
    "new_account": _("New account"),
    "people_created": _("People added"),
    "event": _("Event"),
    "kind": _("Kind"),
    "via": _("Via"),
    "by": _("By"),
    "number": _("Number"),
    "off": _("Off"),
    "switched_off": _("Switched off"),
    "filters": _("Filters"),
    "layout": _("Layout"),
    "named": _("With names"),
    "share_reflection": _("Reflection results shared"),
    "answers": _("Answers"),
    "charter": _("Charter"),
    "empty_on_purpose": _("Left empty on purpose"),
    "k": _("Number of themes"),
    "label": _("Name"),
    "responsible": _("Owner"),
    "sources": _("Quoted answers"),
    "text": _("Text"),
}


def label(action: str) -> str:
    """The action in plain words in the active language, or its code."""
    found = LABELS.get(action)
    return str(found) if found is not None else action


def _choices(*kinds: type[models.TextChoices]) -> dict[str, str | Promise]:
    return {code: name for kind in kinds for code, name in kind.choices}


# Details recorded as a code of a fixed set (a phase, a role, a level): shown by its name.
VALUES: dict[str, dict[str, str | Promise]] = {
    "phase": _choices(Phase),
    "role": _choices(Role, SignatureRole),
    "roles": _choices(Role, SignatureRole),
    "level": _choices(UnitLevel, Level),
    "kind": _choices(Kind),
    "event": _choices(Event),
}


def value(key: str, recorded: object) -> object:
    """A detail's value as a person reads it: a code of a fixed set by its name in the
    active language; anything else as it was recorded."""
    names = VALUES.get(key)
    if names is None:
        return recorded
    if isinstance(recorded, list):
        return [str(names.get(item, item)) if isinstance(item, str) else item for item in recorded]
    return str(names[recorded]) if isinstance(recorded, str) and recorded in names else recorded


def detail(key: str) -> str:
    """A detail's name in plain words in the active language, or its code."""
    found = DETAILS.get(key)
    return str(found) if found is not None else key
