"""Issue 8 at the counter: the procedure picker by keyboard, and the CCCD QR scan on the intake form."""
import json
from urllib.parse import unquote

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE_URL, login


def highlighted(driver):
    """The positions of the suggestions marked aria-selected=true."""
    options = driver.find_elements(By.CSS_SELECTOR, "#procedure-results [role=option]")
    return [i for i, option in enumerate(options) if option.get_attribute("aria-selected") == "true"], options


def test_arrows_move_the_highlight_and_enter_opens_it(browser):
    login(browser, "tiepnhan")
    browser.get(BASE_URL + "/mot-cua/tiep-nhan")
    picker = browser.current_url
    box = browser.find_element(By.ID, "procedure-q")
    # Arrows pressed right after typing, before the suggestions are shown: they open the list and move the
    # highlight once the suggestions arrive; nothing is opened.
    box.send_keys("khai sinh")
    box.send_keys(Keys.ARROW_DOWN)
    box.send_keys(Keys.ARROW_DOWN)
    WebDriverWait(browser, 10).until(lambda d: highlighted(d)[0])
    marked, options = highlighted(browser)
    assert len(options) >= 3, "the demo catalogue has several 'khai sinh' procedures"
    assert marked == [1], marked
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-activedescendant") == options[1].get_attribute("id")
    assert browser.current_url == picker
    # Once shown, each arrow moves by one.
    box.send_keys(Keys.ARROW_DOWN)
    assert highlighted(browser)[0] == [2]
    box.send_keys(Keys.ARROW_UP)
    assert highlighted(browser)[0] == [1]
    assert browser.current_url == picker
    # Escape closes the list; ArrowDown opens it again on the first suggestion, still without navigating.
    box.send_keys(Keys.ESCAPE)
    assert not browser.find_element(By.ID, "procedure-results").is_displayed()
    box.send_keys(Keys.ARROW_DOWN)
    assert browser.find_element(By.ID, "procedure-results").is_displayed()
    assert highlighted(browser)[0] == [0]
    box.send_keys(Keys.ARROW_DOWN)
    marked, options = highlighted(browser)
    assert marked == [1] and browser.current_url == picker
    # Typing more clears the highlight: Enter then shows the new suggestions instead of opening an old one.
    box.send_keys(" có" + Keys.ENTER)
    assert highlighted(browser)[0] == [] and browser.current_url == picker
    WebDriverWait(browser, 10).until(lambda d: box.get_attribute("aria-expanded") == "true")
    box.send_keys(Keys.BACKSPACE * 3)
    WebDriverWait(browser, 10).until(lambda d: len(highlighted(d)[1]) >= 3)
    box.send_keys(Keys.ARROW_DOWN, Keys.ARROW_DOWN)
    WebDriverWait(browser, 10).until(lambda d: highlighted(d)[0] == [1])
    marked, options = highlighted(browser)
    # Enter opens the highlighted procedure's intake form.
    chosen = options[1].find_element(By.TAG_NAME, "a").get_attribute("href")
    box.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(EC.url_contains("procedure="))
    assert browser.current_url == chosen
    code = unquote(chosen.split("procedure=")[1])
    assert browser.find_element(By.CSS_SELECTOR, ".chosen-procedure .code").text == code
    assert browser.find_element(By.ID, "intake-form")


def test_enter_with_nothing_highlighted_only_shows_the_suggestions(browser):
    login(browser, "tiepnhan")
    browser.get(BASE_URL + "/mot-cua/tiep-nhan")
    picker = browser.current_url
    # An earlier choice left in the fallback list (as the browser restores it after Back) must not be what Enter opens.
    browser.execute_script("document.getElementById('procedure-select').selectedIndex = 1;")
    box = browser.find_element(By.ID, "procedure-q")
    box.send_keys("khai sinh" + Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: box.get_attribute("aria-expanded") == "true")
    assert browser.current_url == picker
    marked, options = highlighted(browser)
    assert marked == [] and options
    assert "thủ tục phù hợp" in browser.find_element(By.ID, "procedure-status").text
    box.send_keys(Keys.ENTER)
    assert browser.current_url == picker
    # Too short to search: Enter explains, and still submits nothing.
    box.clear()
    box.send_keys("k" + Keys.ENTER)
    assert browser.current_url == picker
    assert "ít nhất 2 ký tự" in browser.find_element(By.ID, "procedure-status").text


PROCEDURE = "2.000528.000.00.00.H36"
ADDRESS = "12 Trần Phú, Phường 3, Đà Lạt, Lâm Đồng"
CARD = f"079203001234|025123456|Nguyễn Văn An|15081990|Nam|{ADDRESS}|01012022"
CARD_WITHOUT_OLD_ID = "068195001234||Trần Thị Bình|02031995|Nữ|5 Nguyễn Chí Thanh, Phường 1, Đà Lạt|20052021"
NOT_CARDS = [
    "000.00.21.H36-261202-0001",                                                      # a dossier code
    f"079203001234|025123456|Nguyễn Văn An|15081990|Nam|{ADDRESS}",                    # a field missing
    f"07920300123|025123456|Nguyễn Văn An|15081990|Nam|{ADDRESS}|01012022",            # 11 digits
    f"079203001234|02512345|Nguyễn Văn An|15081990|Nam|{ADDRESS}|01012022",            # old ID of 8 digits
    f"079203001234|025123456|Nguyễn Văn An|31021990|Nam|{ADDRESS}|01012022",           # 31 February
    f"079203001234|025123456|Nguyễn Văn An|15081990|Khác|{ADDRESS}|01012022",          # sex
    f"079203001234|025123456|Nguyễn Văn An|15081990|Nam|{ADDRESS}|2022-01-01",         # issue date format
    "",
]


def test_cccd_qr_parser(browser):
    browser.get(BASE_URL + "/thu-tuc")   # any page of ours: the parser is a pure function
    browser.execute_script("""
        const s = document.createElement('script'); s.src = '/js/cccd.js'; document.head.appendChild(s);""")
    parse = lambda text: browser.execute_script("return window.MotCua && window.MotCua.parseCccdQr(arguments[0])", text)
    WebDriverWait(browser, 5).until(lambda d: parse(CARD))
    card = parse(CARD)
    assert card == {"ok": True, "idNumber": "079203001234", "oldIdNumber": "025123456", "fullName": "Nguyễn Văn An",
                    "dateOfBirth": {"iso": "1990-08-15", "text": "15/08/1990"}, "sex": "Nam", "address": ADDRESS,
                    "issueDate": {"iso": "2022-01-01", "text": "01/01/2022"}}, json.dumps(card, ensure_ascii=False)
    card = parse(CARD_WITHOUT_OLD_ID + "\r\n")   # what a scanner may add
    assert card["ok"] and card["oldIdNumber"] == "" and card["idNumber"] == "068195001234"
    assert card["fullName"] == "Trần Thị Bình" and card["sex"] == "Nữ" and card["dateOfBirth"]["text"] == "02/03/1995"
    for text in NOT_CARDS:
        answer = parse(text)
        assert answer["ok"] is False, text
        assert answer["error"].startswith("Nội dung quét được không phải mã QR trên CCCD"), answer


def test_cccd_qr_scan_fills_the_intake_form(browser, screenshots):
    login(browser, "tiepnhan")
    browser.get(f"{BASE_URL}/mot-cua/tiep-nhan?procedure={PROCEDURE}")
    intake = browser.current_url
    scan = browser.find_element(By.ID, "cccd-scan")
    assert browser.find_element(By.CSS_SELECTOR, "label[for=cccd-scan]").text == "Quét mã QR trên CCCD"
    assert scan.get_attribute("name") in (None, ""), "the scan itself is not sent to the server"
    value = lambda name: browser.find_element(By.NAME, name).get_attribute("value")

    # The handheld scanner types the content, then Enter: the applicant is filled in, the form is not submitted.
    scan.send_keys(CARD + Keys.ENTER)
    result = browser.find_element(By.ID, "cccd-result")
    assert browser.current_url == intake
    assert (value("fullName"), value("idNumber"), value("address")) == ("Nguyễn Văn An", "079203001234", ADDRESS)
    assert "alert success" in result.get_attribute("class")
    assert "Đã điền từ CCCD" in result.text and "15/08/1990" in result.text and "CMND cũ 025123456" in result.text
    browser.save_screenshot(str(screenshots / "intake-cccd-filled.png"))

    # Something that is not a CCCD QR: a clear error, nothing changed, nothing submitted.
    scan.send_keys("000.00.21.H36-261202-0001" + Keys.ENTER)
    assert browser.current_url == intake
    assert "alert error" in result.get_attribute("class")
    assert "không phải mã QR trên CCCD" in result.text
    assert value("fullName") == "Nguyễn Văn An"
    browser.save_screenshot(str(screenshots / "intake-cccd-error.png"))

    # A card without an old ID number, pasted: filled at once, no Enter needed.
    browser.execute_script("""
        const scan = arguments[0];
        scan.value = arguments[1];
        scan.dispatchEvent(new InputEvent('input', {inputType: 'insertFromPaste', bubbles: true}));""",
                           scan, CARD_WITHOUT_OLD_ID)
    assert (value("fullName"), value("idNumber")) == ("Trần Thị Bình", "068195001234")
    assert "alert success" in result.get_attribute("class") and "CMND cũ" not in result.text
    scan.send_keys(Keys.ENTER)   # the scanner's Enter after the paste: still nothing submitted
    assert browser.current_url == intake

    # The filled form is accepted as usual.
    for box in browser.find_elements(By.CSS_SELECTOR, "#checklist input[type=checkbox]"):
        if not box.is_selected():
            box.click()
    browser.find_element(By.CSS_SELECTOR, "button[name=outcome][value=accept]").click()
    WebDriverWait(browser, 10).until(EC.url_contains("/phieu/01"))
    assert "Trần Thị Bình" in browser.page_source and "068195001234" in browser.page_source


def test_cccd_scan_field_is_not_offered_without_its_script(browser):
    """Without cccd.js nothing would stop Enter in the scan field from submitting the intake: the field stays hidden."""
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/js/cccd.js"]})
    login(browser, "tiepnhan")
    browser.get(f"{BASE_URL}/mot-cua/tiep-nhan?procedure={PROCEDURE}")
    assert not browser.find_element(By.ID, "cccd-scan").is_displayed()
    assert browser.find_element(By.NAME, "fullName").is_displayed()
