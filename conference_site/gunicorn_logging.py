"""gunicorn's logger with secret links redacted (conference_site/log_redaction.py): every
value an access log line may show (request line, path, query, Referer, headers, environ)
and every error log message. Named by gunicorn.conf.py (`logger_class`), which gunicorn
reads from the directory it starts in."""

from gunicorn.glogging import Logger

from conference_site.log_redaction import RedactSecretLinks, redact


class RedactingLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, RedactSecretLinks) for f in log.filters):
                log.addFilter(RedactSecretLinks())

    def atoms(self, resp, req, environ, request_time):
        return {
            key: redact(value)
            for key, value in super().atoms(resp, req, environ, request_time).items()
        }
