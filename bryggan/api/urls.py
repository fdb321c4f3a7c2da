"""The JSON API under /api/v1/: every app adds its router here."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from bryggan.api.auth import READ
from bryggan.api.errors import translate_errors
from bryggan.arenas.api import router as arenas_router
from bryggan.cycle.api import router as cycle_router
from bryggan.followup.api import router as followup_router
from bryggan.governance.api import router as governance_router
from bryggan.insight.api import router as insight_router
from bryggan.library.api import router as library_router
from bryggan.monitoring.api import router as monitoring_router
from bryggan.people.api import router as people_router
from bryggan.podcast.api import router as podcast_router
from bryggan.portfolio.api import router as portfolio_router
from bryggan.questions.api import router as questions_router
from bryggan.search.api import router as search_router
from bryggan.taxonomy.api import router as taxonomy_router

api = NinjaAPI(
    title="Bryggan API",
    version="1",
    description="The JSON API of Bryggan. Authenticate with `Authorization: Bearer <token>` "
    "(create a personal token under /account/tokens/) or a browser session. Public content "
    "needs no authentication.",
    urls_namespace="api",
    auth=READ,  # type: ignore[arg-type]
    docs_url="/docs",
)
api.add_router("/", people_router)
api.add_router("/", taxonomy_router)
api.add_router("/", governance_router)
api.add_router("/", arenas_router)
api.add_router("/", monitoring_router)
api.add_router("/", cycle_router)
api.add_router("/", portfolio_router)
api.add_router("/", podcast_router)
api.add_router("/", questions_router)
api.add_router("/", search_router)
api.add_router("/", followup_router)
api.add_router("/", insight_router)
api.add_router("/", library_router)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": translate_errors(exc.errors)}, status=422)


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": _("Log in or send a valid API token (Authorization: Bearer …).")},
        status=401,
    )
