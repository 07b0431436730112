import pytest


@pytest.fixture(scope="session")
def checker(lib):
    from indexer.citations import CitationChecker
    return CitationChecker(lib)


@pytest.fixture
def check(checker):
    """check(text, date) -> list of citation dicts (the stable JSON form)."""
    def run(text, date="2025-06-30"):
        return checker.check(text, date).to_dict()["citations"]
    return run
