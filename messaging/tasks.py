"""The task that sends a message lives beside the work it runs, in messaging/services.py.
This name stays so a message queued before the move (its task path names this module) still
goes out."""

from messaging.services import send_group_message

__all__ = ["send_group_message"]
