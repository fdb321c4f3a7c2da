"""DOI, ISBN, URN:NBN and Handle are checked and written in one canonical form."""

import pytest

from bryggan.lib.identifiers import (
    normalise_doi,
    normalise_handle,
    normalise_isbn,
    normalise_urn,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10.1007/BF00036169", "10.1007/bf00036169"),
        ("https://doi.org/10.1145/2693787.2693796", "10.1145/2693787.2693796"),
        ("http://dx.doi.org/10.1038/sj.ijo.0803458", "10.1038/sj.ijo.0803458"),
        ("doi: 10.5555/abc", "10.5555/abc"),
        (" 10.1000.10/xyz ", "10.1000.10/xyz"),
    ],
)
def test_valid_dois_are_normalised(value, expected):
    assert normalise_doi(value) == expected


@pytest.mark.parametrize(
    "value", ["", "11.1234/abc", "10.12/abc", "10.1234", "10.1234/", "doi.org"]
)
def test_invalid_dois_are_refused(value):
    assert normalise_doi(value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("91-7656-524-6", "9789176565247"),  # ISBN-10 from a real DiVA record, made ISBN-13
        ("978-91-7873-255-5", "9789178732555"),
        ("ISBN 978-1-4503-3314-6", "9781450333146"),
        ("0-8044-2957-X", "9780804429573"),
    ],
)
def test_valid_isbns_become_isbn_13(value, expected):
    assert normalise_isbn(value) == expected


@pytest.mark.parametrize(
    "value", ["91-7656-524-7", "978-91-7873-255-4", "1743-0003", "12345", "979-0-0000-0000-0"]
)
def test_isbns_with_a_wrong_check_digit_or_form_are_refused(value):
    assert normalise_isbn(value) is None


def test_urn_nbn_and_resolver_links():
    assert normalise_urn("URN:NBN:SE:kth:diva-49381") == "urn:nbn:se:kth:diva-49381"
    assert (
        normalise_urn("http://urn.kb.se/resolve?urn=urn:nbn:se:gih:diva-5017")
        == "urn:nbn:se:gih:diva-5017"
    )
    assert normalise_urn("urn:isbn:9789176565240") is None
    assert normalise_urn("urn:nbn:sweden:x") is None


def test_handles_and_their_resolver_links():
    assert normalise_handle("2043/22414") == "2043/22414"
    assert normalise_handle("http://hdl.handle.net/2043/22414") == "2043/22414"
    assert normalise_handle("hdl:20.500.12380/1") == "20.500.12380/1"
    assert normalise_handle("10.1145/2693787") is None  # a DOI belongs in the DOI field
    assert normalise_handle("not a handle") is None
