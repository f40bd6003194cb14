# Simplified Chinese: year, month and day with their characters, as Django's own
# DATE_FORMAT writes it ("2022年5月16日"); the weekday after the date.
LONG_DATE_FORMAT = "Y年n月j日"
LONG_DATETIME_FORMAT = "Y年n月j日 H:i"
DAY_DATE_FORMAT = "Y年n月j日 l"
SHORT_DAY_FORMAT = "n月j日 D"
DAY_DATETIME_FORMAT = "Y年n月j日 D H:i"
MONTH_YEAR_FORMAT = "Y年n月"
MONTH_YEAR_FROM_FORMAT = "Y年n月"
