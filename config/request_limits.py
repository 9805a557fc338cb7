"""Refuse a request body over its limit before anything reads it.

Django reads the body lazily, but the first reader comes early: CsrfViewMiddleware reads
request.POST for every POST, and the multipart parser writes uploaded files to disk as it
goes. So this middleware sits before the session, CSRF and authentication middleware and
answers 413 from the announced Content-Length alone; nothing of such a body is read.

Under WSGI the body Django reads is cut at Content-Length, so a body longer than it
announced is never read beyond the limit either. For a server that hands Django a body
without a Content-Length, `BodyLimitUploadHandler` stops a multipart upload at the limit
and the request is refused the same way instead of arriving without its file.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import translation

from config.middleware import chosen_language


def body_limit(request) -> int:
    """The most bytes this request's body may have: per URL name, else the general limit."""
    default = settings.REQUEST_MAX_BODY_BYTES
    if not settings.REQUEST_BODY_LIMITS:
        return default
    try:
        name = resolve(request.path_info).view_name
    except Resolver404:
        return default
    return settings.REQUEST_BODY_LIMITS.get(name, default)


def too_large_response(request, limit: int):
    """The friendly 413 page, in the language the visitor chose (Dutch unless English)."""
    with translation.override(chosen_language(request)):
        html = render_to_string(
            "413.html",
            {
                "limit_mb": round(limit / 1024 / 1024),
                # Never "//host": a path on this site only.
                "back": "/" + request.path.lstrip("/"),
                "LANGUAGE_CODE": translation.get_language(),
            },
        )
    # No "Connection: close" here: WSGI forbids hop-by-hop headers. gunicorn's default sync
    # worker closes the connection after every response, so the unread rest is never read.
    return HttpResponse(html, status=413)


class BodyLimitUploadHandler(FileUploadHandler):
    """Stops a multipart upload once more than `limit` bytes of files have arrived."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.body_over_limit = True
            # Stop reading the stream altogether; the middleware answers 413.
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(raw)
        except ValueError:
            length = 0  # what Django itself reads for a malformed header: nothing
        multipart = request.content_type.startswith("multipart/")
        if not length and not multipart:
            return self.get_response(request)
        limit = body_limit(request)
        if length > limit:
            return too_large_response(request, limit)
        if multipart:
            request.upload_handlers.insert(0, BodyLimitUploadHandler(request, limit))
            try:
                request.POST  # noqa: B018 (parse now, so a stopped upload is answered here)
            except RequestDataTooBig:
                return too_large_response(request, limit)
            if getattr(request, "body_over_limit", False):
                return too_large_response(request, limit)
        return self.get_response(request)
