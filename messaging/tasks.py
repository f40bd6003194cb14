"""Background work of the messaging app, run by the task worker (`manage.py db_worker`).
The tasks live beside the work they run, in messaging/engine.py; they are named here too, so
a task queued under this module's path still runs."""

from messaging.engine import send_group_message, send_mailing

__all__ = ["send_group_message", "send_mailing"]
