"""Every page a role meets, on a 360 px phone: nothing wider than the screen (tables scroll in their own box)."""

import pytest

WIDTH, HEIGHT = 360, 740
# The widest elements, to say what overflows when something does.
WIDEST = """() => Array.from(document.querySelectorAll('body *'))
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter(e => !e.closest('.table-wrap'))
  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' +
     Math.round(e.getBoundingClientRect().right))"""
MENU = """() => Array.from(document.querySelectorAll('header.top a'))
  .map(a => a.getAttribute('href')).filter(h => h && h.startsWith('/'))"""


# The records each role opens besides its menu (what its policy lets it see).
REGISTRY = ["worker", "referred", "employer", "vacancy"]
DETAILS = {
    "admin": [*REGISTRY, "/reports/", "/accounts/audit/", "/ledger/import/", "/help/import/"],
    "jinxiu": [*REGISTRY, "/reports/", "/ledger/import/", "/help/import/"],
    "tongmu": ["worker", "employer", "vacancy", "/reports/", "/ledger/import/", "/help/import/"],
    "dianbai": ["employer", "vacancy", "/reports/", "/help/employers/"],
    "maonan": ["/reports/", "/help/"],
    "xiezuo": [*REGISTRY, "/reports/", "/help/reports/"],
    "auditor": ["/accounts/audit/", "/help/"],
    "qiye": ["employer", "vacancy", "/help/employers/"],
}


def too_wide(page, paths) -> dict:
    found = {}
    for path in dict.fromkeys(paths):
        page.goto(path)
        width = page.page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            found[path] = (width, page.page.evaluate(WIDEST))
    return found


@pytest.mark.parametrize("role", list(DETAILS))
def test_every_page_of_the_roles_menu_and_its_records_fits_a_360_px_phone(records, open_page, role):
    page = open_page(WIDTH, HEIGHT)
    page.login(role)
    page.page.wait_for_url(lambda url: "/accounts/login/" not in url)
    menu = [p for p in page.page.evaluate(MENU) if not p.startswith("/admin/")]  # Django's own admin pages
    assert len(menu) >= 3, menu
    details = [records.get(item, item) for item in DETAILS[role]]
    assert too_wide(page, ["/", *menu, *details]) == {}


def test_the_sign_in_page_and_the_help_fit_a_phone_before_signing_in(world, open_page):
    page = open_page(WIDTH, HEIGHT)
    assert too_wide(page, ["/accounts/login/", "/help/", "/help/login/", "/help/import/"]) == {}
