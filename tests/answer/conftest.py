import pytest
from corpus_kit import store_fixture


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    yield from store_fixture(request, tmp_path)
