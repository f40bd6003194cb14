"""Background work of the registration app, run by the task worker (`manage.py db_worker`,
django-tasks with its database backend) outside any request. Registration's mailings are
sent by the mail engine (messaging/engine.py) and its exports are background jobs (jobs/),
so none is left here; the module stays for the worker's task discovery."""
