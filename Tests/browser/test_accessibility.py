"""Issue 8: every page of the site, as each role that sees it, under axe-core.

The conftest's listener runs axe-core on every page a driver visits and fails the test at teardown on a serious or
critical finding; this test only has to walk through the pages (and checks that the listener did look at each one).
"""
import datetime
import re

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE_URL, axe_check_again, axe_checked_pages, login

PROCEDURE = "2.000528.000.00.00.H36"   # a procedure of tiepnhan's own agency (Đà Lạt city)
# Five working days: the accepted dossier can be rescheduled (slip 04) at any hour; a same-day procedure cannot,
# since an apology must come a day before the appointment (after midnight Vietnam time the test would fail).
RESCHEDULABLE_PROCEDURE = "1.001669.000.00.00.H36"
CODE_PATTERN = re.compile(r"\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}")


def confirm_if_asked(driver):
    """Answers "OK" to the confirmation an irreversible act asks for, if it asks."""
    try:
        WebDriverWait(driver, 1).until(EC.alert_is_present()).accept()
    except TimeoutException:
        pass


def intake(driver, outcome, name, procedure=PROCEDURE):
    """Receives a dossier at the counter with the given outcome; returns its code (from the slip's address)."""
    driver.get(f"{BASE_URL}/mot-cua/tiep-nhan?procedure={procedure}")
    driver.find_element(By.NAME, "fullName").send_keys(name)
    driver.find_element(By.NAME, "phone").send_keys("0912345678")
    if outcome == "accept":
        for box in driver.find_elements(By.CSS_SELECTOR, "#checklist input[type=checkbox]"):
            if not box.is_selected():
                box.click()
    if outcome == "refuse":
        driver.find_element(By.ID, "refuse-reason").send_keys("Không thuộc thẩm quyền giải quyết.")
    driver.find_element(By.CSS_SELECTOR, f"button[name=outcome][value={outcome}]").click()
    confirm_if_asked(driver)
    WebDriverWait(driver, 10).until(EC.url_contains("/phieu/"))
    return CODE_PATTERN.search(driver.current_url).group(0)


# The electronic office (issue 12): inbox, search, both registers, reports.
DOCUMENT_PAGES = ["/van-ban", "/van-ban/tim-kiem?q=ke+hoach", "/van-ban/so/den", "/van-ban/so/di", "/van-ban/bao-cao"]


def visit(driver, path):
    driver.get(BASE_URL + path)
    assert driver.find_element(By.TAG_NAME, "h1"), path


def test_every_page_as_every_role_passes_axe(browser):
    # Anyone: the public pages, a lookup result, the catalogue and a procedure, the login form, an error page.
    for path in ["/", "/tra-cuu", "/thu-tuc", "/thu-tuc?q=khong+co+thu+tuc+nay", f"/thu-tuc/{PROCEDURE}",
                 "/dang-nhap", "/khong-co-trang-nay"]:
        visit(browser, path)

    login(browser, "tiepnhan", "mat-khau-sai")   # the login form with its error
    assert browser.find_element(By.CSS_SELECTOR, ".alert.error")

    # The counter: desk, picker, intake form, one dossier of each outcome and every slip they have.
    login(browser, "tiepnhan")
    for path in ["/", "/mot-cua", "/mot-cua/tiep-nhan", "/mot-cua/tiep-nhan?q=khai+sinh",
                 f"/mot-cua/tiep-nhan?procedure={PROCEDURE}", "/mot-cua/tra-ket-qua", "/xu-ly"]:
        visit(browser, path)
    # The intake form as the server sends it back with an error (neither an identity number nor a phone number).
    browser.get(f"{BASE_URL}/mot-cua/tiep-nhan?procedure={PROCEDURE}")
    browser.find_element(By.NAME, "fullName").send_keys("Không Có Số")
    browser.find_element(By.CSS_SELECTOR, "button[name=outcome][value=accept]").click()
    assert browser.find_element(By.ID, "intake-error")
    accepted = intake(browser, "accept", "Lê Văn Cường", RESCHEDULABLE_PROCEDURE)
    incomplete = intake(browser, "incomplete", "Phạm Thị Dung")
    refused = intake(browser, "refuse", "Hoàng Văn Em")
    for code, forms in [(accepted, ["01", "05"]), (incomplete, ["02"]), (refused, ["03"])]:
        for form in forms:
            browser.get(f"{BASE_URL}/ho-so/{code}/phieu/{form}")
            assert browser.find_element(By.ID, "slip")
        visit(browser, f"/ho-so/{code}")
    visit(browser, f"/mot-cua/tra-ket-qua?ma={accepted}")
    visit(browser, "/mot-cua")

    # The public lookup of a dossier.
    browser.delete_all_cookies()
    visit(browser, f"/tra-cuu/{accepted}")

    # Processing: the specialist starts the accepted dossier and reschedules it (slip 04), the inbox in each tab.
    login(browser, "chuyenvien")
    for path in ["/", "/thu-tuc", "/xu-ly", "/xu-ly?status=all", "/xu-ly?q=L%C3%AA+V%C4%83n"]:
        visit(browser, path)
    # Each urgency badge as the inbox shows it, whether or not today's data has a dossier of that urgency.
    browser.execute_script("""
        var samples = document.createElement('p');
        [['overdue', 'Quá hạn'], ['today', 'Đến hạn hôm nay'], ['soon', 'Sắp đến hạn']].forEach(function (u) {
          var badge = document.createElement('span');
          badge.className = 'badge urgency-' + u[0];
          badge.textContent = u[1];
          samples.appendChild(badge);
        });
        document.querySelector('main').appendChild(samples);""")
    axe_check_again(browser)
    tabs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "nav.tabs a")]
    for href in tabs:
        browser.get(href)
    visit(browser, f"/ho-so/{accepted}")
    form = browser.find_element(By.ID, "form-start")
    form.find_element(By.XPATH, "./ancestor::details[1]/summary").click()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    confirm_if_asked(browser)
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "notice")))
    reschedule = browser.find_element(By.ID, "form-reschedule")
    reschedule.find_element(By.XPATH, "./ancestor::details[1]/summary").click()
    date_input = reschedule.find_element(By.NAME, "newAppointment")
    earliest = date_input.get_attribute("min") or datetime.date.today().isoformat()
    # Three weeks on, on a weekday: surely after the appointment (five working days from an intake after the cut-off
    # may end a week later) and never a weekend (the earliest date is tomorrow, a Saturday on Fridays).
    later_day = datetime.date.fromisoformat(earliest) + datetime.timedelta(days=21)
    while later_day.weekday() >= 5:
        later_day += datetime.timedelta(days=1)
    later = later_day.isoformat()
    browser.execute_script("arguments[0].value = arguments[1];", date_input, later)
    reschedule.find_element(By.NAME, "reason").send_keys("Cần xác minh thêm thông tin với cơ quan khác.")
    reschedule.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    confirm_if_asked(browser)
    # The answer is slip 04 itself, or the dossier page with a link to it.
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.ID, "slip") or d.find_elements(By.ID, "dossier-status"))
    if not browser.find_elements(By.ID, "slip"):
        browser.find_element(By.CSS_SELECTOR, "ul.slips a[href$='/phieu/04']").click()
    assert browser.find_element(By.ID, "slip")

    # The leader: inbox, the dossier, statistics.
    login(browser, "lanhdao")
    for path in ["/", "/xu-ly", f"/ho-so/{accepted}", "/thong-ke"]:
        visit(browser, path)
    # The clerk.
    login(browser, "vanthu")
    for path in ["/", "/xu-ly"] + DOCUMENT_PAGES + ["/van-ban/den/moi"]:
        visit(browser, path)
    # The electronic office as the leader and the specialist see it.
    for user in ["lanhdao", "chuyenvien"]:
        login(browser, user)
        for path in DOCUMENT_PAGES:
            visit(browser, path)
    visit(browser, "/van-ban/di/moi")

    # The administrator: every administration page, and the edit form of a procedure.
    login(browser, "quantri")
    for path in ["/", "/quan-tri", "/quan-tri/co-quan", "/quan-tri/co-quan/000.00.21.H36", "/quan-tri/nguoi-dung",
                 "/quan-tri/nguoi-dung?q=tiep", "/quan-tri/nguoi-dung/tiepnhan", "/quan-tri/thu-tuc",
                 "/quan-tri/thu-tuc/moi", f"/quan-tri/thu-tuc/{PROCEDURE}", "/quan-tri/lich-nghi", "/quan-tri/nhat-ky",
                 "/quan-tri/thu-da-gui", "/quan-tri/tin-nhan-da-gui", "/quan-tri/hang-cho"]:
        visit(browser, path)

    checked = axe_checked_pages(browser)
    for expected in ["/tra-cuu", f"/tra-cuu/{accepted}", "/thu-tuc", f"/thu-tuc/{PROCEDURE}", "/mot-cua",
                     f"/mot-cua/tiep-nhan?procedure={PROCEDURE}", f"/ho-so/{accepted}/phieu/01",
                     f"/ho-so/{incomplete}/phieu/02", f"/ho-so/{refused}/phieu/03", f"/ho-so/{accepted}/phieu/04",
                     f"/ho-so/{accepted}/phieu/05",
                     "/xu-ly", f"/ho-so/{accepted}", "/thong-ke", "/quan-tri", "/quan-tri/co-quan",
                     "/quan-tri/co-quan/000.00.21.H36", "/quan-tri/nguoi-dung", "/quan-tri/nguoi-dung/tiepnhan",
                     "/quan-tri/thu-tuc", "/quan-tri/thu-tuc/moi", f"/quan-tri/thu-tuc/{PROCEDURE}",
                     "/quan-tri/lich-nghi", "/quan-tri/nhat-ky", "/quan-tri/thu-da-gui", "/quan-tri/tin-nhan-da-gui",
                     "/quan-tri/hang-cho"] + DOCUMENT_PAGES + ["/van-ban/den/moi", "/van-ban/di/moi"]:
        assert any(url.split("#")[0].endswith(expected) or (BASE_URL + expected) in url for url in checked), \
            f"axe did not look at {expected}"
