"""Page numbers of the API's lists: a positive integer or a 400 in the common error shape.

DRF's PageNumberPagination reads `page=` as the first page (its `or 1`) and `page=abc` as a 404
«Неправильная страница»; a client that sends either has a bug, and it should hear so, with the
parameter named. A page past the last one is still a 404: that page does not exist.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request


class PagePagination(PageNumberPagination):
    # "page=last" is not in the schema (an integer) and no client of ours uses it.
    last_page_strings = ()

    def get_page_number(self, request: Request, paginator: Paginator) -> int:
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        # isdecimal() and isascii(): int() would also take "+1", " 1", "1_0" and Arabic digits.
        digits = raw.lstrip("0") if raw.isascii() and raw.isdecimal() else ""
        if not digits:
            raise ValidationError({self.page_query_param: [
                _("Номер страницы — целое число от 1, а не «%(value)s».") % {"value": raw[:50]}
            ]})
        # Any number of digits is a page number; this many is past the last page (a 404), and
        # int() of thousands of digits would raise.
        return int(digits[:19])

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {**parameter["schema"], "minimum": 1}
        return parameters
