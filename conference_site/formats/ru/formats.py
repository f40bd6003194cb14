# Russian: the month in the genitive (E), "г." after the year, as Django's own DATE_FORMAT
# ("16 мая 2022 г."), which this module keeps.
DAY_DATE_FORMAT = "l, j E Y г."
SHORT_DAY_FORMAT = "D, j E"
DAY_DATETIME_FORMAT = "D, j E Y г., H:i"
