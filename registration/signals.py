"""Signals registration sends so that apps built on it can react, without registration
knowing who listens (attending, visas build on registration; never the other way round).

``registration_withdrawn`` is sent by ``registration.services`` inside the transaction that
cancels, erases, anonymises or deletes a registration, with ``registration`` (the row,
still in the database) and ``reason`` ("cancelled", "erased", "anonymised" or "deleted").
Receivers delete what they hold about the person; what they write commits or rolls back
with the registration, and anything that leaves the database (files, mail) they defer with
``on_commit``. A receiver returns what it destroyed as ``{category: count}`` (plain English
category names, no personal data): the sender writes it into the destruction record
(audit.services.record_destruction) under the rule of the change.

``conference_moved_online`` is sent by ``registration.services`` inside the transaction that
moves a conference online, with ``conference`` and ``registrations`` (the active ones, a
queryset): the mail engine (messaging) tells them, in the background.
"""

from django.dispatch import Signal

registration_withdrawn = Signal()
conference_moved_online = Signal()
