"""The kinds of job, each added by the app that owns the work in its AppConfig.ready():

    add_kind(JobKind(name="registration.export_csv", label=_("Registrations (CSV)"),
                     run=runners.export_csv, permission="registration.export_registration",
                     ...))

A runner is ``run(job, report_progress)``: it reads ``job.params`` (JSON), calls the owning
app's services, reports ``report_progress(done, total)`` as it goes, and returns a
``Result`` (a file, a summary, or both), or raises ``JobError`` with a reason fit for the
organisers. Any other exception fails the job too, with its type and text recorded."""

from dataclasses import dataclass, field


class JobError(Exception):
    """The job cannot be done; the message says why, for the organisers."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Result:
    """What a runner hands back: a file (``content`` bytes, ``filename``, ``content_type``)
    and/or a one-line ``message`` for the job page; ``count`` of rows or items when it
    makes sense (recorded with a download)."""

    message: str = ""
    content: bytes | None = None
    filename: str = ""
    content_type: str = "application/octet-stream"
    count: int | None = None


def _no_guard(view):
    return view


def _nothing(request, job):
    return None


@dataclass(frozen=True)
class JobKind:
    """``permission``: the right ("app_label.codename") a user needs for the job's
    conference to start it, see it and download its result.
    ``result_for``: "creator" (only who started it, e.g. an export of personal data) or
    "team" (every holder of the right for the conference, e.g. a badge print run).
    ``download_guard``: a view decorator the download goes through (a fresh second factor).
    ``on_download(request, job)``: records the download (the audit log).
    How long a kind's jobs are kept is the owning app's retention command's to say
    (``jobs.services.purge``), beside its other promises of the privacy notice."""

    name: str
    label: str
    run: object
    permission: str
    result_for: str = "creator"
    download_guard: object = field(default=_no_guard)
    on_download: object = field(default=_nothing)

    def __post_init__(self):
        if self.result_for not in ("creator", "team"):
            raise ValueError(f"result_for is 'creator' or 'team', not {self.result_for!r}")


_KINDS = {}


def add_kind(kind):
    if kind.name in _KINDS and _KINDS[kind.name] != kind:
        raise ValueError(f"A job kind named {kind.name!r} is already added.")
    _KINDS[kind.name] = kind


def get_kind(name):
    """The kind, or None for one no longer added (its jobs are shown, never run)."""
    return _KINDS.get(name)


def kinds():
    return list(_KINDS.values())
