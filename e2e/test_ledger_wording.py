"""A township clerk imports a ledger written in the office's own words, in a real browser."""

from laborbridge.employment.models import Employment
from laborbridge.ledger.tests.test_clerks_wording import clerks_ledger


def test_a_clerk_imports_places_and_status_words_seeing_the_unread_column_first(world, open_page, tmp_path):
    path = clerks_ledger(tmp_path)
    page = open_page()
    page.login("tongmu")
    page.goto("/ledger/import/")
    page.page.set_input_files("#id_file", str(path))
    page.page.fill("#id_as_of", "2024-10-31")
    page.page.click("text=上传并检查")
    page.page.wait_for_selector("text=确认导入")
    warning = page.page.locator("[data-testid=unread-columns]")
    assert warning.is_visible()
    assert "有 1 列没有读取" in warning.inner_text() and "家庭住址" in warning.inner_text()
    counts = {
        key: page.page.locator(f"[data-testid={key}]").inner_text() for key in ("rows", "created", "rejected")
    }
    assert counts == {"rows": "20", "created": "15", "rejected": "5"}
    content = page.page.content()
    assert "江苏省南京市鼓楼区" in content and "无法识别地点“东南亚”" in content
    page.axe()
    page.page.click("button:has-text('确认导入')")
    page.page.wait_for_selector("text=导入完成")
    assert page.page.locator("[data-testid=created]").inner_text() == "15"
    assert page.page.locator("[data-testid=unread-columns]").is_visible()  # still said after the import
    spell = Employment.objects.get(worker__name="韦二")
    assert (spell.place_id, spell.place_class, spell.place_text) == (
        "440306",
        "partner_province",
        "深圳市宝安区",
    )
    assert Employment.objects.get(worker__name="韦九").channel == "self_employed"
