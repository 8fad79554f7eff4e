"""gunicorn's configuration, the same for production behind nginx (deploy/README.md)
and for scripts/run:

    PORT=8000 OBJECTION_SECRET_KEY=... OBJECTION_PROXIES=1 \\
        gunicorn -c python:objection.web.gunicorn_conf objection.web.wsgi:app

Each worker serves requests in threads (gthread) and waits as long as a client takes to
send one, so the workers must never face the internet: nginx reads every request in full
(header and body) before it passes it on, and takes the response at once. tests/test_production.py
runs exactly this configuration (with --bind to a free port); deploy/gunicorn.conf.py
is this module for `-c deploy/gunicorn.conf.py`.
"""
import ctypes
import ctypes.util
import gc
import os
import threading


def _port() -> int:
    """PORT from the environment, default 8000 (nginx's upstream)."""
    raw = os.environ.get("PORT", "").strip() or "8000"
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise RuntimeError(f"PORT must be a TCP port number, not {raw!r}")
    return int(raw)


# Only nginx on this machine talks to gunicorn. Set explicitly: without a bind,
# gunicorn itself would listen on 0.0.0.0:$PORT whenever PORT is set.
bind = [f"127.0.0.1:{_port()}"]
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
# No keep-alive: a connection stays with the worker that accepted it, so a client that
# keeps a few connections open could have every letter rendered by one worker while
# the other idles (bench/load.py, 2 workers, 4 persistent connections: 20.7, 45.0 and
# 52.4 letters/s in three runs). Each request on its own connection goes to a worker
# that is free to accept it. nginx opens one per request to the app anyway.
keepalive = 0
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
# limits, in case something else reaches it.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 32768   # the draft cookies, up to 30 KB (objection/web/draft.py)
# No access log: nginx keeps one without addresses. Errors to stderr (journald); the
# app's own lines carry the request id (objection/web/logs.py).
accesslog = None
errorlog = "-"
loglevel = "warning"
# The workers' heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicorn's local control socket (gunicornc) is not used: none in $HOME or the
# runtime folder.
control_socket_disable = True
proc_name = "objection"


# The collector waits while a worker serves requests and runs when it has answered
# them all: a letter's leftovers (about 3,700 objects in reference cycles, 1.1 ms to
# collect) go after the response is sent, instead of at the first allocation past the
# threshold, which falls in the rest of that request or in the next. A worker that is
# never idle collects after every COLLECT_EVERY responses all the same. Each time the
# generation is chosen as the collector itself would (its thresholds), so that what
# survives the youngest generation is collected in the older ones in turn.
# objection/pdf.py keeps the collector out of the render itself in any case.
COLLECT_EVERY = 8
_serving = {"requests": 0, "uncollected": 0}
_serving_lock = threading.Lock()


# glibc gives each thread that allocates its own malloc arena (up to eight per core):
# with 16 threads taking turns at the render lock, a worker's letters are spread over
# many arenas, each keeping its freed memory, and the worker's RSS creeps up letter by
# letter. Letters are rendered one at a time anyway (pdf.py), so one arena loses nothing,
# and after a full collection the freed heap is given back to the system. bench/load.py,
# 2 workers, 2,000 letters, the larger worker's growth from the 200th letter on: +10.9 %
# and +10.6 % before, +7.8 % and +9.0 % with one arena (the other worker +0.3 to +0.6 %).
M_ARENA_MAX = -8          # mallopt's parameter number (malloc.h)
ARENAS = 1
_LIBC = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def post_fork(server, worker) -> None:
    if hasattr(_LIBC, "mallopt"):            # glibc; other C libraries go without
        _LIBC.mallopt(M_ARENA_MAX, ARENAS)


def pre_request(worker, req) -> None:
    with _serving_lock:
        _serving["requests"] += 1
        gc.disable()


def post_request(worker, req, environ, resp) -> None:
    with _serving_lock:
        _serving["requests"] -= 1
        _serving["uncollected"] += 1
        idle = _serving["requests"] == 0
        due = idle or _serving["uncollected"] >= COLLECT_EVERY
        if due:
            _serving["uncollected"] = 0
        if idle:
            gc.enable()
    if due:
        generation = _generation_due()
        gc.collect(generation)
        if generation == 2 and hasattr(_LIBC, "malloc_trim"):
            _LIBC.malloc_trim(0)


def _generation_due() -> int:
    """The oldest generation whose count has reached its threshold (the youngest at
    least), as CPython's collector picks it."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    for generation in (2, 1):
        if counts[generation] >= thresholds[generation]:
            return generation
    return 0
