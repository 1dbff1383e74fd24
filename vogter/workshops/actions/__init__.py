"""Every change to workshops and worksheets, for the web pages, the API and the CLI alike:
one module per topic (workshops: creating, settings, phases, revealing; sheets: joining,
saving, handing in; board: hiding a card, releasing finished answers to the board).
Import from the topic module; this package exports nothing.

Facilitator actions write an audit entry. Participant actions never do: in an
anonymous workshop even the fact that someone saved at a certain time is not kept.
Changes that others should see at once are published to the live channels after
the transaction commits (`live.publish_after_commit`, the channels in
vogter/workshops/channels.py; see docs/live.md). What they read without changing
anything is in board.py (cards, counts), channels.py and exporters (`answers_exported`).
"""
