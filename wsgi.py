from objection.web.wsgi import app  # noqa: F401  (`gunicorn wsgi:app` from a checkout)
