"""Logging in with e-mail, lockout, logout, password reset and language."""

import pytest
from django.core import mail
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client: Client, email: str, password: str):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_it_logs_in_with_email_and_out_again(cast, anonymous):
    response = login(anonymous, "worker@test.example", PASSWORD)
    assert response.status_code == 302
    assert "worker@test.example" in anonymous.get("/").content.decode()
    anonymous.post("/accounts/logout/")
    assert "worker@test.example" not in anonymous.get("/").content.decode()


def test_a_wrong_password_is_refused_with_a_message(cast, anonymous):
    response = login(anonymous, "worker@test.example", "wrong")
    assert response.status_code == 200
    assert "lösenordet är felaktigt" in response.content.decode()


def test_it_locks_out_after_repeated_failed_logins(cast, anonymous):
    for _ in range(5):
        login(anonymous, "worker@test.example", "wrong")
    response = login(anonymous, "worker@test.example", PASSWORD)
    assert response.status_code == 200  # the form again, not a redirect into the site
    assert "_auth_user_id" not in anonymous.session
    other = Client()
    assert login(other, "manager@test.example", PASSWORD).status_code == 302


def test_password_reset_sends_an_email(cast, anonymous):
    response = anonymous.post("/accounts/password/reset/", {"email": "worker@test.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_swedish_is_the_default_even_for_english_browsers(cast, anonymous):
    response = anonymous.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en")
    assert '<html lang="sv">' in response.content.decode()
    assert response["Content-Language"] == "sv"


def test_it_switches_language_to_english_and_back(cast, anonymous):
    response = anonymous.post("/i18n/setlang/", {"language": "en", "next": "/organisationer/"})
    assert response.status_code == 302
    page = anonymous.get("/organisationer/").content.decode()
    assert '<html lang="en">' in page
    assert "<h1>Organisations</h1>" in page
    anonymous.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert "<h1>Organisationer</h1>" in anonymous.get("/organisationer/").content.decode()


def test_signup_creates_an_account_without_access_to_internal_content(cast, anonymous):
    response = anonymous.post(
        "/accounts/signup/",
        {
            "email": "new@test.example",
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
        },
    )
    assert response.status_code == 302
    internal = anonymous.get("/personer/worker/")
    assert internal.status_code == 404
