"""A job fair walked on phones (360 px): the poster, a job seeker's pre-registration, the door, the booth."""

import datetime


def _open_fair(world):
    from laborbridge.employers.services import vacancy_set_status
    from laborbridge.factories import DIANBAI, PASSWORD, make_employer, make_user, make_vacancy
    from laborbridge.fairs.services import fair_create, participation_add, position_add

    employer = make_employer(world["dianbai"], name="电白水产厂", provided_by=DIANBAI)
    firm = make_user("firm", "employer")
    employer.members.add(firm)
    vacancy = make_vacancy(world["dianbai"], employer, title="水产品加工普工")
    vacancy_set_status(actor=world["dianbai"], vacancy=vacancy, status="open")
    fair = fair_create(
        actor=world["jinxiu"], organisers=["451324"], title="金秋招聘月", theme="就在金秋“职”面未来",
        date=datetime.date.today(), starts_at=datetime.time(9), ends_at=datetime.time(12), township="451324101",
        address="桐木镇人民政府广场", target_groups=["migrant", "alleviated"],
    )  # fmt: skip
    participation = participation_add(actor=world["jinxiu"], fair=fair, employer=employer, booth="A01")
    position_add(actor=world["jinxiu"], participation=participation, vacancy=vacancy, headcount=30)
    return fair, vacancy, PASSWORD


def test_a_fair_from_poster_to_pre_registration_to_check_in_to_intent_on_phones(world, open_page):
    from laborbridge.factories import make_id
    from laborbridge.fairs.models import FairIntent, FairPreregistration, FairVisit
    from laborbridge.fairs.services import fair_set_status
    from laborbridge.fairs.tokens import badge_token, ticket_token

    fair, vacancy, password = _open_fair(world)

    # The poster, printed at the township; a job seeker's phone opens the page its QR code names.
    seeker = open_page(width=360, height=640)
    seeker.goto(f"/fairs/p/{fair.slug}/poster/")
    assert seeker.page.locator(".qr svg").count() == 1
    seeker.fits()
    seeker.goto(f"/fairs/p/{fair.slug}/")
    seeker.page.wait_for_selector("text=水产品加工普工")
    assert "电白水产厂" in seeker.page.content()
    seeker.fits()
    seeker.axe()
    seeker.page.click("text=我要报名")
    seeker.page.fill("#id_name", "蓝秀梅")
    seeker.page.fill("#id_phone", "1390013")
    seeker.page.select_option("#id_township", "451324101")
    seeker.page.click("main button[type=submit]")
    seeker.page.wait_for_selector("text=手机号码应为11位")
    seeker.page.fill("#id_phone", "139 0013 9000")
    seeker.page.fill("#id_looking_for", "普工，包住")
    seeker.page.click("main button[type=submit]")
    seeker.page.wait_for_selector("text=报名成功")
    assert seeker.page.locator(".qr svg").count() == 1
    seeker.fits()
    seeker.axe()
    prereg = FairPreregistration.objects.get(fair=fair)

    # The door opens; the township's clerk scans the ticket (the phone's scanner fills the field).
    fair_set_status(actor=world["jinxiu"], fair=fair, status="open")
    door = open_page(width=360, height=640)
    door.login("tongmu")
    door.goto(f"/fairs/{fair.pk}/check-in/")
    door.fits()
    door.axe()
    door.page.fill("#id_code", ticket_token(prereg))
    door.page.click("main button:has-text('签到')")
    door.page.wait_for_selector("text=现场登记")
    assert door.page.input_value("#id_name") == "蓝秀梅"
    door.page.fill("#id_id_number", make_id(sex="F"))
    door.page.click("button:has-text('登记并签到')")
    door.page.wait_for_selector("text=签到成功：蓝秀梅")
    assert door.page.locator(".qr svg").count() == 1  # the badge to show at the booths
    door.fits()
    visit = FairVisit.objects.get(fair=fair)
    assert visit.walk_in and visit.preregistration == prereg

    # At the booth, the employer's own account scans the badge and picks its position.
    booth = open_page(width=360, height=640)
    booth.login("firm", password)
    booth.goto(f"/fairs/{fair.pk}/booth/")
    booth.fits()
    booth.axe()
    booth.page.fill("#id_code", badge_token(visit.worker))
    booth.page.select_option("#id_vacancy", str(vacancy.pk))
    booth.page.click("button:has-text('达成意向')")
    booth.page.wait_for_selector("text=已记录意向")
    intent = FairIntent.objects.get(fair=fair)
    assert (intent.referral.source, intent.referral.status) == ("job_fair", "intent")
