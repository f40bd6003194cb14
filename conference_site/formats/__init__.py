"""Date formats per language (settings.FORMAT_MODULE_PATH), read before Django's own.

Templates and code ask for a format by name (`{{ day|date:"DAY_DATE_FORMAT" }}`,
`date_format(moment, "SHORT_DAY_FORMAT")`), so each language writes a day its own way:
"Monday 16 May 2022", "Понедельник, 16 мая 2022 г.", "2022年5月16日 星期一". Django's own
names (DATE_FORMAT...) are left as Django writes them, for the admin; every language
module defines the same names of ours:

- LONG_DATE_FORMAT: a day ("16 May 2022", "16 мая 2022 г.", "2022年5月16日").
- LONG_DATETIME_FORMAT: a day and a time ("16 May 2022, 09:00").
- DAY_DATE_FORMAT: a day with its weekday, for headings ("Monday 16 May 2022").
- SHORT_DAY_FORMAT: a short day without the year ("Mon 16 May").
- DAY_DATETIME_FORMAT: a short day, the year and the time ("Mon 16 May 2022, 09:00").
- MONTH_YEAR_FORMAT: a month on its own ("September 2021", "сентябрь 2021 г.", "2021年9月").
- MONTH_YEAR_FROM_FORMAT: a month after "from" ("September 2021", "сентября 2021 г.").

A language added to settings.LANGUAGES needs a module here too
(tests/test_formats.py checks that each one defines every name).
"""

CUSTOM_FORMATS = (
    "LONG_DATE_FORMAT",
    "LONG_DATETIME_FORMAT",
    "DAY_DATE_FORMAT",
    "SHORT_DAY_FORMAT",
    "DAY_DATETIME_FORMAT",
    "MONTH_YEAR_FORMAT",
    "MONTH_YEAR_FROM_FORMAT",
)
