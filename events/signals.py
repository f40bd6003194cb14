"""Signals the events app sends so that apps built on it can react, without events knowing
who listens (registration builds on events; never the other way round).

``conference_changed`` is sent by ``events.services.save_conference`` inside its
transaction, after the row is saved, with:

- ``conference``: the saved Conference;
- ``changed``: a frozenset of the watched field names whose stored value changed (a save
  that changes none of them sends nothing; creation sends every watched name);
- ``previous``: a dict of those fields' values before the save;
- ``created``: True when the conference was just created.

Receivers run inside the transaction, so what they write commits or rolls back with the
conference; anything that leaves the database (mail) they defer with ``on_commit``.
"""

from django.dispatch import Signal

conference_changed = Signal()
