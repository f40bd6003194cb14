"""gunicorn's settings that belong to the code, read from this directory whenever gunicorn
starts here (`gunicorn conference_site.wsgi:application ...`; `make bench` and the tests
start it so). Deployment choices (workers, bind address) stay on the command line."""

# Secret links never reach the access or error log (conference_site/log_redaction.py).
logger_class = "conference_site.gunicorn_logging.RedactingLogger"
