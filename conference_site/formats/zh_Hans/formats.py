# Simplified Chinese: year, month, day with their characters, the weekday after the date,
# as Django's own DATE_FORMAT ("2022年5月16日"), which this module keeps.
DAY_DATE_FORMAT = "Y年n月j日 l"
SHORT_DAY_FORMAT = "n月j日 D"
DAY_DATETIME_FORMAT = "Y年n月j日 D H:i"
