"""A page request that meets a transient fault answers 503 «повторите», not a 500."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template import loader

from project.transient import is_transient

logger = logging.getLogger(__name__)

# Seconds a client (or a person's browser) is asked to wait before trying again.
RETRY_AFTER = 5


def transient_fault_response(body: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, status=503, content_type=content_type)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


class TransientFaultMiddleware:
    """A locked database or a lost connection says nothing about the request: the same request
    succeeds a moment later, so the person is told to repeat it (the API does the same in
    project/api_errors.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_transient(exception):
            return None
        logger.warning("Transient fault on %s %s: %s", request.method, request.path, exception)
        # No request context: whatever is busy may be what a context processor would query.
        return transient_fault_response(loader.render_to_string("503.html"), "text/html")
