"""`gunicorn -c deploy/gunicorn.conf.py wsgi:app` from a checkout: the configuration
is the package's own (objection/web/gunicorn_conf.py), which an installed wheel uses as
`-c python:objection.web.gunicorn_conf`."""
import sys
from pathlib import Path

# The project folder, wherever gunicorn is started from: wsgi.py and the package are there.
chdir = str(Path(__file__).resolve().parent.parent)
sys.path.insert(0, chdir)

from objection.web.gunicorn_conf import *  # noqa: E402,F401,F403
