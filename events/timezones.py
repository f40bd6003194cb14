"""Time-zone conversion and display: one module for every page that shows a time."""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime

# The regions the conference is timed for, as shown beside the event's own zone.
REFERENCE_ZONES = [
    ("Beijing", "Asia/Shanghai"),
    ("Moscow", "Europe/Moscow"),
    ("Brussels", "Europe/Brussels"),
]


def utc_offset_label(moment: datetime) -> str:
    """'UTC+7', 'UTC+5:30', 'UTC−3' (with a real minus sign), 'UTC±0'."""
    offset = moment.utcoffset()
    total_minutes = int(offset.total_seconds() // 60)
    if total_minutes == 0:
        return "UTC±0"
    sign = "+" if total_minutes > 0 else "−"
    hours, minutes = divmod(abs(total_minutes), 60)
    return f"UTC{sign}{hours}:{minutes:02d}" if minutes else f"UTC{sign}{hours}"


@dataclass(frozen=True)
class ZonedSpan:
    """A start and end shown in one zone."""

    label: str
    zone_name: str
    starts_at: datetime
    ends_at: datetime

    @property
    def start_offset(self):
        return utc_offset_label(self.starts_at)

    @property
    def end_offset(self):
        return utc_offset_label(self.ends_at)


def span_in_zone(starts_at, ends_at, zone_name, label=None):
    zone = zoneinfo.ZoneInfo(zone_name)
    return ZonedSpan(
        label=label or zone_name,
        zone_name=zone_name,
        starts_at=starts_at.astimezone(zone),
        ends_at=ends_at.astimezone(zone),
    )


def span_in_reference_zones(starts_at, ends_at, *, exclude=()):
    """The same span in Beijing, Moscow and Brussels (skipping zones in `exclude`)."""
    return [
        span_in_zone(starts_at, ends_at, zone_name, label)
        for label, zone_name in REFERENCE_ZONES
        if zone_name not in exclude
    ]
