"""The task of a badge print run lives beside the work it runs, in documents/badges.py.
This name stays so a run queued before the move (its task path names this module) still
runs."""

from documents.badges import print_badges

__all__ = ["print_badges"]
