from django.db import models
from django.utils.translation import gettext_lazy as _


class SendAllowance(models.Model):
    """How often one kind of mail went to one address recently, for a per-address cap
    (e.g. "here is your link again": 3 an hour). Kept in the database, not the cache, so a
    flood of other cache writes cannot evict the count. The address is stored hashed."""

    key = models.CharField(max_length=100, unique=True, verbose_name=_("key"))
    sent_at = models.JSONField(
        default=list, help_text=_("When each recent mail was queued."), verbose_name=_("sent at")
    )
    updated_at = models.DateTimeField(auto_now=True, db_index=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("send allowance")
        verbose_name_plural = _("send allowances")

    def __str__(self):
        return self.key


class MailWorker(models.Model):
    """A mail worker process as it last reported itself, so the admin can tell organisers
    whether mail is going out: when it started, last looked at the queue, and stopped
    (only when it stopped as asked; one killed outright just stops reporting)."""

    name = models.CharField(
        _("worker"), max_length=200, unique=True, help_text=_("Host and process id.")
    )
    started_at = models.DateTimeField(_("started at"))
    polled_at = models.DateTimeField(_("last heard from"), db_index=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)

    class Meta:
        ordering = ["-polled_at"]
        verbose_name = _("mail worker")
        verbose_name_plural = _("mail workers")

    def __str__(self):
        return self.name
