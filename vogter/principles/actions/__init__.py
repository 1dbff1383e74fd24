"""Every change to themes, principles, level cells and agreement rounds, for the web
pages, the API and the CLI alike: one module per topic (themes, principles and their
level cells, agreement). Import from the topic module; this package exports nothing.

Facilitators' changes are written to the audit log, so every change to the themes
and the principles is kept. A participant's ballot is not: see AgreementBallot.
"""
