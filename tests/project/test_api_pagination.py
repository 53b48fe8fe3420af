"""The API's page numbers: a positive integer, else a 400 in the common shape (issue 7 §4:
schemathesis saw `page=` answered as the first page)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from tests.factories import TagCategoryFactory, api_client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["", "abc", "0", "-1", "+1", " 1", "1.0", "1_0", "١", "last"])
def test_a_page_that_is_not_a_positive_integer_is_a_400(admin_user: User, page: str) -> None:
    response = api_client_for(admin_user).get("/api/v1/tag-categories/", {"page": page})

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and list(error["details"]) == ["page"]
    assert error["message"].startswith("page: Номер страницы")


@pytest.mark.parametrize("page", ["1", "01"])
def test_the_first_page(admin_user: User, page: str) -> None:
    TagCategoryFactory()
    response = api_client_for(admin_user).get("/api/v1/tag-categories/", {"page": page})
    assert response.status_code == 200 and response.json()["count"] == 1


@pytest.mark.parametrize("page", ["2", "9" * 3000])
def test_a_page_past_the_last_is_a_404(admin_user: User, page: str) -> None:
    response = api_client_for(admin_user).get("/api/v1/tag-categories/", {"page": page})
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_the_schema_says_pages_start_at_1(admin_user: User) -> None:
    schema = api_client_for(admin_user).get("/api/schema/", {"format": "json"}).json()
    (page,) = [p for p in schema["paths"]["/api/v1/calls/"]["get"]["parameters"]
               if p["name"] == "page"]
    assert page["schema"] == {"type": "integer", "minimum": 1}
