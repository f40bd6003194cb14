"""Signals registration sends so that apps built on it can react, without registration
knowing who listens (attending, visas build on registration; never the other way round).

``registration_withdrawn`` is sent by ``registration.services`` inside the transaction that
cancels, erases or deletes a registration, with ``registration`` (the row, still in the
database) and ``reason`` ("cancelled", "erased" or "deleted"). Receivers delete what they
hold about the person; what they write commits or rolls back with the registration, and
anything that leaves the database (files, mail) they defer with ``on_commit``.
"""

from django.dispatch import Signal

registration_withdrawn = Signal()
