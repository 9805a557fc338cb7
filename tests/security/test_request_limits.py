"""Client address, rate parsing and the body limit's parts, one rule at a time.

The applicant-facing behaviour is in tests/intake/test_public_form_limits.py.
"""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadhandler import StopUpload
from django.test import RequestFactory
from django.test.client import MULTIPART_CONTENT, encode_multipart

from config.client_address import client_ip
from config.rate_limit import client_key, parse_rate
from config.request_limits import BodyLimitUploadHandler, RequestBodyLimitMiddleware, body_limit
from organisations.uploads import MAX_DOCUMENT_BYTES

rf = RequestFactory()


@pytest.mark.parametrize(
    "proxies,remote,forwarded,expected",
    [
        (0, "198.51.100.1", "", "198.51.100.1"),
        (0, "198.51.100.1", "192.0.2.5", "198.51.100.1"),  # no proxy trusted: header ignored
        (1, "10.0.0.2", "192.0.2.5", "192.0.2.5"),
        (1, "10.0.0.2", "203.0.113.9, 192.0.2.5", "192.0.2.5"),  # left entry is forged
        (2, "10.0.0.3", "203.0.113.9, 192.0.2.5, 10.0.0.2", "192.0.2.5"),
        (2, "10.0.0.3", "192.0.2.5", "10.0.0.3"),  # fewer hops than proxies: not trusted
        (1, "10.0.0.2", "", "10.0.0.2"),
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
        (1, "10.0.0.2", " 2001:db8::7 ", "2001:db8::7"),
        (0, "", "", None),  # a Unix socket without a proxy
    ],
)
def test_client_ip(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_the_login_lockout_uses_the_same_client_address(settings):
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.5")
    assert get_client_ip_address(request) == "192.0.2.5"


def test_an_ipv6_client_is_counted_per_64(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    one = rf.get("/", REMOTE_ADDR="2001:db8:1:2::1")
    other = rf.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert client_key("g", one) == client_key("g", other) == "2001:db8:1:2::"
    assert client_key("g", rf.get("/", REMOTE_ADDR="")) == "unknown"


@pytest.mark.parametrize("text,expected", [("10/600", (10, 600)), (" 3 / 60 ", (3, 60))])
def test_parse_rate(text, expected):
    assert parse_rate(text) == expected


@pytest.mark.parametrize("text", ["", "10", "10/", "0/600", "10/0", "ten/600", "10/10m"])
def test_a_bad_rate_stops_the_start_up(text):
    with pytest.raises(ImproperlyConfigured):
        parse_rate(text)


def test_the_public_form_limit_fits_a_cv_and_is_below_the_general_limit(settings):
    apply = rf.post("/intake/apply/werving/")
    assert MAX_DOCUMENT_BYTES < body_limit(apply) < settings.REQUEST_MAX_BODY_BYTES
    assert body_limit(rf.post("/accounts/login/")) == settings.REQUEST_MAX_BODY_BYTES
    assert body_limit(rf.post("/bestaat-niet/")) == settings.REQUEST_MAX_BODY_BYTES


def test_the_upload_handler_stops_reading_at_the_limit():
    request = rf.post("/")
    handler = BodyLimitUploadHandler(request, limit=10)
    assert handler.receive_data_chunk(b"x" * 6, 0) == b"x" * 6
    with pytest.raises(StopUpload) as stopped:
        handler.receive_data_chunk(b"x" * 6, 6)
    assert stopped.value.connection_reset and request.body_over_limit


def test_a_multipart_body_without_a_trustworthy_length_is_stopped_at_the_limit(settings):
    """A server that streams a body longer than its Content-Length says (or none at all)
    to Django: the upload handler stops it at the limit and the request is a 413."""
    settings.REQUEST_MAX_BODY_BYTES = 1000
    settings.REQUEST_BODY_LIMITS = {}
    payload = encode_multipart("B", {"cv": io.BytesIO(b"%PDF" + b"0" * 5000)})
    request = rf.generic("POST", "/accounts/login/", payload, content_type=MULTIPART_CONTENT)
    request.META["CONTENT_LENGTH"] = "900"  # claims to be under the limit
    request._stream = io.BytesIO(payload)  # ...but the stream gives everything
    reached = []
    response = RequestBodyLimitMiddleware(lambda r: reached.append(r))(request)
    assert response.status_code == 413 and not reached
    assert "cv" not in request.FILES


def test_a_malformed_content_length_reads_nothing_and_passes_on(settings):
    request = rf.post("/accounts/login/", "a=1", content_type="application/x-www-form-urlencoded")
    request.META["CONTENT_LENGTH"] = "lots"
    reached = []
    RequestBodyLimitMiddleware(lambda r: reached.append(r))(request)
    assert reached == [request]
