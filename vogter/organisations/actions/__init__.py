"""Every change to organisations, units and memberships, for the pages, the REST API and
the `vogter` command alike: one module per topic (organisations, units, invitations,
joining through an invitation, memberships). Import from the topic module; this package
exports nothing.

Every caller calls these functions, so they validate alike, write the audit entry alike,
and cannot drift apart. An ActionError carries a message for the person, in their
language. What the topics share is in `checks.py`.
"""
