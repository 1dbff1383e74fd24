"""Every change to reflection, for the pages, the REST API and the `vogter reflection`
command alike: one module per topic (rounds, schedules and their reminders, check-ins,
agreed actions, revisit workshops). Import from the topic module; this package exports
nothing. What the pages show is read in `rounds.py` (who a round is for, what it asks)
and `results.py` (results and trends, as vogter/disclosure lets them through), beside it
(docs/reflection.md).
"""
