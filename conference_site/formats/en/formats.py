# English as the site has always written it: day before month, no comma ("16 May 2022").
# Django's own English names (DATE_FORMAT...) stay as they are, for the admin.
LONG_DATE_FORMAT = "j F Y"
LONG_DATETIME_FORMAT = "j F Y, H:i"
DAY_DATE_FORMAT = "l j F Y"
SHORT_DAY_FORMAT = "D j M"
DAY_DATETIME_FORMAT = "D j M Y, H:i"
MONTH_YEAR_FORMAT = "F Y"
MONTH_YEAR_FROM_FORMAT = "F Y"
