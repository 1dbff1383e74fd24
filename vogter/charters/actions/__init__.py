"""Every change to charters, for the pages, the API and the CLI alike: one module per
topic (drafts, editing the working copy, signatures, adoption, sharing, the cascade
across the unit tree). Import from the topic module; this package exports nothing.

The working copy (principles and cells) changes only while the current version is a
draft; each change is kept with its reason (CharterChange) and in the audit log.
Adopting needs every signature the organisation requires and freezes the document.
"""
