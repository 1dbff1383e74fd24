"""Every change the directory sync makes: SCIM tokens (`tokens`), people and groups pushed
by an identity provider (`people`, `groups`). Import from the topic module; this package
exports nothing. The spreadsheet import saves through `vogter.directory.imports`."""
