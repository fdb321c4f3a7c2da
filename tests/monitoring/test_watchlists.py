"""Watchlists, area feeds, RSS, digests and subscriptions through HTTP."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from bryggan.monitoring import services
from bryggan.monitoring.matching import compile_watchlists
from bryggan.monitoring.models import Match, Record, Source, Subscription, Watchlist
from bryggan.monitoring.normalise import Item, author
from bryggan.taxonomy.models import PriorityArea


@pytest.fixture
def area(db) -> PriorityArea:
    return PriorityArea.objects.create(
        slug="placerade-barn-och-unga", name_sv="Placerade barn och unga"
    )


def add(*items: Item) -> None:
    source, _ = Source.objects.get_or_create(
        name="Test", kind=Source.Kind.FEED, url="https://t.example.org"
    )
    services.records_import(source=source, items=items)
    services.records_match()


def item(n: int, title: str, **extra) -> Item:
    return Item(external_id=f"id-{n}", title=title, year=2026, **extra)


def test_the_matcher_explains_terms_prefixes_phrases_codes_and_authors() -> None:
    matcher = compile_watchlists(
        [
            (1, {"terms_sv": ["placerade barn", "familjehem*"], "terms_en": ["out-of-home care"]}),
            (2, {"subject_codes": ["504"], "authors": ["0000-0002-1825-0097"]}),
            (3, {"authors": ["Lena Exempelsson"], "terms_en": ["tramadol"]}),
        ]
    )
    record = item(
        1,
        "Placerade barn i familjehemsvård: children in out-of-home care",
        subject_codes=["50402"],
        authors=[author(name="Lena Exempelsson", orcid="0000-0002-1825-0097")],
    )
    found = matcher.match(record)
    assert found[1] == ["term: placerade barn", "term: familjehem*", "term: out-of-home care"]
    assert found[2] == ["subject: 504", "author: 0000-0002-1825-0097"]
    assert found[3] == ["author: Lena Exempelsson"]
    assert matcher.match(item(2, "Barn som placeras")) == {}


def test_a_phrase_must_appear_in_order() -> None:
    matcher = compile_watchlists([(1, {"terms_sv": ["placerade barn"]})])
    assert matcher.match(item(1, "Barn som är placerade")) == {}


def test_new_records_show_in_the_area_feed_with_the_reason(area, anonymous) -> None:
    services.watchlist_save(area=area, terms_sv="placerade barn", subject_codes="50402")
    add(item(1, "Placerade barn och skolgång"), item(2, "Kayak paddlers"))
    response = anonymous.get(f"/omvarldsbevakning/omraden/{area.slug}/")
    assert response.status_code == 200
    assert "Placerade barn och skolgång" in response.text
    assert "term: placerade barn" in response.text
    assert "Kayak paddlers" not in response.text


def test_changing_a_watchlist_matches_recent_records_again(area) -> None:
    add(item(1, "Tramadol among young people"))
    assert not Match.objects.exists()
    services.watchlist_save(area=area, terms_en="tramadol")
    match = Match.objects.get()
    assert match.reasons == ["term: tramadol"]


def test_the_area_rss_feed_lists_the_matches(area, anonymous) -> None:
    services.watchlist_save(area=area, terms_sv="placerade barn")
    add(item(1, "Placerade barn och skolgång", doi="10.1/abc"))
    response = anonymous.get(f"/omvarldsbevakning/omraden/{area.slug}/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert b"<title>Placerade barn och skolg\xc3\xa5ng</title>" in response.content
    assert b"https://doi.org/10.1/abc" in response.content


def test_a_coordinator_edits_the_area_watchlist_and_others_may_not(
    area, as_coordinator, as_worker
) -> None:
    url = f"/omvarldsbevakning/omraden/{area.slug}/bevakning/"
    assert as_worker.get(url).status_code == 403
    response = as_coordinator.post(url, {"terms_sv": "familjehem\nHVB", "subject_codes": "5040x"})
    assert response.status_code == 200
    assert "Not an SSIF code" in response.text or "Inte en SSIF-kod" in response.text
    assert "familjehem" in response.text  # what the user typed is kept
    response = as_coordinator.post(url, {"terms_sv": "familjehem\nHVB", "subject_codes": "50402"})
    assert response.status_code == 302
    assert Watchlist.objects.get(area=area).subject_codes == "50402"


def test_any_user_keeps_a_personal_watchlist(cast, as_outsider) -> None:
    response = as_outsider.post("/omvarldsbevakning/min-bevakning/", {"authors": "Kim Fiktiv"})
    assert response.status_code == 302
    add(item(1, "Tramadol", authors=[author(name="Kim Fiktiv")]))
    response = as_outsider.get("/omvarldsbevakning/min-bevakning/")
    assert "author: Kim Fiktiv" in response.text


def test_a_weekly_digest_is_mailed_and_unsubscribing_takes_one_click(
    area, cast, as_worker, anonymous
) -> None:
    services.watchlist_save(area=area, terms_sv="placerade barn")
    response = as_worker.post(
        "/omvarldsbevakning/prenumerationer/", {"area": area.pk, "frequency": "weekly"}
    )
    assert response.status_code == 302
    add(item(1, "Placerade barn och skolgång"))
    assert services.digests_send() == 1
    message = mail.outbox[0]
    assert message.to == [cast.worker.email]
    assert "Placerade barn och skolgång" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert services.digests_send() == 0  # not due again within the week
    link = re.search(r"http\S+/omvarldsbevakning/avsluta/\S+/", message.body).group(0)
    response = anonymous.get(link.split("8000", 1)[-1] if "8000" in link else link)
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    assert anonymous.get(link.split("8000", 1)[-1]).status_code == 404


def test_a_monthly_digest_waits_a_month(area, cast) -> None:
    services.watchlist_save(area=area, terms_sv="placerade barn")
    subscription = services.subscription_save(user=cast.worker, area=area, frequency="monthly")
    Subscription.objects.filter(pk=subscription.pk).update(
        last_sent_at=timezone.now() - timedelta(days=10)
    )
    add(item(1, "Placerade barn och skolgång"))
    assert services.digests_send() == 0
    assert services.digests_send(now=timezone.now() + timedelta(days=21)) == 1


def test_a_tampered_unsubscribe_link_does_nothing(area, cast, anonymous) -> None:
    subscription = services.subscription_save(user=cast.worker, area=area, frequency="weekly")
    token = services.unsubscribe_token(subscription)
    assert anonymous.get(f"/omvarldsbevakning/avsluta/{token}x/").status_code == 404
    assert Subscription.objects.exists()


def test_all_records_are_for_partnership_staff(cast, as_worker, as_outsider) -> None:
    add(item(1, "Placerade barn och skolgång"))
    assert as_outsider.get("/omvarldsbevakning/poster/").status_code == 403
    response = as_worker.get("/omvarldsbevakning/poster/?q=placerade")
    assert "Placerade barn och skolgång" in response.text


def test_promotion_says_plainly_that_the_library_is_missing(cast) -> None:
    from django.core.exceptions import ValidationError
    from django.test import modify_settings

    add(item(1, "Placerade barn och skolgång"))
    record = Record.objects.get()
    with modify_settings(INSTALLED_APPS={"remove": ["bryggan.library"]}):
        assert services.record_publication(record) is None
        for write in (services.record_promote, services.record_digest_write):
            with pytest.raises(ValidationError, match="library is not part of this installation"):
                write(record=record, user=cast.coordinator)


def test_the_index_page_lists_the_areas(area, anonymous) -> None:
    response = anonymous.get("/omvarldsbevakning/")
    assert response.status_code == 200
    assert area.name_sv in response.text
