"""gunicorn settings for the web container: `gunicorn config.wsgi -c deploy/gunicorn.conf.py`.

gunicorn has no body-size limit of its own: the reverse proxy (deploy/nginx.conf) and the
application (config/request_limits.py, before anything reads the body) refuse large bodies.
Here: the request line and headers, which gunicorn reads before Django sees anything.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
# A worker stuck longer than this is restarted (the slowest page renders in well under it).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Request line (method, path, query) and headers: long enough for every page's links and
# filters and a session and CSRF cookie, refused with 400 beyond that.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = "-"
