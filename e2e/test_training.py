"""Skills training in a real browser: a class, a trainee enrolled, attendance ticked, completion and a
certificate, the class finished, and the trainee's one-month check-up answered from the follow-up list."""

import re

from laborbridge.employers.models import Occupation
from laborbridge.factories import make_worker
from laborbridge.training.models import Attendance, Certificate, Enrolment
from laborbridge.training.services import programme_create


def test_class_enrolment_attendance_certificate_follow_up(world, open_page):
    programme_create(
        actor=world["jinxiu"],
        name="粤菜师傅",
        occupations=[Occupation.objects.get(name="中式烹调(粤菜)")],
        certificate="中式烹调师",
    )
    worker = make_worker(world["tongmu"], name="黄秀英")
    page = open_page()
    page.login("jinxiu")
    page.goto("/training/")
    page.axe()
    page.page.click("text=开设培训班")
    page.page.select_option("#id_programme", label="粤菜师傅")
    page.page.fill("#id_name", "粤菜师傅培训班")
    page.page.fill("#id_provider", "佛山市创业职业技工学校")
    page.page.fill("#id_place", "451324101")
    page.page.fill("#id_start", "2024-05-06")
    page.page.fill("#id_end", "2024-05-25")
    page.page.fill("#id_capacity", "40")
    page.page.select_option("#id_organisers", ["451324", "440904"])
    page.page.click("main button[type=submit]")
    page.page.wait_for_url(re.compile(r"/training/\d+/$"))
    class_url = page.page.url.removeprefix(page.base)
    page.axe()

    page.page.fill("#q", "黄秀英")
    page.page.press("#q", "Enter")
    page.page.click("main li button:has-text('录取')")
    page.page.wait_for_selector("text=已办理：黄秀英")
    enrolment = Enrolment.objects.get(worker=worker)
    assert enrolment.status == "enrolled"

    page.page.click("main form button:has-text('开班')")
    page.page.wait_for_selector("text=培训班状态已更新")
    page.goto(class_url + "attendance/?day=2024-05-06")
    page.axe()
    page.page.click("text=保存当天出勤")
    page.page.wait_for_selector("text=的出勤已保存")
    assert Attendance.objects.get(enrolment=enrolment).present is True

    page.goto(f"/training/trainees/{enrolment.pk}/")
    page.page.click("text=办理结业")
    page.page.wait_for_selector("text=已办理")
    page.page.select_option("#id_kind", "skill_level")
    page.page.fill("#id_level", "五级")
    page.page.fill("#id_number", "YCS2024001")
    page.page.fill("#id_issued_on", "2024-06-15")
    page.page.click("text=保存证书")
    page.page.wait_for_selector("text=证书已登记")
    page.axe()
    assert Certificate.objects.get(enrolment=enrolment).number == "YCS2024001"

    page.goto(class_url)
    page.page.click("main form button:has-text('结业')")
    page.page.wait_for_selector("text=培训班状态已更新")
    page.goto("/employment/follow-ups/")
    row = page.page.locator("tr", has_text="黄秀英").first
    assert "粤菜师傅培训班" in row.inner_text()
    row.locator("select").select_option("yes")
    row.locator("button").click()
    page.page.wait_for_selector("text=回访已记录")
    assert enrolment.follow_ups.get(months=1).still_working is True

    phone = open_page(width=360, height=740)
    phone.login("jinxiu")
    for path in ("/training/", class_url, f"/training/trainees/{enrolment.pk}/", class_url + "attendance/"):
        phone.goto(path)
        phone.fits()
