"""The drafting fixtures (the sample case, a Drafter on the session library with a fixed today)."""

from tests.drafting.conftest import drafter, sample, sample_data, templates  # noqa: F401  (fixtures)
