"""The one place where Bryggan decides who may see and do what.

A person's roles come from their current affiliations (people.Affiliation.role);
platform staff and administrators come from the user account. Views fetch protected
objects through small helpers built on these functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q
from django.http import HttpRequest, HttpResponse

from bryggan.core.models import Visibility

if TYPE_CHECKING:
    from typing import TypeAlias

    from django.contrib.auth.models import AnonymousUser

    from bryggan.people.models import User

    AnyUser: TypeAlias = User | AnonymousUser


def roles_of(user: AnyUser) -> frozenset[str]:
    """Return the roles a user holds today through their affiliations (cached per user object)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_bryggan_roles", None)
    if cached is None:
        from bryggan.people.models import Affiliation

        cached = frozenset(
            Affiliation.objects.current().filter(person__user=user).values_list("role", flat=True)
        )
        user._bryggan_roles = cached  # type: ignore[union-attr, attr-defined]
    return cached


def is_admin(user: AnyUser) -> bool:
    """Platform administrators manage everything."""
    return bool(user.is_authenticated and user.is_superuser)


def is_platform_staff(user: AnyUser) -> bool:
    """Platform staff (Django staff flag) or administrators."""
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser))


def is_partnership_staff(user: AnyUser) -> bool:
    """Logged-in people with a current affiliation, or platform staff: they see internal content."""
    if is_platform_staff(user):
        return True
    return bool(roles_of(user))


def has_role(user: AnyUser, *roles: str) -> bool:
    """True when the user holds any of the given roles today."""
    return bool(roles_of(user) & set(roles))


def is_coordinator(user: AnyUser) -> bool:
    """R&D coordinators and platform staff run the partnership's content."""
    from bryggan.people.models import Role

    return is_platform_staff(user) or has_role(user, Role.COORDINATOR)


def visibility_q(user: AnyUser, model: type[Model]) -> Q:
    """Return the filter for content of `model` that `user` may see."""
    if is_platform_staff(user):
        return Q()
    condition = Q(visibility=Visibility.PUBLIC)
    if is_partnership_staff(user):
        condition |= Q(visibility=Visibility.INTERNAL)
    if user.is_authenticated:
        condition |= Q(visibility=Visibility.RESTRICTED) & model.restricted_q(user)  # type: ignore[attr-defined]
    return condition


def can_view(user: AnyUser, obj: Any) -> bool:
    """True when `user` may see `obj` (an object with a `visibility` field)."""
    if obj.visibility == Visibility.PUBLIC:
        return True
    return (
        type(obj)._default_manager.filter(pk=obj.pk).filter(visibility_q(user, type(obj))).exists()
    )


def check_view(request: HttpRequest, obj: Any) -> None:
    """Raise 404 for hidden objects: their existence is not revealed to those who may not see them."""
    from django.http import Http404

    if not can_view(request.user, obj):
        raise Http404


def require(test: Callable[[Any], bool]) -> Callable:
    """Decorate a view so that only users passing `test` get in; anonymous users are sent to log in."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if not test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = require(is_partnership_staff)
coordinator_required = require(is_coordinator)


def audience_allows(user: AnyUser, audience: str) -> bool:
    """Whether a navigation entry or page for `audience` is open to `user`."""
    if audience == "public":
        return True
    if audience == "internal":
        return is_partnership_staff(user)
    if audience == "coordinator":
        return is_coordinator(user)
    if audience == "staff":
        return is_platform_staff(user)
    return False


def filter_visible(objs: Iterable[Any], user: AnyUser) -> list[Any]:
    """Keep the objects of an already loaded list that `user` may see (no extra queries)."""
    staff = is_partnership_staff(user)
    if is_platform_staff(user):
        return list(objs)
    return [
        o
        for o in objs
        if o.visibility == Visibility.PUBLIC or (staff and o.visibility == Visibility.INTERNAL)
    ]
