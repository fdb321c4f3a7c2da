"""Nobody finds, counts or is suggested what they may not see — on the page and in the API."""

import pytest
from django.db import connection

from bryggan.api.models import ApiToken
from bryggan.arenas.models import Event, Series
from bryggan.core import access
from bryggan.people.models import Person
from bryggan.search import queries
from bryggan.search.backends.base import access_sql
from tests.conftest import client_for
from tests.search.test_search_page import titles

pytestmark = pytest.mark.django_db

PUBLIC = "Placering av barn i familjehem"
INTERNAL = "Internt chefsmöte om placeringar"
GROUP = "Gruppträff om placeringsbeslut"


def found(client, q="placering") -> set[str]:
    return set(titles(client.get("/sok/", {"q": q})))


def test_anonymous_visitors_find_public_content_only(world, anonymous):
    assert found(anonymous) == {PUBLIC}


def test_partnership_staff_find_internal_content(world, as_worker):
    assert found(as_worker) == {PUBLIC, INTERNAL}


def test_restricted_content_is_found_by_members_only(world, cast, as_researcher, as_worker):
    assert found(as_researcher) == {PUBLIC, INTERNAL, GROUP}
    assert GROUP not in found(as_worker)
    assert "Diskussionsgrupp om hemlighetsstämplade ärenden" in found(as_researcher, "sekretess")
    assert found(as_worker, "sekretess") == set()


def test_coordinators_and_administrators_find_restricted_events(world, as_coordinator, as_admin):
    # As on the event page: coordinators organise every event; administrators see everything.
    assert GROUP in found(as_coordinator)
    assert GROUP in found(as_admin)


def test_logged_in_people_without_affiliation_see_public_content(world, as_outsider):
    assert found(as_outsider) == {PUBLIC}


def test_membership_opens_restricted_content_at_once(world, cast, as_worker):
    from bryggan.arenas.models import Membership

    Membership.objects.create(series=world.group, person=Person.objects.get(user=cast.worker))
    assert GROUP in found(client_for(cast.worker))


def test_facet_counts_only_count_what_the_user_may_see(world, anonymous, as_admin):
    anonymous_html = anonymous.get("/sok/", {"q": "placering"}).content.decode()
    admin_html = as_admin.get("/sok/", {"q": "placering"}).content.decode()
    assert 'kind=event">Evenemang <span class="count">(1)' in anonymous_html
    assert 'kind=event">Evenemang <span class="count">(3)' in admin_html
    assert "2025" not in anonymous_html  # the hidden events are from 2025


def test_suggestions_never_show_hidden_titles(world, anonymous, as_researcher):
    def suggested(client, q):
        data = client.get("/api/v1/search/suggest", {"q": q}).json()
        return [s["title"] for s in data["suggestions"]]

    assert suggested(anonymous, "placer") == [PUBLIC]
    assert suggested(anonymous, "grupptr") == []
    assert suggested(anonymous, "intern") == []
    assert suggested(as_researcher, "grupptr") == [GROUP]


def test_the_api_applies_the_same_rules_with_a_token(world, cast, anonymous):
    _token, secret = ApiToken.issue(user=cast.researcher, name="t")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    with_token = anonymous.get("/api/v1/search", {"q": "placering"}, **headers).json()
    without = anonymous.get("/api/v1/search", {"q": "placering"}).json()
    assert {r["title"] for r in with_token["results"]} == {PUBLIC, INTERNAL, GROUP}
    assert {r["title"] for r in without["results"]} == {PUBLIC}
    assert without["total"] == 1
    assert sum(v["count"] for v in without["facets"]["kind"]) == 1


def test_people_are_found_as_their_profiles_are_visible(cast, anonymous, as_worker, as_outsider):
    rut = Person.objects.get(user=cast.researcher)
    rut.bio = "Forskar om ensamkommande barn."
    rut.visibility = "public"
    rut.save()
    wilma = Person.objects.get(user=cast.worker)
    wilma.bio = "Arbetar med ensamkommande ungdomar."
    wilma.visibility = "restricted"  # only herself
    wilma.save()
    assert found(anonymous, "ensamkommande") == {"Rut Forskare"}
    assert found(as_outsider, "ensamkommande") == {"Rut Forskare"}
    assert found(as_worker, "ensamkommande") == {"Rut Forskare", "Wilma Arbetare"}
    assert found(client_for(cast.manager), "ensamkommande") == {"Rut Forskare"}


@pytest.mark.parametrize("who", ["worker", "manager", "researcher", "coordinator", "outsider"])
def test_search_shows_exactly_what_the_record_pages_show(world, cast, who):
    """For every kind on this branch, what search finds equals what bryggan.core.access allows."""
    Series.objects.create(
        slug="oppen", kind=Series.Kind.SEMINAR_SERIES, title="Öppen serie", visibility="public"
    )
    Series.objects.create(
        slug="intern", kind=Series.Kind.SEMINAR_SERIES, title="Intern serie", visibility="internal"
    )
    user = getattr(cast, who)
    user = type(user).objects.get(pk=user.pk)
    condition, params = access_sql(queries.scope_for(user))
    expected = set()
    for model in (Event, Series, Person):
        visible = model.objects.filter(access.visibility_q(user, model))
        expected |= {
            f"{model._meta.label_lower}:{pk}" for pk in visible.values_list("pk", flat=True)
        }
    if access.is_coordinator(user):  # coordinators organise every event and series (views.py)
        expected |= {f"arenas.event:{pk}" for pk in Event.objects.values_list("pk", flat=True)}
        expected |= {f"arenas.series:{pk}" for pk in Series.objects.values_list("pk", flat=True)}
    kinds = ("arenas.event:", "arenas.series:", "people.person:")
    queries.search(user=user, q="x")  # flushes the pending index work
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT d.key FROM search_searchdocument d WHERE {condition}", params)
        searchable = {row[0] for row in cursor.fetchall() if row[0].startswith(kinds)}
    assert searchable == expected
