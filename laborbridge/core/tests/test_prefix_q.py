import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborbridge.core.database import prefix_q
from laborbridge.regions.models import Region


@given(
    prefix=st.text(alphabet="0123456789", min_size=1, max_size=8),
    code=st.text(alphabet="0123456789", min_size=1, max_size=12),
)
def test_the_prefix_range_matches_exactly_the_codes_that_start_with_the_prefix(prefix, code):
    lookups = prefix_q("code", prefix).children
    bounds = dict(lookups)
    in_range = bounds["code__gte"] <= code < bounds["code__lt"]
    assert in_range == code.startswith(prefix)


@pytest.mark.django_db
def test_the_prefix_range_finds_a_county_and_everything_in_it():
    codes = set(Region.objects.filter(prefix_q("code", "451324")).values_list("code", flat=True))
    assert codes == set(Region.objects.filter(code__startswith="451324").values_list("code", flat=True))
    assert "451324" in codes and "451325" not in codes and len(codes) == 1 + 10 + 82
