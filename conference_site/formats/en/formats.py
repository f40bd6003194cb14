# English as the site has always written it: day before month, no comma ("16 May 2022").
DATE_FORMAT = "j F Y"
DAY_DATE_FORMAT = "l j F Y"
SHORT_DAY_FORMAT = "D j M"
DAY_DATETIME_FORMAT = "D j M Y, H:i"
DATETIME_FORMAT = "j F Y, H:i"
