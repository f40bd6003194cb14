import pytest

from events.regions import Region, countries_in, named_region_countries, region_of_country


@pytest.mark.parametrize(
    ("country", "region"),
    [
        ("CN", Region.CHINA),
        ("RU", Region.RUSSIA),
        ("DE", Region.EUROPE),
        ("ES", Region.EUROPE),
        ("PT", Region.EUROPE),
        ("IS", Region.EUROPE),
        ("CY", Region.EUROPE),
        ("BY", Region.EUROPE),
        ("HK", Region.OTHER),
        ("TW", Region.OTHER),
        ("KZ", Region.OTHER),
        ("US", Region.OTHER),
        ("", Region.OTHER),
        ("cn", Region.CHINA),
    ],
)
def test_each_country_has_its_region(country, region):
    assert region_of_country(country) == region


def test_the_named_regions_do_not_overlap():
    europe = countries_in(Region.EUROPE)
    assert "RU" not in europe and "CN" not in europe
    assert countries_in(Region.OTHER) is None
    assert named_region_countries() == europe | {"CN", "RU"}
