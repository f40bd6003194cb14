"""How the mail worker stops: asked by SIGTERM (a deploy's restart, `make run` ending) or
SIGINT (Ctrl-C when run by hand), it finishes the message in hand, takes no other, and
exits cleanly.

The signal handler only notes the request. django-mailer's round (mailer.engine.send_all)
has no hook between two messages, so the check is made where each message's sending
starts, SealedEmail.send (outbox/sealing.py): asked to stop, the worker closes the SMTP
connection and raises `Stopping`. It is a BaseException, like KeyboardInterrupt, so the
engine's `except Exception` (and with it MAILER_ERROR_HANDLER) lets it through: the
message's transaction rolls back untouched, its row lock goes with it, and the message
stays queued for the next worker. Between rounds the worker sleeps in short steps and
looks at the request after each.

Nothing here outlives the process: the queue is shared through the database's own locks
(see MAILER_USE_FILE_LOCK in settings.py), so a worker killed outright (SIGKILL, a crash,
the machine lost) leaves nothing that stops the next one.
"""

import contextlib
import signal
import time

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
SLEEP_STEP = 0.2  # seconds: how soon an idle worker notices it was asked to stop

_stop_asked = False


class Stopping(BaseException):
    """Raised where a message would start: the worker was asked to stop."""


def ask_to_stop(signum=None, frame=None):
    """The signal handler: notes the request, nothing else (safe at any point)."""
    global _stop_asked
    _stop_asked = True


def stop_asked():
    return _stop_asked


def install():
    """Handles SIGTERM and SIGINT until `uninstall` (main thread only). Returns what to
    restore."""
    global _stop_asked
    _stop_asked = False
    # A signal ignored from the start stays ignored (SIGINT in a background job of a shell:
    # `make run` stops the worker with SIGTERM).
    return {
        signum: signal.signal(signum, ask_to_stop)
        for signum in STOP_SIGNALS
        if signal.getsignal(signum) is not signal.SIG_IGN
    }


def uninstall(previous):
    global _stop_asked
    for signum, handler in previous.items():
        signal.signal(signum, handler)
    _stop_asked = False


def before_sending(connection):
    """Called as a message's sending starts: a worker asked to stop takes no new message."""
    if not _stop_asked:
        return
    if connection is not None:
        # Says goodbye to the server; if that fails, the OS closes the socket on exit.
        with contextlib.suppress(Exception):
            connection.close()
    raise Stopping


def sleep(seconds):
    """Sleeps `seconds`, or less if asked to stop meanwhile."""
    until = time.monotonic() + seconds
    while not _stop_asked:
        left = until - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(SLEEP_STEP, left))
