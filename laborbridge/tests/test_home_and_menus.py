"""Each role lands where its work is, and its menu and home offer only what it can use."""

import datetime
import re

import pytest

from laborbridge.accounts import policy
from laborbridge.employers.services import vacancy_set_status
from laborbridge.employment.services import referral_advance, referral_create
from laborbridge.factories import (
    DIANBAI,
    ROLE_USERS,
    TONGMU,
    TOUPAI,
    make_employer,
    make_uscc,
    make_vacancy,
    make_worker,
)

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 3, 1)


@pytest.fixture
def work(users):
    """An 电白 employer with an open vacancy (its user is `employer`), two 金秀 workers referred to it, one hired."""
    employer = make_employer(users["dianbai"], uscc=make_uscc(11), provided_by=DIANBAI)
    employer.members.add(users["employer"])
    vacancy = make_vacancy(users["dianbai"], employer, headcount=12)
    vacancy_set_status(actor=users["dianbai"], vacancy=vacancy, status="open")
    hired = make_worker(users["tongmu"], name="黄秀英", township=TONGMU)
    waiting = make_worker(users["jinxiu"], name="蓝秀梅", township=TOUPAI)
    referral = referral_create(actor=users["tongmu"], worker=hired, vacancy=vacancy, on=DAY)
    referral_advance(actor=users["tongmu"], referral=referral, status="hired", on=DAY)
    referral_create(actor=users["jinxiu"], worker=waiting, vacancy=vacancy, on=DAY)
    return users


def links(html: str, where: str) -> list[str]:
    """The addresses of the links inside the first element matching `where` (a tag with its attributes)."""
    start = html.index(where)
    tag = where[1:].split()[0].rstrip(">")
    end = html.index(f"</{tag}>", start)
    return re.findall(r'href="([^"#]+)"', html[start:end])


def count_on(client, url: str) -> int:
    page = client.get(url).content.decode()
    return int(re.search(r"共 (\d+) 条", page).group(1))


def test_an_eastern_bureau_lands_on_its_employers_referrals_and_placed_workers(client, work):
    client.force_login(work["dianbai"])
    page = client.get("/").content.decode()
    section = page[page.index('data-testid="receiving-figures"') :]
    employers = re.search(r'href="([^"]+)" data-testid="employers"><div class="value">(\d+)', section)
    vacancies = re.search(r'href="([^"]+)" data-testid="vacancies"><div class="value">(\d+)', section)
    assert employers.group(2) == "1" and vacancies.group(2) == "1" and "共招 12 人" in section
    # Each figure opens the list behind it, which counts the same.
    assert count_on(client, employers.group(1).replace("&amp;", "&")) == 1
    assert count_on(client, vacancies.group(1).replace("&amp;", "&")) == 1
    assert re.search(
        r'data-testid="referrals"><div class="value">2</div><div class="label">[^<]+</div></a>', section
    )
    steps = page[page.index('data-testid="referral-steps"') :]
    assert re.search(r"<td>已推荐</td><td>1</td>", steps) and re.search(r"<td>已录用</td><td>1</td>", steps)
    assert re.search(r'href="/employment/placed/" data-testid="placed"><div class="value">1<', section)
    assert "目前在岗 1 人" in section


def test_an_eastern_bureau_is_offered_no_registry_work(client, work):
    client.force_login(work["dianbai"])
    page = client.get("/").content.decode()
    assert "登记劳动力" not in page and "导入台账" not in page and "劳动力台账" not in page
    assert "/workers/" not in "".join(links(page, '<nav aria-label="主菜单">'))
    assert "用工单位" in page and "来此务工人员" in page


def test_an_eastern_bureau_with_nothing_yet_is_told_what_to_do_first(client, users):
    client.force_login(users["maonan"])
    page = client.get("/").content.decode()
    assert page.count("暂无数据") >= 4 and '<div class="value">0<' not in page
    assert "请先登记用工单位" in page and 'href="/employers/new/"' in page


def test_the_western_county_lands_on_its_registry_by_township(client, work):
    client.force_login(work["jinxiu"])
    page = client.get("/").content.decode()
    assert "各乡镇（街道）" in page and f'href="/workers/?township={TONGMU}">1</a>' in page
    assert "receiving-figures" not in page
    assert 'href="/workers/new/"' in page and 'href="/ledger/import/"' in page


def test_a_county_without_workers_shows_no_wall_of_zeros_but_the_next_step(client, users):
    client.force_login(users["jinxiu"])
    page = client.get("/").content.decode()
    assert 'data-testid="no-workers"' in page and "暂无数据" in page
    assert '<div class="value">0<' not in page and "各乡镇（街道）" not in page
    assert 'href="/ledger/import/"' in page


def test_a_figure_with_nothing_behind_it_says_so_and_links_nowhere(client, work):
    client.force_login(work["tongmu"])
    page = client.get("/").content.decode()
    assert 'href="/workers/?poverty_status=monitored"' not in page  # nobody monitored: nothing to open
    assert "防止返贫监测对象" in page and "暂无数据" in page


def test_only_a_county_on_the_eastern_side_of_a_pairing_is_the_receiving_side(users):
    sides = {name: policy.receiving_side(user) for name, user in users.items()}
    assert sides == {name: name in ("dianbai", "maonan") for name in ROLE_USERS}


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_every_link_of_the_menu_and_the_home_page_opens_for_the_role(client, work, role):
    client.force_login(work[role])
    page = client.get("/").content.decode()
    menu = links(page, '<header class="top">')
    home = links(page, "<main>")
    assert menu, role
    refused = {}
    for url in dict.fromkeys(menu + home):
        url = url.replace("&amp;", "&")
        status = client.get(url).status_code
        if status != 200:
            refused[url] = status
    assert refused == {}, role


@pytest.mark.parametrize(
    ("role", "offered", "not_offered"),
    [
        ("admin", ["劳动力台账", "导入台账", "审计记录", "用户管理", "系统管理"], ["来此务工人员"]),
        (
            "jinxiu",
            ["劳动力台账", "登记劳动力", "导入台账", "用户管理", "来此务工人员"],
            ["审计记录", "系统管理"],
        ),
        ("tongmu", ["劳动力台账", "登记劳动力", "导入台账", "回访任务"], ["用户管理", "审计记录"]),
        (
            "dianbai",
            ["统计", "用工单位", "岗位", "来此务工人员", "用户管理"],
            ["劳动力台账", "登记劳动力", "导入台账"],
        ),
        ("xiezuo", ["劳动力台账", "统计", "用工单位"], ["登记劳动力", "导入台账", "回访任务", "用户管理"]),
        ("auditor", ["审计记录"], ["劳动力台账", "统计", "用工单位", "用户管理"]),
        ("employer", ["用工单位", "岗位", "来此务工人员"], ["劳动力台账", "统计", "导入台账", "审计记录"]),
    ],
)
def test_each_roles_menu_offers_its_work_and_nothing_else(client, users, role, offered, not_offered):
    client.force_login(users[role])
    page = client.get("/").content.decode()
    nav = page[page.index('<nav aria-label="主菜单">') : page.index("</nav>")]
    entries = re.findall(r">([^<]+)</a>", nav)
    assert set(offered) <= set(entries), entries
    assert not set(not_offered) & set(entries), entries
