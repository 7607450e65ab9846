"""Referral steps and searches in a real browser: a referral made last week recorded now, a step dated, a hire
with its income, the mistaken step withdrawn, the vacancy picker searched; a worker found by the last digits
of the ID number and by spaced pinyin."""

import datetime

from django.utils import timezone

from laborbridge.employment.models import Employment, FollowUp, Referral


def _open_vacancies(world):
    from laborbridge.employers.models import Occupation
    from laborbridge.employers.services import vacancy_set_status
    from laborbridge.factories import make_employer, make_uscc, make_vacancy

    fish = make_employer(world["dianbai"], name="电白水产食品厂", uscc=make_uscc(21))
    guard = make_vacancy(
        world["dianbai"], fish, title="门卫", occupation=Occupation.objects.get(name="保安"), pay_min=3000,
        pay_max=3800,
    )  # fmt: skip
    shrimp = make_vacancy(world["dianbai"], fish, title="剥虾工", pay_min=4500, pay_max=6500)
    for vacancy in (guard, shrimp):
        vacancy_set_status(actor=world["dianbai"], vacancy=vacancy, status="open")
    return guard, shrimp


def test_refer_last_week_date_a_step_hire_with_income_withdraw_the_mistake(world, open_page):
    from laborbridge.factories import make_worker

    _guard, shrimp = _open_vacancies(world)
    worker = make_worker(world["tongmu"], name="黄秀梅")
    today = timezone.localdate()
    last_week = today - datetime.timedelta(days=7)

    page = open_page()
    page.login("tongmu")
    page.goto(f"/workers/{worker.pk}/")
    # The picker searches by 工种, then by pay.
    page.page.fill("#vacancy-q", "保安")
    page.page.wait_for_selector("text=共 1 个招聘中岗位")
    assert page.page.locator("#id_vacancy option", has_text="门卫").count() == 1
    page.page.fill("#vacancy-q", "6000")
    page.page.press("#vacancy-q", "Enter")  # searches; does not send the referral form
    page.page.wait_for_selector("text=共 1 个招聘中岗位")
    assert not Referral.objects.exists()
    page.page.select_option("#id_vacancy", str(shrimp.pk))
    page.page.fill("#id_on", last_week.isoformat())  # the referral was made last week
    page.page.click("button:has-text('推荐')")
    page.page.wait_for_selector("text=已推荐到")
    referral = Referral.objects.get()
    assert referral.steps.get().on == last_week

    # The next step is a choice: nothing is preselected, and a date before the referral is refused.
    form = page.page.locator(f"[data-testid=step-form-{referral.pk}]")
    assert form.locator("input[name=status]:checked").count() == 0
    form.locator("input[name=status][value=applied]").check()
    form.locator("input[name=on]").fill((last_week - datetime.timedelta(days=1)).isoformat())
    form.locator("button:has-text('记录这一步')").click()
    page.page.wait_for_selector("text=报名日期不能早于上一步")
    assert referral.steps.count() == 1
    form = page.page.locator(f"[data-testid=step-form-{referral.pk}]")
    form.locator("input[name=status][value=applied]").check()
    form.locator("input[name=on]").fill((last_week + datetime.timedelta(days=2)).isoformat())
    form.locator("button:has-text('记录这一步')").click()
    page.page.wait_for_selector("text=已记录：已报名")

    # Hired today by mistake (the income typed wrong), withdrawn, and recorded again.
    form = page.page.locator(f"[data-testid=step-form-{referral.pk}]")
    form.locator("input[name=status][value=hired]").check()
    form.locator("input[name=monthly_income]").fill("48000")
    form.locator("button:has-text('记录这一步')").click()
    page.page.wait_for_selector("text=已记录：已录用")
    assert Employment.objects.get(worker=worker).monthly_income == 48000
    assert FollowUp.objects.count() == 3
    page.axe()
    page.page.click("button:has-text('撤回“已录用”')")
    page.page.wait_for_selector("text=已撤回：已录用")
    assert not Employment.objects.exists() and not FollowUp.objects.exists()
    assert Referral.objects.get().status == "applied"
    form = page.page.locator(f"[data-testid=step-form-{referral.pk}]")
    form.locator("input[name=status][value=hired]").check()
    form.locator("input[name=monthly_income]").fill("4800")
    form.locator("button:has-text('记录这一步')").click()
    page.page.wait_for_selector("text=已记录：已录用")
    assert Employment.objects.get(worker=worker).monthly_income == 4800
    assert "月收入 4800 元" in page.page.content()

    # The worker's page, its referral and step form included, fits a 360-pixel phone.
    phone = open_page(width=360, height=780)
    phone.login("tongmu")
    phone.goto(f"/workers/{worker.pk}/")
    phone.page.wait_for_selector(f"[data-testid=step-form-{referral.pk}]")
    phone.fits()

    # The follow-ups are in the menu: none overdue, none due this week (the first is a month away).
    page.goto("/employment/follow-ups/")
    page.page.wait_for_selector("text=已逾期 0")


def test_find_a_worker_by_the_last_digits_of_the_id_and_by_spaced_pinyin(world, open_page):
    from laborbridge.factories import make_worker

    worker = make_worker(world["tongmu"], name="黄秀梅")
    make_worker(world["tongmu"], name="盘志华")
    page = open_page()
    page.login("tongmu")
    page.goto("/workers/")
    page.page.fill("#id_q", worker.id_number[-6:])
    page.page.press("#id_q", "Enter")
    page.page.wait_for_selector("text=共 1 人")
    assert "黄秀梅" in page.page.content() and "盘志华" not in page.page.content()
    assert worker.id_number[-6:] not in page.page.url  # posted, kept in the session, never in the address
    page.goto("/workers/")
    page.page.fill("#id_q", "huang xiu mei")
    page.page.press("#id_q", "Enter")
    page.page.wait_for_selector("text=共 1 人")
    assert "黄秀梅" in page.page.content()


def test_hire_a_worker_a_ledger_shows_at_work_ticking_the_choice_to_take_over_its_spell(world, open_page):
    """The reviewer's walk: imported at 电白区 on the ledger's date, hired two days earlier."""
    from laborbridge.employment.models import Source
    from laborbridge.employment.services import employment_start, referral_create
    from laborbridge.factories import make_worker

    _guard, shrimp = _open_vacancies(world)
    worker = make_worker(world["tongmu"], name="黄秀兰")
    today = timezone.localdate()
    employment_start(actor=world["tongmu"], worker=worker, place="440904", start=today, source=Source.LEDGER)
    referral = referral_create(
        actor=world["tongmu"], worker=worker, vacancy=shrimp, on=today - datetime.timedelta(days=5)
    )
    hire_day = (today - datetime.timedelta(days=2)).isoformat()

    page = open_page()
    page.login("tongmu")
    page.goto(f"/workers/{worker.pk}/")
    form = page.page.locator(f"[data-testid=step-form-{referral.pk}]")
    choice = form.locator(f"[data-testid=end-current-{referral.pk}]")
    assert not choice.is_checked()  # never preselected
    form.locator("input[name=status][value=hired]").check()
    form.locator("input[name=on]").fill(hire_day)
    form.locator("input[name=monthly_income]").fill("5200")
    form.locator("button:has-text('记录这一步')").click()
    page.page.wait_for_selector("text=请勾选“结束现有就业并录用”")
    assert referral.steps.count() == 1

    form = page.page.locator(f"[data-testid=step-form-{referral.pk}]")
    form.locator("input[name=status][value=hired]").check()
    form.locator("input[name=on]").fill(hire_day)
    form.locator("input[name=monthly_income]").fill("5200")
    form.locator(f"[data-testid=end-current-{referral.pk}]").check()
    page.axe()
    form.locator("button:has-text('记录这一步')").click()
    page.page.wait_for_selector("text=已记录：已录用")
    spell = Employment.objects.get(worker=worker)  # one spell, no overlap
    assert (spell.start.isoformat(), spell.end, spell.referral_id) == (hire_day, None, referral.pk)
