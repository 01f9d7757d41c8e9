# English dates as the hub writes them everywhere ("4 Dec 2026, 09:20"), not Django's US
# defaults ("Dec. 4, 2026, 9:20 a.m."). French and Spanish keep Django's own formats
# ("4 décembre 2026 09:20", "4 de diciembre de 2026 a las 09:20"). Templates name the format
# (DATE_FORMAT, DATETIME_FORMAT, TIME_FORMAT, YEAR_MONTH_FORMAT), never a pattern, so each
# language has one way of writing a date.
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
