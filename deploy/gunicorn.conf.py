"""gunicorn behind nginx (deploy/README.md):

    OBJECTION_SECRET_KEY=... OBJECTION_PROXIES=1 \\
        .venv/bin/gunicorn -c deploy/gunicorn.conf.py wsgi:app

Each worker serves requests in threads (gthread) and waits as long as a client takes to
send one, so the workers must never face the internet: nginx reads every request in full
(header and body) before it passes it on, and takes the response at once. tests/test_production.py
runs exactly this file (with --bind to a free port).
"""
import os
from pathlib import Path

# The project folder, wherever gunicorn is started from.
chdir = str(Path(__file__).resolve().parent.parent)
# Only nginx on this machine talks to gunicorn.
bind = ["127.0.0.1:8000"]
# A letter is CPU-bound work (WeasyPrint): one worker per core, at least two, each
# rendering one letter at a time (objection/pdf.py). A notice is read in a process of
# its own (objection/reader/sandbox.py) while the request's thread waits for it: the
# threads let a worker render letters meanwhile. A request waits for a free thread, so
# there are more threads than readings can ever hold: on the whole machine at most
# READER_SLOTS + READER_QUEUE files (2 + 4 on two cores) and 2 + 4 pasted texts are
# read or waiting at once (objection/web/capacity.py); beyond that a reading is answered
# "busy" at once.
workers = max(2, os.cpu_count() or 1)
worker_class = "gthread"
threads = 16
# Import the app (and WeasyPrint) once; the workers share it and the CSRF key.
preload_app = True
# nginx sets X-Forwarded-Proto; gunicorn trusts it only from here (wsgi.py's ProxyFix
# with OBJECTION_PROXIES=1 does the same for the app).
forwarded_allow_ips = "127.0.0.1"
# A worker whose main loop has not reported for this long is killed and replaced (with
# threads, a long request alone does not stop the loop).
timeout = 30
graceful_timeout = 30
# The native heap under WeasyPrint grows by about 5 MB per 1,000 letters: replace a
# worker after about 2,000 requests, forked from the preloaded parent.
max_requests = 2000
max_requests_jitter = 200
# nginx already refuses larger request lines and headers; these are gunicorn's own
# limits (its defaults), in case something else reaches it.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 32768   # the draft cookies, up to 31 KB (objection/web/draft.py)
# No access log: nginx keeps one without addresses. Errors to stderr (journald).
accesslog = None
errorlog = "-"
loglevel = "warning"
# The workers' heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicorn's local control socket (gunicornc) is not used here.
control_socket_disable = True
proc_name = "objection"
