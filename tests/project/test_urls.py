"""project/urls.py: signing in, and the API schema and docs."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from calls.models import Operator


def test_login_page_is_russian(db: None) -> None:
    html = Client().get(reverse("login")).content.decode()
    assert "Вход в «Слышу»" in html
    assert 'name="password"' in html


def test_login_form_signs_in(operator: Operator) -> None:
    response = Client().post(
        reverse("login"), {"username": operator.user.username, "password": "password"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")  # each role is sent on to its start page


@pytest.mark.django_db
def test_schema_and_docs_are_served(admin_user) -> None:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_login(admin_user)
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.django_db
def test_schema_and_docs_need_a_login(operator: Operator) -> None:
    anonymous = APIClient()
    assert anonymous.get("/api/schema/").status_code in (401, 403)
    docs = anonymous.get("/api/docs/")
    assert docs.status_code == 302
    assert docs["Location"] == f"{reverse('login')}?next=/api/docs/"

    # The CRM reads the schema with its token.
    token = Token.objects.create(user=operator.user)
    crm = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert crm.get("/api/schema/").status_code == 200


def test_favicon_ico_leads_to_the_products_icon(db: None) -> None:
    response = Client().get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("calls/favicon.svg")


def test_the_admin_site_is_named_after_the_product(db: None) -> None:
    html = Client().get("/admin/login/").content.decode()
    assert "Администрирование «Слышу»" in html
    assert "Django" not in html.split("<body", 1)[1]
