"""English dates as British English writes them ("6 December 2026"); everything else as
Django's English. Danish keeps Django's own Danish formats ("6. december 2026")."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
