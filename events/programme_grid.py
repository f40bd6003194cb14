"""The programme as a grid of rooms and times: where each session of a day sits on a wide
screen, or None when the day is better shown as a list."""

from dataclasses import dataclass
from itertools import pairwise

# Past these, a day is shown as a list of cards on a wide screen too (static/css/
# programme.css has a class for each column and each row line up to them).
GRID_MAX_ROOMS = 12
GRID_MAX_ROWS = 100


@dataclass(frozen=True)
class GridPlacement:
    """Where a session sits in its day's grid: from row line `row_start` to `row_end`
    (line 1 is the rooms' header, so the first time is line 2), in room column `column`
    (1 for the first room) or, when `column` is None, across every room."""

    row_start: int
    row_end: int
    column: int | None

    @property
    def css_class(self):
        where = "c-all" if self.column is None else f"c-{self.column}"
        return f"rs-{self.row_start} re-{self.row_end} {where}"


@dataclass
class DayGrid:
    """A day of the programme as a grid: columns are rooms (keys as `column_of` gives
    them), rows the moments at which a session starts or ends; `ticks` are the row lines
    where sessions start, with the moment, for the time axis."""

    columns: list
    ticks: list
    placements: dict  # id(entry): GridPlacement


def _alone(entries):
    """The entries that overlap no other in time, in O(n log n): in start order, one
    overlaps an earlier one when an earlier end passes its start, and a later one when the
    next start comes before its end."""
    ordered = sorted(entries, key=lambda e: e.starts_at)
    latest_end = None
    for n, entry in enumerate(ordered):
        after = ordered[n + 1] if n + 1 < len(ordered) else None
        before_overlaps = latest_end is not None and latest_end > entry.starts_at
        after_overlaps = after is not None and after.starts_at < entry.ends_at
        if not before_overlaps and not after_overlaps:
            yield entry
        latest_end = entry.ends_at if latest_end is None else max(latest_end, entry.ends_at)


def day_grid(entries, *, column_of, spans_rooms):
    """The grid of one day's entries (each with `starts_at` and `ends_at`), or None when
    they cannot be laid out as one (too many rooms or times, or two sessions in one room
    at once): such a day is shown as a list.

    `column_of(entry)` names the entry's room column (None: no room); an entry for which
    `spans_rooms(entry)` is true spans every room when nothing else runs beside it (a
    break, a plenary).
    """
    if not entries:
        return None
    moments = sorted({e.starts_at for e in entries} | {e.ends_at for e in entries})
    if len(moments) - 1 > GRID_MAX_ROWS:
        return None
    line = {moment: n + 2 for n, moment in enumerate(moments)}
    wide = {id(entry) for entry in _alone(entries) if spans_rooms(entry)}
    by_column = {}
    for entry in entries:
        if id(entry) not in wide:
            by_column.setdefault(column_of(entry), []).append(entry)
    if len(by_column) > GRID_MAX_ROOMS:
        return None
    columns = sorted(by_column, key=lambda key: (key is None, key or ""))
    for column_entries in by_column.values():
        ordered = sorted(column_entries, key=lambda e: e.starts_at)
        if any(later.starts_at < earlier.ends_at for earlier, later in pairwise(ordered)):
            return None
    number = {key: n for n, key in enumerate(columns, start=1)}
    placements = {}
    for entry in entries:
        start = line[entry.starts_at]
        end = max(line[entry.ends_at], start + 1)
        column = None if id(entry) in wide else number[column_of(entry)]
        placements[id(entry)] = GridPlacement(start, end, column)
    starts = sorted({e.starts_at for e in entries})
    return DayGrid(
        columns=columns,
        ticks=[(line[moment], moment) for moment in starts],
        placements=placements,
    )
