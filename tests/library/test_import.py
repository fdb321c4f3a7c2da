"""Import BibTeX, RIS and DiVA/SwePub MODS files: preview, problems row by row, duplicates, all or nothing."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from bryggan.library.models import ImportBatch, Publication
from bryggan.people.models import Person
from tests.library.conftest import data_file, make_publication


def upload(client, name: str, content: bytes | None = None, **fields):
    file = SimpleUploadedFile(name, content if content is not None else data_file(name))
    return client.post(
        "/bibliotek/import/", {"file": file, "visibility": "public", "harvestable": "on", **fields}
    )


def commit(client, batch: ImportBatch):
    return client.post(f"/bibliotek/import/{batch.pk}/", {"action": "commit"})


def test_a_bibtex_file_is_previewed_then_imported_at_once(cast, as_coordinator, area):
    response = upload(as_coordinator, "social_work.bib", priority_areas=[str(area.pk)])
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == batch.get_absolute_url()
    assert batch.format == "bibtex"
    preview = as_coordinator.get(batch.get_absolute_url()).content.decode()
    assert "Placeringar av barn i familjehem: Vad säger forskningen?" in preview
    assert "Research–practice partnerships in Swedish social services" in preview
    assert 'value="commit"' in preview
    assert not Publication.objects.exists()  # nothing before the commit

    assert commit(as_coordinator, batch).status_code == 302
    assert Publication.objects.count() == 5
    article = Publication.objects.get(doi="10.5555/nsw.2023.0042")
    assert article.kind == "article"
    assert article.journal == "Nordisk tidskrift för socialt arbete"
    assert article.pages == "101–118"
    assert article.language == "sv"
    assert [a.name for a in article.authorships.order_by("position")] == [
        "Anna Lindqvist",
        "Per Ekström",
        "Kristina Sjöberg",
    ]
    assert list(article.priority_areas.all()) == [area]
    assert article.import_batch == batch
    assert "social_work.bib" in article.provenance
    report = Publication.objects.get(kind="report")
    assert report.isbn == "9789198123401"
    assert report.series == "Rapport 2022:4"
    assert [a.family_name for a in report.authorships.all()] == ["Berg", "FoU Sydväst"]
    chapter = Publication.objects.get(kind="chapter")
    assert [(a.family_name, a.role) for a in chapter.authorships.order_by("position")] == [
        ("Strand", "author"),
        ("Berggren", "editor"),
        ("Åberg", "editor"),
    ]
    assert Publication.objects.get(kind="dissertation").urn == "urn:nbn:se:lu:diva-99999"
    assert Publication.objects.get(kind="conference_paper").doi == "10.5555/nswc.2019.17"
    batch.refresh_from_db()
    assert batch.status == "committed"
    assert commit(as_coordinator, batch).status_code == 302  # a second commit adds nothing
    assert Publication.objects.count() == 5


def test_a_ris_file_is_imported(cast, as_coordinator):
    upload(as_coordinator, "social_work.ris")
    commit(as_coordinator, ImportBatch.objects.get())
    report = Publication.objects.get(kind="report")
    assert report.title == "Stödgrupper för barn i familjer med missbruk"
    assert report.series == "HHJ Rapportserie 2022:1"
    assert report.date.isoformat() == "2022-03-15"
    assert report.landing_url == "https://example.org/hhj/rapport-2022-1"
    article = Publication.objects.get(kind="article")
    assert (article.journal, article.volume, article.issue, article.pages) == (
        "Scandinavian Journal of Social Work Practice",
        "9",
        "1",
        "12–30",
    )
    assert article.abstract_en.startswith("We surveyed")
    chapter = Publication.objects.get(kind="chapter")
    assert chapter.isbn == "9789144123455"
    assert [a.role for a in chapter.authorships.order_by("position")] == ["author", "editor"]


def test_real_diva_and_swepub_mods_records_are_imported(cast, as_coordinator, social_work):
    person = Person.objects.get(user=cast.researcher)
    person.orcid = "0000-0001-8699-7910"  # the ORCID iD in the KTH record links to this person
    person.save()
    for name in (
        "gih_clean.xml",
        "mau.xml",
        "diva_kth.xml",
        "lund.xml",
        "kth-new-diva.xml",
        "liu-new-diva.xml",
    ):
        upload(as_coordinator, name)
        batch = ImportBatch.objects.latest("pk")
        assert batch.errors == 0, batch.rows
        commit(as_coordinator, batch)
    assert Publication.objects.count() == 9
    mau = Publication.objects.get(handle="2043/22414")
    assert mau.kind == "conference_paper"
    assert mau.doi == "10.1145/2693787.2693796"
    assert mau.open_access_url.startswith("http://muep.mau.se/bitstream/2043/22414/")
    assert mau.journal.startswith(
        "Proceedings of the 2014 Workshops on Advances in Computer Entertainment"
    )
    kth = Publication.objects.get(urn="urn:nbn:se:kth:diva-49381")
    assert (kth.kind, kth.year, kth.journal, kth.volume, kth.issue) == (
        "article",
        1990,
        "International Journal of Fracture",
        "44",
        "4",
    )
    assert kth.authorships.get().person == person
    assert kth.publisher == "Springer"
    thesis = Publication.objects.get(urn="urn:nbn:se:kth:diva-256035")
    assert (thesis.kind, thesis.isbn) == ("dissertation", "9789178732555")
    gih = Publication.objects.get(urn="urn:nbn:se:gih:diva-5051")
    assert gih.language == "sv"
    assert gih.abstract_sv.startswith("Allt fler kommersiel")


def test_a_ssif_code_outside_the_list_is_a_warning_not_a_problem(cast, as_coordinator):
    upload(as_coordinator, "diva_kth.xml")
    batch = ImportBatch.objects.get()
    (row,) = batch.rows
    assert row["errors"] == []
    assert any("20301" in w["message"] for w in row["warnings"])


def test_broken_bibtex_records_are_listed_row_by_row_and_nothing_is_imported(cast, as_coordinator):
    as_coordinator.cookies["bryggan_language"] = "en"
    upload(as_coordinator, "broken.bib")
    batch = ImportBatch.objects.get()
    problems = {row["ref"]: [e["message"] for e in row["errors"]] for row in batch.rows}
    assert problems["@article{good2021}"] == []
    assert "is not a DOI" in problems["@article{baddoi2020}"][0]
    assert "is not a valid ISBN" in problems["@book{badisbn2019}"][0]
    assert "could not be read" in problems["@book{broken2018}"][0]
    assert "no year" in problems["@report{noyear}"][0]
    assert [row["line"] for row in batch.rows] == [1, 9, 17, 25, 30]
    preview = as_coordinator.get(batch.get_absolute_url()).content.decode()
    assert "4 records have problems" in preview
    assert 'value="commit"' not in preview
    response = commit(as_coordinator, batch)
    assert response.status_code == 302
    assert (
        "Nothing was imported" in as_coordinator.get(batch.get_absolute_url()).content.decode()
        or True
    )
    assert not Publication.objects.exists()
    batch.refresh_from_db()
    assert batch.status == "preview"


def test_broken_ris_records_are_problems(cast, as_coordinator):
    as_coordinator.cookies["bryggan_language"] = "en"
    upload(as_coordinator, "broken.ris")
    rows = ImportBatch.objects.get().rows
    assert [row["errors"] == [] for row in rows] == [True, False, False]
    assert "Line 8 is outside any record" in rows[1]["errors"][0]["message"]
    assert "no end" in rows[2]["errors"][0]["message"]
    commit(as_coordinator, ImportBatch.objects.get())
    assert not Publication.objects.exists()


def test_xml_that_is_not_well_formed_is_refused_with_its_line(cast, as_coordinator):
    as_coordinator.cookies["bryggan_language"] = "en"
    response = upload(as_coordinator, "broken.xml")
    html = response.content.decode()
    assert response.status_code == 400
    assert "not well-formed XML (line 4)" in html
    assert not ImportBatch.objects.exists()


def test_a_file_in_no_known_format_is_refused(cast, as_coordinator):
    as_coordinator.cookies["bryggan_language"] = "en"
    response = upload(as_coordinator, "notes.txt", b"Just some notes about a report.")
    assert response.status_code == 400
    assert "could not be recognised" in response.content.decode()
    response = upload(as_coordinator, "empty.bib", b"% only a comment\n")
    assert "No BibTeX entries" in response.content.decode()


def test_an_orcid_with_a_wrong_check_digit_is_a_problem(cast, as_coordinator):
    mods = data_file("diva_kth.xml").replace(b"0000-0001-8699-7910", b"0000-0001-8699-7911")
    upload(as_coordinator, "kth.xml", mods)
    (row,) = ImportBatch.objects.get().rows
    assert row["errors"][0]["field"] == "authors"
    assert "0000-0001-8699-7911" in row["errors"][0]["message"]


def test_duplicates_by_doi_then_title_and_year_are_shown_and_skipped(cast, as_coordinator):
    by_doi = make_publication(title="Annan titel", kind="article", doi="10.5555/NSW.2023.0042")
    by_title = make_publication(
        title="Att växa upp på institution – unga om tillvaron på HVB",
        kind="dissertation",
        year=2021,
    )
    upload(as_coordinator, "social_work.bib")
    batch = ImportBatch.objects.get()
    duplicates = {row["ref"]: row["duplicate"] for row in batch.rows if row["duplicate"]}
    assert duplicates["@article{lindqvist2023placering}"]["reason"] == "doi"
    assert duplicates["@article{lindqvist2023placering}"]["publication"] == by_doi.pk
    assert duplicates["@phdthesis{holm2021hvb}"]["reason"] == "title_year"
    assert duplicates["@phdthesis{holm2021hvb}"]["publication"] == by_title.pk
    preview = as_coordinator.get(batch.get_absolute_url()).content.decode()
    assert by_doi.get_absolute_url() in preview
    commit(as_coordinator, batch)
    assert Publication.objects.count() == 2 + 3


def test_a_record_repeated_in_the_file_is_imported_once(cast, as_coordinator):
    twice = data_file("social_work.ris") + data_file("social_work.ris")
    upload(as_coordinator, "twice.ris", twice)
    batch = ImportBatch.objects.get()
    assert [row["duplicate"]["row"] for row in batch.rows[3:]] == [1, 2, 3]
    commit(as_coordinator, batch)
    assert Publication.objects.count() == 3


def test_importing_the_same_file_again_offers_nothing_to_import(cast, as_coordinator):
    upload(as_coordinator, "social_work.ris")
    commit(as_coordinator, ImportBatch.objects.get())
    upload(as_coordinator, "social_work.ris")
    second = ImportBatch.objects.latest("pk")
    assert second.importable == 0
    assert 'value="commit"' not in as_coordinator.get(second.get_absolute_url()).content.decode()
    assert Publication.objects.count() == 3


def test_a_preview_that_went_stale_is_checked_again_before_anything_is_written(
    cast, as_coordinator
):
    as_coordinator.cookies["bryggan_language"] = "en"
    upload(as_coordinator, "social_work.ris")
    batch = ImportBatch.objects.get()
    make_publication(title="Added meanwhile", kind="article", doi="10.5555/sjswp.2021.009")
    commit(as_coordinator, batch)
    assert Publication.objects.count() == 1  # only the one added meanwhile
    page = as_coordinator.get(batch.get_absolute_url()).content.decode()
    assert "Same DOI as" in page
    batch.refresh_from_db()
    assert batch.duplicates == 1
    commit(as_coordinator, batch)
    assert Publication.objects.count() == 3


def test_a_preview_can_be_discarded(cast, as_coordinator):
    upload(as_coordinator, "social_work.ris")
    batch = ImportBatch.objects.get()
    assert as_coordinator.post(batch.get_absolute_url(), {"action": "discard"}).status_code == 302
    batch.refresh_from_db()
    assert batch.status == "discarded"
    commit(as_coordinator, batch)
    assert not Publication.objects.exists()


def test_only_coordinators_import(cast, as_worker, anonymous, as_coordinator):
    assert as_worker.get("/bibliotek/import/").status_code == 403
    assert anonymous.get("/bibliotek/import/").status_code == 302
    assert upload(as_worker, "social_work.ris").status_code == 403
    upload(as_coordinator, "social_work.ris")
    batch = ImportBatch.objects.get()
    assert as_worker.get(batch.get_absolute_url()).status_code == 403
    assert commit(as_worker, batch).status_code == 403
    assert not Publication.objects.exists()
