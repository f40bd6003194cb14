# Russian: the month in the genitive (E) and "г." after the year, as Django's own
# DATE_FORMAT writes it ("16 мая 2022 г.").
LONG_DATE_FORMAT = "j E Y г."
LONG_DATETIME_FORMAT = "j E Y г., H:i"
DAY_DATE_FORMAT = "l, j E Y г."
SHORT_DAY_FORMAT = "D, j E"
DAY_DATETIME_FORMAT = "D, j E Y г., H:i"
# A month on its own ("сентябрь 2021 г.") and after "с" ("с сентября 2021 г.").
MONTH_YEAR_FORMAT = "F Y г."
MONTH_YEAR_FROM_FORMAT = "E Y г."
