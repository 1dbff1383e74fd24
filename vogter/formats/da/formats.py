"""Danish times as Danish writes them: "kl. 06.10", "6. december 2026 kl. 06.10"
(Retskrivningsordbogen: a full stop between hours and minutes), with a no-break space
after "kl." so that a line never ends on it. Everything else, dates ("6. december
2026", "06.12.2026"), the decimal comma and the thousands separator, as Django's own
Danish formats."""

TIME_FORMAT = "H.i"
DATETIME_FORMAT = "j. F Y \\k\\l.\N{NO-BREAK SPACE}H.i"
SHORT_DATETIME_FORMAT = "d.m.Y \\k\\l.\N{NO-BREAK SPACE}H.i"
