from vogter.notifications.tests.smtp import inbox  # noqa: F401 (the fixture, for these tests)
