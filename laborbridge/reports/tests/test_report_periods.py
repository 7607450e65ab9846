"""A reporting period lies between 2000 and 2099 and spans at most five years, on pages and the command line."""

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        "from=0001-01-01&to=9999-12-31",
        "from=1900-01-01&to=2999-12-31",
        "from=2015-01-01&to=2024-12-31",
        "from=1999-12-31&to=2000-06-30",
    ],
)
@pytest.mark.parametrize("path", ["/reports/", "/reports/official/", "/reports/employed/"])
def test_a_period_out_of_bounds_falls_back_to_this_year_with_a_message(client, users, path, query):
    client.force_login(users["jinxiu"])
    response = client.get(f"{path}?region=451324&{query}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "统计期" in page and ("之间" in page or "最长 5 年" in page)


def test_a_period_of_five_years_is_answered(client, users):
    client.force_login(users["jinxiu"])
    response = client.get("/reports/?region=451324&from=2020-01-01&to=2024-12-31")
    assert response.status_code == 200 and "最长 5 年" not in response.content.decode()


def test_the_report_command_refuses_a_period_out_of_bounds(users):
    with pytest.raises(CommandError, match="统计期应在"):
        call_command("report", "--region", "451324", "--from", "0001-01-01", "--to", "9999-12-31")
    with pytest.raises(CommandError, match="最长 5 年"):
        call_command("report", "--region", "451324", "--from", "2000-01-01", "--to", "2010-01-01")
