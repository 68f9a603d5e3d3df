"""Issue 8 on a phone (390 × 844): the catalogue and the inbox are cards, not tables scrolled sideways; the header
keeps its margins; dossier codes never wrap."""
from selenium.webdriver.common.by import By

from conftest import BASE_URL, login

CARD_FACTS = """
const table = document.querySelector(arguments[0]);
const rows = [...table.querySelectorAll('tbody tr')];
const cell = rows[0].cells[1];
return {
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  rowDisplays: [...new Set(rows.map(r => getComputedStyle(r).display))],
  headVisible: table.tHead.getBoundingClientRect().height > 1,
  label: getComputedStyle(cell, '::before').content,
  dataLabel: cell.dataset.label,
  rowsInside: rows.every(r => { const b = r.getBoundingClientRect(); return b.left >= 0 && b.right <= window.innerWidth; }),
  codes: [...table.querySelectorAll('.code')].map(c => ({
    text: c.textContent, lines: c.getClientRects().length,
    height: c.getBoundingClientRect().height, lineHeight: parseFloat(getComputedStyle(c).lineHeight) || 20,
    whiteSpace: getComputedStyle(c).whiteSpace })),
};
"""


def assert_cards(driver, selector):
    facts = driver.execute_script(CARD_FACTS, selector)
    assert facts["innerWidth"] == 390, facts["innerWidth"]
    assert facts["scrollWidth"] <= facts["innerWidth"], f"the page scrolls sideways: {facts['scrollWidth']}"
    assert facts["rowDisplays"] == ["block"], f"rows are not cards: {facts['rowDisplays']}"
    assert not facts["headVisible"], "the column headers are shown above the cards"
    assert facts["label"] == f'"{facts["dataLabel"]}"' and facts["dataLabel"], (facts["label"], facts["dataLabel"])
    assert facts["rowsInside"], "a card sticks out of the screen"
    for code in facts["codes"]:
        assert code["whiteSpace"] == "nowrap", code
        assert code["lines"] == 1 and code["height"] < 1.6 * code["lineHeight"], f"the code wraps: {code}"


def assert_header_margins(driver):
    who, logout, width = driver.execute_script("""
        const r = e => { const b = e.getBoundingClientRect(); return {left: b.left, right: b.right, top: b.top, bottom: b.bottom}; };
        return [r(document.querySelector('.who')), r(document.querySelector('.account button')), window.innerWidth];""")
    assert who["left"] >= 8, f"the signed-in name touches the left edge: {who}"
    assert logout["right"] <= width - 8, f"the logout button touches the right edge: {logout}"
    same_line = who["top"] < logout["bottom"] and logout["top"] < who["bottom"]
    assert not same_line or logout["left"] - who["right"] >= 6, f"the name touches the logout button: {who} {logout}"


def test_catalogue_and_inbox_are_cards_on_a_phone(phone, screenshots):
    phone.get(BASE_URL + "/thu-tuc")
    assert_cards(phone, "#catalog-table")
    phone.save_screenshot(str(screenshots / "catalogue-cards-phone.png"))

    login(phone, "chuyenvien")
    phone.get(BASE_URL + "/xu-ly?status=all")
    assert_cards(phone, "#inbox-table")
    assert_header_margins(phone)
    phone.save_screenshot(str(screenshots / "inbox-cards-phone.png"))
    phone.execute_script("document.querySelector('#inbox-table').scrollIntoView()")
    phone.save_screenshot(str(screenshots / "inbox-cards-phone-rows.png"))


def test_tables_stay_tables_on_a_desktop(browser):
    login(browser, "chuyenvien")
    for path, selector in [("/thu-tuc", "#catalog-table"), ("/xu-ly?status=all", "#inbox-table")]:
        browser.get(BASE_URL + path)
        displays = browser.execute_script(
            "return [...new Set([...document.querySelectorAll(arguments[0] + ' tbody tr')].map(r => getComputedStyle(r).display))]",
            selector)
        assert displays == ["table-row"], (path, displays)
        assert browser.find_element(By.CSS_SELECTOR, selector + " thead").is_displayed()


def test_no_page_scrolls_sideways_on_a_phone(phone, screenshots):
    """Wide tables scroll inside their frame; the page itself never does (a slip, an A5 sheet, is the exception)."""
    pages = {None: ["/", "/tra-cuu", "/thu-tuc", "/thu-tuc/1.001193.000.00.00.H36", "/dang-nhap"],
             "tiepnhan": ["/mot-cua", "/mot-cua/tiep-nhan", "/mot-cua/tiep-nhan?procedure=2.000528.000.00.00.H36",
                          "/mot-cua/tra-ket-qua"],
             "chuyenvien": ["/xu-ly", "/xu-ly?status=all"],
             "lanhdao": ["/thong-ke"],
             "quantri": ["/quan-tri", "/quan-tri/nguoi-dung", "/quan-tri/thu-tuc", "/quan-tri/co-quan",
                         "/quan-tri/lich-nghi"]}
    wide = []
    for user, paths in pages.items():
        if user:
            login(phone, user)
        for path in paths:
            phone.get(BASE_URL + path)
            width = phone.execute_script("return document.documentElement.scrollWidth")
            if width > 390:
                wide.append((user, path, width))
                phone.save_screenshot(str(screenshots / ("wide-" + path.strip("/").replace("/", "-") + ".png")))
    assert not wide, f"pages wider than the phone: {wide}"
