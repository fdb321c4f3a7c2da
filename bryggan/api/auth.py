"""How API callers authenticate: a personal token, the browser session, or anonymously for public reads."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from bryggan.api.models import ApiToken, hash_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer bry_…` with a personal token from /account/tokens/."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = (
            ApiToken.objects.active()
            .select_related("user")
            .filter(key_hash=hash_token(token))
            .first()
        )
        if row is None:
            return None
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user


class Anonymous:
    """Let anyone through; endpoints then show only public content."""

    def __call__(self, request: HttpRequest) -> Any:
        request.user = AnonymousUser()
        return request.user


READ = [TokenAuth(), django_auth, Anonymous()]
WRITE = [TokenAuth(), django_auth]
