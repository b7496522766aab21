"""The corpus of real plan tables is read as a person reads it, at least nine in ten."""

from tests.corpus.reading import TARGET, expectations, read_all


def test_the_corpus_holds_real_documents_of_four_languages() -> None:
    documents = expectations()
    assert len(documents) >= 40
    assert {document["language"] for document in documents} == {"uk", "cs", "pl", "en"}
    assert all(document["source"].startswith(("http://", "https://")) for document in documents)


def test_nine_in_ten_documents_are_read_as_expected() -> None:
    outcomes = read_all()
    misses = [f"{outcome.file}: {miss}" for outcome in outcomes for miss in outcome.misses]
    good = sum(1 for outcome in outcomes if outcome.read_as_expected)
    assert good >= TARGET * len(outcomes), "\n".join(misses)
