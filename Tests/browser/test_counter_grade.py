"""Counter-grade one-stop shop, clicked through as the officers would: supplements received at the counter, the
confirmations before irreversible acts, the return desk and who collected, the inbox ('Của tôi', search, assignment,
pager), slip 04's signer and date line, the statistics table that adds up, and the public pages.

Each test makes the dossiers it needs (through the counter) so that it can run alone and again on the same demo.
"""
import base64
import datetime
import random
import re
import struct
import tempfile
import unicodedata
import zlib
from pathlib import Path

from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from conftest import BASE_URL, login, wait

CODE = re.compile(r"\d{3}\.\d{2}\.\d{2}\.H\d{2}-\d{6}-\d{4}")
# Procedures of the demo catalogue (README: Lâm Đồng's 61 real procedures).
KHAI_SINH = "Đăng ký khai sinh"                                               # UBND Phường 1, several components
CITY_PROCEDURE = "Cấp giấy phép sửa chữa, cải tạo nhà ở riêng lẻ tại đô thị"  # UBND thành phố Đà Lạt itself, 15 days
CITY_AGENCY = "Ủy ban nhân dân thành phố Đà Lạt"
JUSTICE_PROCEDURE = "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản"  # Phòng Tư pháp thành phố Đà Lạt
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Đức", "Ngọc", "Thanh", "Minh", "Quốc", "Thùy"]
GIVEN = ["Đạt", "Hường", "Tuấn", "Phượng", "Dũng", "Ánh", "Hiếu", "Yến", "Lộc", "Quỳnh", "Thắng", "Nhàn"]


def applicant_name():
    return " ".join((random.choice(FAMILY), random.choice(MIDDLE), random.choice(GIVEN)))


def cccd():
    """A well-formed CCCD number: province 068 (Lâm Đồng), sex/century digit, year of birth, six digits."""
    return f"068{random.choice('01')}{random.randint(60, 99)}" + "".join(random.choice("0123456789") for _ in range(6))


def without_diacritics(text):
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def parse_number(text):
    """'3.000' → 3000 (Vietnamese thousands separator)."""
    digits = text.strip().replace(".", "")
    assert digits.isdigit(), f"not a count: {text!r}"
    return int(digits)


def parse_vn_datetime(text):
    """'17:00 ngày 16/12/2026' → datetime."""
    match = re.search(r"(\d{1,2}):(\d{2}) ngày (\d{2})/(\d{2})/(\d{4})", text)
    assert match, f"no date in {text!r}"
    hour, minute, day, month, year = map(int, match.groups())
    return datetime.datetime(year, month, day, hour, minute)


def png_file(directory):
    """A real (tiny) PNG: signature, IHDR, IDAT, IEND."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    width, height = 4, 4
    raw = b"".join(b"\x00" + b"\xff\x80\x00" * width for _ in range(height))
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    assert data.endswith(b"IEND\xaeB`\x82")
    path = Path(directory) / "ban-chup-giay-chung-sinh.png"
    path.write_bytes(data)
    return path


def code_in_url(driver):
    match = CODE.search(driver.current_url)
    assert match, driver.current_url
    return match.group(0)


def answer_confirm(driver, expected, accept):
    """Waits for the window.confirm, checks its text contains `expected`, accepts or dismisses it; returns the text."""
    alert = wait(driver, 5).until(EC.alert_is_present())
    text = alert.text
    assert expected in text, text
    if accept:
        alert.accept()
    else:
        alert.dismiss()
    return text


def no_alert(driver):
    try:
        driver.switch_to.alert
        return False
    except NoAlertPresentException:
        return True


def open_action(driver, form_id):
    """Opens the <details> holding the form (a click on its summary, as a user does) and returns the form."""
    form = driver.find_element(By.ID, form_id)
    details = form.find_element(By.XPATH, "./ancestor::details[1]")
    if details.get_attribute("open") is None:
        summary = details.find_element(By.TAG_NAME, "summary")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", summary)
        summary.click()
    wait(driver).until(lambda d: form.is_displayed())
    return form


def submit(driver, form):
    button = form.find_element(By.CSS_SELECTOR, "button[type=submit]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    button.click()


def snap(driver, screenshots, name):
    """A screenshot of the whole page (the window is made as tall as the document for it), from the top; in a folder
    per server (two runs against two demos at once do not overwrite each other's)."""
    folder = screenshots / ("counter-grade-" + re.sub(r"[^A-Za-z0-9]+", "-", BASE_URL.split("//")[-1]).strip("-"))
    folder.mkdir(exist_ok=True)
    size = driver.get_window_size()
    height = driver.execute_script("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight);")
    driver.set_window_size(size["width"], min(max(height + 140, size["height"]), 5000))
    driver.execute_script("window.scrollTo(0, 0);")
    driver.save_screenshot(str(folder / name))
    driver.set_window_size(size["width"], size["height"])


def one_line(driver, element):
    """True if the element's text takes a single line (its height is at most one and a half line-heights)."""
    height, line_height = driver.execute_script(
        "var s = getComputedStyle(arguments[0]); var lh = parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.2;"
        "return [arguments[0].getBoundingClientRect().height, lh];", element)
    return height <= line_height * 1.5


def body_text(driver):
    return driver.find_element(By.TAG_NAME, "body").text


def timeline_text(driver):
    return driver.find_element(By.ID, "timeline").text


def choose_procedure(driver, query, name):
    """At /mot-cua: 'Tiếp nhận hồ sơ mới', types in the picker, clicks the suggestion named exactly `name`."""
    driver.get(BASE_URL + "/mot-cua")
    driver.find_element(By.LINK_TEXT, "Tiếp nhận hồ sơ mới").click()
    box = wait(driver).until(EC.visibility_of_element_located((By.ID, "procedure-q")))
    box.send_keys(query)
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#procedure-results [role=option] a"))

    def find(d):
        for link in d.find_elements(By.CSS_SELECTOR, "#procedure-results [role=option] a"):
            code = link.find_element(By.CSS_SELECTOR, ".code").text.strip()
            if link.text.replace(code, "").strip() == name:
                return link
        return False
    link = wait(driver).until(find)
    link.click()
    wait(driver).until(EC.presence_of_element_located((By.ID, "intake-form")))
    assert driver.find_element(By.ID, "chosen-name").text == name


def fill_applicant(driver, name, id_number, phone="0912345678"):
    form = driver.find_element(By.ID, "intake-form")
    for field, value in (("fullName", name), ("idNumber", id_number), ("phone", phone)):
        box = form.find_element(By.NAME, field)
        box.clear()
        box.send_keys(value)
    return form


def tick_checklist(driver, which):
    """Ticks the checklist lines whose positions are in `which` (None = all) and unticks the others."""
    boxes = driver.find_elements(By.CSS_SELECTOR, "#checklist input[type=checkbox]")
    for i, box in enumerate(boxes):
        want = which is None or i in which
        if box.is_selected() != want:
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", box)
            box.click()
    return boxes


def intake(driver, query, name, outcome="accept", applicant=None, reason=None):
    """A complete intake at the counter (already logged in as a receptionist); returns (code, applicant name)."""
    applicant = applicant or applicant_name()
    choose_procedure(driver, query, name)
    fill_applicant(driver, applicant, cccd())
    tick_checklist(driver, None if outcome == "accept" else [0])
    if reason:
        driver.find_element(By.ID, "refuse-reason").send_keys(reason)
    button = driver.find_element(By.CSS_SELECTOR, f"button[name=outcome][value={outcome}]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    button.click()
    if outcome == "refuse":
        answer_confirm(driver, "mẫu 03", accept=True)
    slip = {"accept": "/phieu/01", "incomplete": "/phieu/02", "refuse": "/phieu/03"}[outcome]
    wait(driver).until(EC.url_contains(slip))
    return code_in_url(driver), applicant


def desk_counts(driver):
    driver.get(BASE_URL + "/mot-cua")
    return driver.find_element(By.ID, "desk-counts").text


def next_working_day(day, plus):
    day = day + datetime.timedelta(days=plus)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def appointment_on_page(driver):
    """The 'Ngày hẹn trả' of the dossier page's summary."""
    for row in driver.find_elements(By.CSS_SELECTOR, ".dossier-main dl.facts > div"):
        if row.find_element(By.TAG_NAME, "dt").text.strip() == "Ngày hẹn trả":
            return parse_vn_datetime(row.find_element(By.TAG_NAME, "dd").text)
    raise AssertionError("no 'Ngày hẹn trả' on " + driver.current_url)


def reschedule(driver, code, reason, screenshots, shot):
    """On the dossier page (specialist): starts processing if needed, then reschedules; returns at slip 04."""
    driver.get(f"{BASE_URL}/ho-so/{code}")
    if driver.find_elements(By.ID, "form-start"):
        submit(driver, open_action(driver, "form-start"))
        wait(driver).until(lambda d: d.find_element(By.ID, "dossier-status").text == "Đang xử lý")
    old = appointment_on_page(driver)
    assert (old.date() - datetime.date.today()).days >= 2, f"appointment {old} is too close to reschedule"
    form = open_action(driver, "form-reschedule")
    new_day = next_working_day(old.date(), 7)
    date_box = form.find_element(By.NAME, "newAppointment")
    driver.execute_script("arguments[0].value = arguments[1];", date_box, new_day.isoformat())
    form.find_element(By.NAME, "reason").send_keys(reason)
    snap(driver, screenshots, f"{shot}-form.png")
    submit(driver, form)
    answer_confirm(driver, "một lần", accept=True)
    wait(driver).until(EC.url_contains("/phieu/04"))
    return old, new_day


# 1 ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────

def test_supplement_received_at_the_counter(browser, screenshots):
    login(browser, "tiepnhan")
    choose_procedure(browser, "khai sinh", KHAI_SINH)
    name, id_number = applicant_name(), cccd()
    fill_applicant(browser, name, id_number, "0987654321")
    boxes = tick_checklist(browser, [0])
    assert len(boxes) >= 2, "the procedure has several components"
    first = browser.execute_script(
        "return arguments[0].closest('label').querySelector('span').firstChild.textContent.trim();", boxes[0])
    snap(browser, screenshots, "grade-1-intake-incomplete.png")
    browser.find_element(By.CSS_SELECTOR, "button[name=outcome][value=incomplete]").click()
    wait(browser).until(EC.url_contains("/phieu/02"))
    code = code_in_url(browser)
    slip = browser.find_element(By.ID, "slip")
    assert slip.get_attribute("data-form") == "02"
    assert name in slip.text and code in slip.text
    snap(browser, screenshots, "grade-1-slip-02.png")

    # The dossier page from the slip's toolbar; the supplement brought back at the counter.
    browser.find_element(By.LINK_TEXT, "Xem hồ sơ").click()
    wait(browser).until(EC.url_to_be(f"{BASE_URL}/ho-so/{code}"))
    # Every slip the page offers opens (none is a dead link while the dossier waits for its supplement).
    slips = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "ul.slips a")]
    statuses = browser.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "Promise.all(arguments[0].map(function (u) { return fetch(u).then(function (r) { return [u, r.status]; }); }))"
        ".then(done);", slips)
    dead_slips = [(url, status) for url, status in statuses if status != 200]   # asserted at the end
    form = open_action(browser, "form-supplement")
    provided = form.find_elements(By.NAME, "provided")
    assert provided, "the papers still missing are listed to be ticked"
    ticked = []
    for box in provided:
        if not box.is_selected():
            box.click()
        ticked.append(browser.execute_script(
            "var l = arguments[0].closest('label').cloneNode(true);"
            "l.querySelectorAll('.muted').forEach(function (e) { e.remove(); }); return l.textContent.trim();", box))
    assert first not in ticked, "the paper brought at intake is not asked again"
    with tempfile.TemporaryDirectory() as directory:
        scan = png_file(directory)
        form.find_element(By.NAME, "supplementFiles").send_keys(str(scan))
        form.find_element(By.NAME, "note").send_keys("Công dân bổ sung đủ giấy tờ tại quầy.")
        snap(browser, screenshots, "grade-1-supplement-form.png")
        submit(browser, form)
        wait(browser).until(EC.staleness_of(form))
    assert browser.current_url.split("?")[0] == f"{BASE_URL}/ho-so/{code}"
    assert not browser.find_elements(By.ID, "error"), browser.find_element(By.ID, "error").text
    attachments = browser.find_element(By.CSS_SELECTOR, "ul.attachments").text
    assert ".png" in attachments, attachments
    snap(browser, screenshots, "grade-1-after-supplement.png")

    # Accepting now: the browser lands on slip 01, which lists everything received (at intake and as supplement).
    form = open_action(browser, "form-accept")
    submit(browser, form)
    wait(browser).until(EC.url_contains(f"/ho-so/{code}/phieu/01"))
    rows = [td.text.strip() for td in browser.find_elements(By.CSS_SELECTOR, "#slip table.items tbody td:nth-child(2)")]
    snap(browser, screenshots, "grade-1-slip-01.png")
    assert first in rows, rows
    for paper in ticked:
        assert paper in rows, (paper, rows)
    assert len(rows) == 1 + len(ticked), rows
    assert name in browser.find_element(By.ID, "slip").text
    # The slips listed on the dossier page while it waited for the supplement all opened.
    assert not dead_slips, f"the dossier page links to slips that answer 404: {dead_slips}"


# 2 ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────

def test_confirmation_before_irreversible_acts(browser, screenshots):
    login(browser, "tiepnhan")
    before = desk_counts(browser)
    choose_procedure(browser, "khai sinh", KHAI_SINH)
    intake_url = browser.current_url
    name = applicant_name()
    fill_applicant(browser, name, cccd())
    tick_checklist(browser, [0])
    browser.find_element(By.ID, "refuse-reason").send_keys("Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan.")
    browser.find_element(By.ID, "refuse-button").click()
    text = answer_confirm(browser, "mẫu 03", accept=False)
    assert "Từ chối" in text
    assert no_alert(browser)
    assert browser.current_url == intake_url
    assert browser.find_element(By.ID, "intake-form").is_displayed()
    assert browser.find_element(By.NAME, "fullName").get_attribute("value") == name
    snap(browser, screenshots, "grade-2-refuse-dismissed.png")
    assert desk_counts(browser) == before, "dismissing the confirmation must not create a dossier"

    # Again, accepting this time: slip 03.
    browser.get(intake_url)
    fill_applicant(browser, name, cccd())
    browser.find_element(By.ID, "refuse-reason").send_keys("Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan.")
    browser.find_element(By.ID, "refuse-button").click()
    answer_confirm(browser, "mẫu 03", accept=True)
    wait(browser).until(EC.url_contains("/phieu/03"))
    assert browser.find_element(By.ID, "slip").get_attribute("data-form") == "03"
    assert "không thuộc thẩm quyền" in browser.find_element(By.ID, "slip").text
    snap(browser, screenshots, "grade-2-slip-03.png")

    # Rescheduling asks before it is done: dismissing leaves the dossier as it was.
    code, _ = intake(browser, CITY_PROCEDURE, CITY_PROCEDURE)
    login(browser, "chuyenvien")
    browser.get(f"{BASE_URL}/ho-so/{code}")
    submit(browser, open_action(browser, "form-start"))
    wait(browser).until(lambda d: d.find_element(By.ID, "dossier-status").text == "Đang xử lý")
    old = appointment_on_page(browser)
    form = open_action(browser, "form-reschedule")
    browser.execute_script("arguments[0].value = arguments[1];", form.find_element(By.NAME, "newAppointment"),
                           next_working_day(old.date(), 7).isoformat())
    form.find_element(By.NAME, "reason").send_keys("Cần xác minh thêm hiện trạng công trình.")
    submit(browser, form)
    text = answer_confirm(browser, "một lần", accept=False)
    assert code in text
    assert browser.current_url.split("?")[0] == f"{BASE_URL}/ho-so/{code}"
    browser.get(f"{BASE_URL}/ho-so/{code}")
    assert appointment_on_page(browser) == old
    assert "Gia hạn" not in timeline_text(browser)
    assert browser.find_elements(By.ID, "form-reschedule"), "still possible: nothing was done"
    snap(browser, screenshots, "grade-2-reschedule-dismissed.png")
    # (The return desk's confirmation is checked in test_return_desk.)


# 3 ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────

def waiting_rows(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#waiting-table tbody tr")


def resolved_dossier(driver):
    """A dossier taken to 'Đã giải quyết' through the pages: accepted at the counter, started and resolved by the
    leader (for when earlier runs have already returned every result the demo had waiting)."""
    login(driver, "tiepnhan")
    code, _ = intake(driver, CITY_PROCEDURE, CITY_PROCEDURE)
    login(driver, "lanhdao")
    driver.get(f"{BASE_URL}/ho-so/{code}")
    submit(driver, open_action(driver, "form-start"))
    wait(driver).until(lambda d: d.find_element(By.ID, "dossier-status").text == "Đang xử lý")
    submit(driver, open_action(driver, "form-resolve"))
    answer_confirm(driver, "giải quyết xong", accept=True)
    wait(driver).until(lambda d: d.find_element(By.ID, "dossier-status").text == "Đã giải quyết")
    return code


def open_return_desk(driver):
    login(driver, "tiepnhan")
    driver.get(BASE_URL + "/mot-cua")
    driver.find_element(By.LINK_TEXT, "Trả kết quả").click()
    wait(driver).until(EC.url_contains("/mot-cua/tra-ket-qua"))
    assert driver.find_element(By.CSS_SELECTOR, "#return-waiting h2").text == "Kết quả chờ trả"


def test_return_desk(browser, screenshots):
    open_return_desk(browser)
    if not browser.find_elements(By.ID, "waiting-table"):
        resolved_dossier(browser)
        open_return_desk(browser)
    rows = waiting_rows(browser)
    assert rows, "results waiting to be collected"
    snap(browser, screenshots, "grade-3-waiting.png")
    # Oldest first (by the time the result was ready).
    resolved = [parse_vn_datetime(row.find_elements(By.TAG_NAME, "td")[3].text) for row in rows]
    assert resolved == sorted(resolved), resolved
    # Rows marked as missed appointments carry the badge, and only they.
    for row in rows:
        marked = "collection-overdue" in (row.get_attribute("class") or "")
        assert marked == ("Quá hẹn, chưa đến nhận" in row.text), row.text
        if marked:
            appointment = parse_vn_datetime(row.find_elements(By.TAG_NAME, "td")[4].text)
            assert appointment < datetime.datetime.now() + datetime.timedelta(hours=7), row.text

    # The oldest: its panel, with the return form.
    link = rows[0].find_element(By.CSS_SELECTOR, "td a")
    code = link.text.strip()
    link.click()
    wait(browser).until(EC.presence_of_element_located((By.ID, "return-form")))
    panel = browser.find_element(By.ID, "return-dossier")
    applicant = None
    for row in panel.find_elements(By.CSS_SELECTOR, "dl.facts > div"):
        if row.find_element(By.TAG_NAME, "dt").text == "Người nộp":
            applicant = row.find_element(By.TAG_NAME, "dd").text
    assert applicant
    collector = browser.find_element(By.ID, "collector")
    name_box = browser.find_element(By.ID, "collector-name")
    assert name_box.get_attribute("value") == applicant, "the collector is prefilled with the applicant"
    snap(browser, screenshots, "grade-3-return-form.png")

    # By post: the collector fieldset hides (and comes back for the counter).
    post = browser.find_element(By.CSS_SELECTOR, "#return-form input[name=delivery][value=post]")
    counter = browser.find_element(By.CSS_SELECTOR, "#return-form input[name=delivery][value=counter]")
    post.click()
    wait(browser).until(lambda d: not collector.is_displayed())
    assert browser.find_element(By.ID, "tracking-number").is_displayed()
    snap(browser, screenshots, "grade-3-return-by-post.png")
    counter.click()
    wait(browser).until(lambda d: collector.is_displayed())

    # A proxy collects; the confirmation, dismissed first, then accepted.
    name_box.clear()
    name_box.send_keys("Trần Văn Bình")
    id_box = browser.find_element(By.ID, "collector-id")
    id_box.clear()
    id_box.send_keys("079203001234")
    proxy = browser.find_element(By.ID, "collector-proxy")
    if not proxy.is_selected():
        proxy.click()
    form = browser.find_element(By.ID, "return-form")
    button = form.find_element(By.XPATH, ".//button[normalize-space()='Xác nhận đã trả kết quả']")
    button.click()
    answer_confirm(browser, code, accept=False)
    assert browser.find_element(By.ID, "return-form").is_displayed(), "dismissed: nothing happened"
    button.click()
    answer_confirm(browser, "Xác nhận đã trả kết quả", accept=True)
    notice = wait(browser).until(EC.presence_of_element_located((By.ID, "return-notice")))
    assert notice.text.startswith("Đã trả kết quả hồ sơ"), notice.text
    assert code in notice.text
    snap(browser, screenshots, "grade-3-returned.png")

    collected = "Người nhận: Trần Văn Bình, số định danh 079203001234 (nhận thay theo giấy ủy quyền)"
    browser.get(f"{BASE_URL}/ho-so/{code}")
    assert browser.find_element(By.ID, "dossier-status").text == "Đã trả kết quả"
    assert collected in timeline_text(browser), timeline_text(browser)
    snap(browser, screenshots, "grade-3-dossier-returned.png")
    browser.get(f"{BASE_URL}/ho-so/{code}/phieu/05")
    assert "Trần Văn Bình, số định danh 079203001234 (nhận thay theo giấy ủy quyền)" in browser.find_element(By.ID, "slip").text
    snap(browser, screenshots, "grade-3-slip-05.png")

    # The public page: no identity number of the collector.
    browser.delete_all_cookies()
    browser.get(f"{BASE_URL}/tra-cuu/{code}")
    page = body_text(browser)
    assert code in page and "Đã trả kết quả" in page
    assert "079203001234" not in browser.page_source
    snap(browser, screenshots, "grade-3-public.png")


# 4 ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────

def inbox_codes(driver):
    return [row.get_attribute("data-code") for row in driver.find_elements(By.CSS_SELECTOR, "#inbox-table tbody tr")]


def inbox_search(driver, text):
    box = driver.find_element(By.CSS_SELECTOR, "form[role=search] input[name=q]")
    box.clear()
    box.send_keys(text)
    driver.find_element(By.CSS_SELECTOR, "form[role=search] button[type=submit]").click()
    wait(driver).until(EC.url_contains("q="))


def test_inbox_mine_search_assignment_and_pager(browser, screenshots):
    # A dossier nobody is assigned to yet: just accepted at the counter.
    login(browser, "tiepnhan")
    fresh, fresh_applicant = intake(browser, CITY_PROCEDURE, CITY_PROCEDURE)

    login(browser, "chuyenvien")
    browser.get(BASE_URL + "/xu-ly")
    tabs = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "nav.tabs a")]
    assert tabs == ["Của tôi", "Của cơ quan", "Của đơn vị"], tabs
    browser.find_element(By.LINK_TEXT, "Của tôi").click()
    wait(browser).until(EC.url_contains("tab=cua-toi"))
    mine = inbox_codes(browser)
    assert mine, "the demo assigns dossiers to Lê Văn Phúc"
    for row in browser.find_elements(By.CSS_SELECTOR, "#inbox-table tbody tr"):
        assert row.find_element(By.CSS_SELECTOR, ".assignee").text == "Giao: Lê Văn Phúc", row.text
    assert fresh not in mine
    snap(browser, screenshots, "grade-4-mine.png")

    # Codes never wrap in the table.
    for link in browser.find_elements(By.CSS_SELECTOR, "#inbox-table tbody a.code"):
        lines, height, line_height, white_space = browser.execute_script(
            "var s = getComputedStyle(arguments[0]); var lh = parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.2;"
            "return [arguments[0].getClientRects().length, arguments[0].getBoundingClientRect().height, lh, s.whiteSpace];",
            link)
        assert lines == 1 and height <= line_height * 1.5, (link.text, lines, height, line_height, white_space)

    # Search by part of the code of a returned dossier, from the "Đang giải quyết" filter: found anyway.
    browser.get(BASE_URL + "/xu-ly?tab=cua-don-vi&status=10")
    returned = inbox_codes(browser)
    assert returned, "the demo has returned dossiers"
    target = returned[-1]
    browser.get(BASE_URL + "/xu-ly")
    current = browser.find_element(By.CSS_SELECTOR, "#status-chips .chip.current").text
    assert current.startswith("Đang giải quyết"), current
    part = target.split("-", 1)[1]          # "261119-0001"
    inbox_search(browser, part)
    assert target in inbox_codes(browser), (part, inbox_codes(browser))
    summary = browser.find_element(By.ID, "inbox-summary").text
    assert summary.startswith(f"Kết quả tìm “{part}” trong mọi trạng thái"), summary
    snap(browser, screenshots, "grade-4-search-code.png")

    # Search by the applicant's name typed without diacritics.
    browser.get(BASE_URL + "/xu-ly?tab=cua-toi")
    row = browser.find_element(By.CSS_SELECTOR, "#inbox-table tbody tr")
    wanted_code = row.get_attribute("data-code")
    name = row.find_element(By.CSS_SELECTOR, "td[data-label='Người nộp']").text
    plain = without_diacritics(name)
    assert plain != name or name.isascii()
    inbox_search(browser, plain)
    assert wanted_code in inbox_codes(browser), (plain, inbox_codes(browser))
    for found in browser.find_elements(By.CSS_SELECTOR, "#inbox-table tbody td[data-label='Người nộp']"):
        # Every word typed is found in the name (the search matches words, so "Huong" also finds "Phương").
        found_plain = without_diacritics(found.text).lower()
        assert all(word in found_plain for word in plain.lower().split()), (plain, found.text)
    snap(browser, screenshots, "grade-4-search-name.png")

    # The leader assigns the fresh dossier to Lê Văn Phúc.
    login(browser, "lanhdao")
    browser.get(BASE_URL + "/xu-ly")
    browser.find_element(By.XPATH, "//nav[@id='status-chips']/a[starts-with(normalize-space(), 'Đã tiếp nhận')]").click()
    wait(browser).until(EC.url_contains("status=2"))
    assert fresh in inbox_codes(browser)
    row = browser.find_element(By.CSS_SELECTOR, f"#inbox-table tbody tr[data-code='{fresh}']")
    assert not row.find_elements(By.CSS_SELECTOR, ".assignee"), "nobody assigned yet"
    row.find_element(By.CSS_SELECTOR, "a.code").click()
    wait(browser).until(EC.url_contains(f"/ho-so/{fresh}"))
    form = open_action(browser, "form-assign")
    assert browser.find_element(By.ID, "assignee-now").text == "chưa phân công"
    select = form.find_element(By.NAME, "assignee")
    option = select.find_element(By.XPATH, ".//option[starts-with(normalize-space(), 'Lê Văn Phúc')]")
    option.click()
    form.find_element(By.NAME, "note").send_keys("Đề nghị kiểm tra hiện trạng trước ngày 10.")
    submit(browser, form)
    notice = wait(browser).until(EC.presence_of_element_located((By.ID, "notice")))
    assert notice.text == "Đã giao hồ sơ cho Lê Văn Phúc.", notice.text
    timeline = timeline_text(browser)
    assert "Phân công xử lý" in timeline and "Giao cho Lê Văn Phúc." in timeline, timeline
    snap(browser, screenshots, "grade-4-assigned.png")

    login(browser, "chuyenvien")
    browser.get(BASE_URL + "/xu-ly?tab=cua-toi")
    assert fresh in inbox_codes(browser)
    row = browser.find_element(By.CSS_SELECTOR, f"#inbox-table tbody tr[data-code='{fresh}']")
    assert fresh_applicant in row.text

    # The pager.
    browser.get(BASE_URL + "/xu-ly?tab=cua-don-vi&status=all")
    pager = browser.find_element(By.CSS_SELECTOR, "nav.pager")
    assert "‹ Trước" not in pager.text
    snap(browser, screenshots, "grade-4-pager-1.png")
    pager.find_element(By.LINK_TEXT, "Sau ›").click()
    wait(browser).until(EC.url_contains("page=2"))
    pager = browser.find_element(By.CSS_SELECTOR, "nav.pager")
    assert "‹ Trước" in pager.text and pager.find_element(By.CSS_SELECTOR, ".current").text == "2"
    snap(browser, screenshots, "grade-4-pager-2.png")


# 5 ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────

def slip_checks(driver, reason):
    signer = driver.find_element(By.ID, "slip-signer").text
    dateline = driver.find_element(By.CSS_SELECTOR, "#slip .dateline").text
    printed = driver.find_element(By.CSS_SELECTOR, "#slip .reason").text
    assert dateline.startswith("Đà Lạt, ngày "), dateline
    assert printed == reason, (printed, reason)
    assert ".." not in printed
    assert driver.find_element(By.ID, "slip").text.count(reason.rstrip(".")) == 1
    assert "Lê Văn Phúc" not in signer, signer
    return [line.strip() for line in signer.splitlines() if line.strip()]


def test_slip_04_signer_and_date_line(browser, screenshots):
    login(browser, "tiepnhan")
    city, _ = intake(browser, CITY_PROCEDURE, CITY_PROCEDURE)
    justice, _ = intake(browser, "tài sản là động sản", JUSTICE_PROCEDURE)

    login(browser, "chuyenvien")
    reason = "Cần lấy ý kiến của Phòng Quản lý đô thị về hiện trạng công trình."
    reschedule(browser, city, reason, screenshots, "grade-5-city")
    slip_text = browser.find_element(By.ID, "slip").text
    snap(browser, screenshots, "grade-5-slip-04-city.png")
    assert CITY_AGENCY in slip_text
    signer = slip_checks(browser, reason)
    assert signer[0] == "KT. CHỦ TỊCH", signer
    assert signer[1] == "PHÓ CHỦ TỊCH", signer
    assert signer[-1] == "Trần Thị Hồng", signer

    # Print: one A5 sheet (the print stylesheet; Chromium's PDF of the page under print media).
    pdf = base64.b64decode(browser.execute_cdp_cmd(
        "Page.printToPDF", {"paperWidth": 5.83, "paperHeight": 8.27, "preferCSSPageSize": True})["data"])
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1, f"slip 04 prints on {pages} pages"

    reason = "Chờ kết quả xác minh chữ ký của bên giao kết hợp đồng."
    reschedule(browser, justice, reason, screenshots, "grade-5-justice")
    snap(browser, screenshots, "grade-5-slip-04-justice.png")
    assert "Phòng Tư pháp thành phố Đà Lạt" in browser.find_element(By.ID, "slip").text
    signer = slip_checks(browser, reason)
    assert "TRƯỞNG PHÒNG" in signer or "Võ Thị Ngọc Anh" in signer, signer


# 6 ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────

def test_statistics_add_up(browser, screenshots):
    login(browser, "lanhdao")
    browser.get(BASE_URL + "/thong-ke")
    table = browser.find_element(By.ID, "stats-children")
    snap(browser, screenshots, "grade-6-statistics.png")
    heading = table.find_element(By.XPATH, "./ancestor::div[1]/preceding-sibling::h2[1]").text
    assert heading == "Theo đơn vị trực thuộc"
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) >= 2
    first = rows[0].find_elements(By.TAG_NAME, "td")[0]
    first_name = browser.execute_script(
        "var c = arguments[0].cloneNode(true); c.querySelectorAll('.code').forEach(function (e) { e.remove(); });"
        "return c.textContent.trim();", first)
    assert first_name == "Ủy ban nhân dân thành phố Đà Lạt (trực tiếp giải quyết)", first_name
    received = [parse_number(row.find_elements(By.TAG_NAME, "td")[1].text) for row in rows]
    total = parse_number(browser.find_element(By.CSS_SELECTOR, "#stats-total-row td").text)
    assert sum(received) == total, (received, total)
    headlines = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".stats-grid h2")]
    match = [re.fullmatch(r"Tiếp nhận: ([\d.]+) hồ sơ", h) for h in headlines]
    match = [m for m in match if m]
    assert match, headlines
    assert parse_number(match[0].group(1)) == total, (match[0].group(0), total)
    assert "Từ chối tiếp nhận (không tính vào số tiếp nhận)" in body_text(browser)
    # The other columns add up too.
    for column in range(2, 9):
        cells = [row.find_elements(By.TAG_NAME, "td")[column].text for row in rows]
        foot = browser.find_elements(By.CSS_SELECTOR, "#stats-total-row td")[column - 1].text
        if column == 6 or any(not c.replace(".", "").isdigit() for c in cells + [foot]):
            continue   # rates and "–"
        assert sum(map(parse_number, cells)) == parse_number(foot), (column, cells, foot)


# 7 ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────

def test_public_pages(browser, screenshots):
    browser.get(BASE_URL + "/thu-tuc")
    box = browser.find_element(By.ID, "catalog-q")
    box.send_keys(KHAI_SINH)
    link = wait(browser).until(EC.element_to_be_clickable((By.XPATH, f"//a[normalize-space()='{KHAI_SINH}']")))
    link.click()
    wait(browser).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), KHAI_SINH))
    assert browser.find_element(By.TAG_NAME, "h1").text == KHAI_SINH
    page = body_text(browser)
    snap(browser, screenshots, "grade-7-catalogue-detail.png")
    assert "Quy trình xử lý" in page
    # No "0.0" as a time (the procedure code 1.001193.000.00.00.H36 has "0.0" inside, which is fine).
    assert not re.search(r"(?<![\d.])0\.0(?![\d.])", page), re.findall(r".*(?<![\d.])0\.0(?![\d.]).*", page)
    steps = browser.find_element(By.XPATH, "//section[h2='Quy trình xử lý']//table")
    days = [td.text for td in steps.find_elements(By.CSS_SELECTOR, "tbody td:nth-child(4), tfoot td:last-child")]
    assert days and all("0.0" not in d and d.strip() for d in days), days
    assert "chưa tìm được" not in page.lower()

    # A dossier refused at the counter, as the public sees it.
    login(browser, "tiepnhan")
    code, _ = intake(browser, "khai sinh", KHAI_SINH, outcome="refuse",
                     reason="Người nộp không xuất trình được giấy tờ tùy thân.")
    browser.delete_all_cookies()
    browser.get(f"{BASE_URL}/tra-cuu/{code}")
    page = body_text(browser)
    snap(browser, screenshots, "grade-7-public-refused.png")
    assert code in page
    assert "Không được tiếp nhận" in page or "Từ chối" in page, page
    assert "Ngày tiếp nhận" not in page
    assert "đưa màn hình này cho cán bộ" not in page
    # The code in the facts card stays on one line, as everywhere else (it broke as "…-261202-00 / 23" at 1280 px).
    fact = browser.find_element(By.CSS_SELECTOR, "dl.facts dd.dossier-code")
    assert fact.text == code
    assert one_line(browser, fact), "the dossier code wraps in the facts card of /tra-cuu/{code}"
