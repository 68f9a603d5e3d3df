"""Issue 8, administration: an administrator creates a procedure and edits its fee, creates an account and edits its
roles, each after a confirmation, and finds one line per change in the audit log. The pages fit a phone and label
every input. The demo's own accounts and procedures are only looked at, never changed: the other browser tests, the
hostile-request check and the API conformance run log in with them against the same demo."""
import random

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE_URL, login

BIRTH_REGISTRATION = "1.001193.000.00.00.H36"


def submit_and_confirm(driver, form_id, expected_question):
    """Submits a form, checks the confirmation's question, accepts it and waits for the answer page."""
    form = driver.find_element(By.ID, form_id)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    alert = WebDriverWait(driver, 5).until(EC.alert_is_present())
    assert expected_question in alert.text, alert.text
    alert.accept()
    WebDriverWait(driver, 10).until(EC.staleness_of(form))


def notice(driver):
    return driver.find_element(By.CSS_SELECTOR, ".alert.success").text


def unlabelled_inputs(driver):
    return driver.execute_script("""
        return Array.from(document.querySelectorAll('input, select, textarea'))
          .filter(e => e.type !== 'hidden' && (!e.labels || e.labels.length === 0))
          .map(e => e.name || e.id || e.outerHTML.slice(0, 60));""")


def create_user(driver, username, full_name):
    """Creates an account of its own through the form: the demo accounts stay as the other tests expect them."""
    driver.get(BASE_URL + "/quan-tri/nguoi-dung")
    driver.find_element(By.CSS_SELECTOR, "details.card > summary").click()
    form = driver.find_element(By.CSS_SELECTOR, "form[action='/quan-tri/nguoi-dung'][method=post]")
    for name, value in (("username", username), ("fullName", full_name), ("password", "MatKhau@" + username)):
        form.find_element(By.NAME, name).send_keys(value)
    form.find_element(By.CSS_SELECTOR, "select[name=agency] option[value='000.00.21.H36']").click()
    form.find_element(By.CSS_SELECTOR, "input[name='roles[]'][value=specialist]").click()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    alert = WebDriverWait(driver, 5).until(EC.alert_is_present())
    assert "Tạo tài khoản mới" in alert.text
    alert.accept()
    WebDriverWait(driver, 10).until(EC.staleness_of(form))
    assert "Đã tạo tài khoản " + username in notice(driver)


def test_admin_edits_roles_fee_creates_a_procedure_and_sees_the_log(browser, screenshots):
    login(browser, "quantri")
    suffix = "%06d" % random.randint(0, 999999)

    # 1. A new procedure, then its fee.
    code = "2.%s.000.00.00.H36" % suffix
    browser.get(BASE_URL + "/quan-tri/thu-tuc")
    browser.find_element(By.ID, "new-procedure").click()
    values = {"procedure-code": code, "procedure-name": "Cấp phép thử nghiệm trình duyệt " + suffix,
              "procedure-field": "Thử nghiệm", "procedure-days": "2", "procedure-result": "Giấy phép",
              "component-0-name": "Đơn đề nghị", "fee-0-name": "Lệ phí cấp phép", "fee-0-amount": "20.000",
              "step-0-name": "Tiếp nhận", "step-0-unit": "Bộ phận một cửa", "step-0-days": "0,5",
              "step-1-name": "Giải quyết", "step-1-unit": "Phòng chuyên môn", "step-1-days": "1,5"}
    for element_id, value in values.items():
        field = browser.find_element(By.ID, element_id)
        field.clear()
        field.send_keys(value)
    browser.find_element(By.CSS_SELECTOR, "#procedure-tier option[value=district]").click()
    browser.find_element(By.CSS_SELECTOR, "#procedure-agency option[value='000.00.21.H36']").click()
    browser.save_screenshot(str(screenshots / "admin-procedure-new.png"))
    submit_and_confirm(browser, "procedure-form", "Thêm thủ tục mới vào danh mục?")
    assert "Đã thêm thủ tục " + code in notice(browser)

    box = browser.find_element(By.ID, "fee-0-amount")
    assert box.get_attribute("value") == "20000"
    box.clear()
    box.send_keys("35.000")
    submit_and_confirm(browser, "procedure-form", "Lưu các thay đổi của thủ tục " + code)
    assert "Đã lưu thủ tục " + code in notice(browser)
    assert browser.find_element(By.ID, "fee-0-amount").get_attribute("value") == "35000"
    browser.get(BASE_URL + "/thu-tuc/" + code)
    assert "Cấp phép thử nghiệm trình duyệt" in browser.find_element(By.TAG_NAME, "h1").text
    assert "35.000 đồng" in browser.page_source

    # A wrong amount is refused with a specific message and the typed value kept.
    browser.get(BASE_URL + "/quan-tri/thu-tuc/" + code)
    box = browser.find_element(By.ID, "fee-0-amount")
    box.clear()
    box.send_keys("năm mươi nghìn")
    submit_and_confirm(browser, "procedure-form", "Lưu các thay đổi")
    assert "Phí, lệ phí 1: số tiền phải là số đồng nguyên" in browser.find_element(By.CSS_SELECTOR, ".alert.error").text
    assert browser.find_element(By.ID, "fee-0-amount").get_attribute("value") == "năm mươi nghìn"
    browser.save_screenshot(str(screenshots / "admin-procedure-error.png"))

    # 2. A user's roles: the new specialist becomes a leader too.
    username = "bt" + suffix
    create_user(browser, username, "Người Thử Nghiệm " + suffix)
    browser.get(BASE_URL + "/quan-tri/nguoi-dung/" + username)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Tài khoản " + username
    leader = browser.find_element(By.ID, "role-leader")
    assert not leader.is_selected()
    leader.click()
    browser.save_screenshot(str(screenshots / "admin-user-edit.png"))
    submit_and_confirm(browser, "user-form", "Lưu các thay đổi của tài khoản %s?" % username)
    assert "Đã lưu tài khoản %s." % username in notice(browser)
    assert browser.find_element(By.ID, "role-leader").is_selected()

    # A dismissed confirmation changes nothing.
    browser.find_element(By.ID, "fullName").clear()
    browser.find_element(By.ID, "fullName").send_keys("Không được lưu")
    browser.find_element(By.CSS_SELECTOR, "#user-form button[type=submit]").click()
    WebDriverWait(browser, 5).until(EC.alert_is_present()).dismiss()
    browser.get(BASE_URL + "/quan-tri/nguoi-dung/" + username)
    assert browser.find_element(By.ID, "fullName").get_attribute("value") == "Người Thử Nghiệm " + suffix

    # 3. The log: the four changes, newest first.
    browser.get(BASE_URL + "/quan-tri")
    browser.find_element(By.ID, "audit-tile").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Nhật ký quản trị"
    lines = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#audit-log > li")]
    assert "Sửa tài khoản" in lines[0] and username in lines[0] and "Vai trò" in lines[0] and "Lãnh đạo" in lines[0], lines[0]
    assert "Tạo tài khoản" in lines[1] and username in lines[1] and "MatKhau" not in lines[1], lines[1]
    assert "Sửa thủ tục" in lines[2] and code in lines[2] and "35.000 đồng" in lines[2], lines[2]
    assert "Thêm thủ tục" in lines[3] and code in lines[3], lines[3]
    assert all("quantri" in line for line in lines[:4])
    browser.save_screenshot(str(screenshots / "admin-audit-log.png"))


def test_generated_password_is_shown_once(browser, screenshots):
    login(browser, "quantri")
    username = "bt%06d" % random.randint(0, 999999)
    create_user(browser, username, "Người Đổi Mật Khẩu")
    browser.get(BASE_URL + "/quan-tri/nguoi-dung/" + username)
    submit_and_confirm(browser, "generate-form", "Tạo một mật khẩu ngẫu nhiên mới cho %s?" % username)
    password = browser.find_element(By.CSS_SELECTOR, "#generated-password .password-once").text
    assert len(password) == 14
    browser.save_screenshot(str(screenshots / "admin-password-generated.png"))
    browser.get(BASE_URL + "/quan-tri/nguoi-dung/" + username)
    assert password not in browser.page_source
    login(browser, username, password)
    assert "Người Đổi Mật Khẩu" in browser.find_element(By.CSS_SELECTOR, ".who").text


def test_admin_pages_fit_a_phone_and_label_every_input(phone, screenshots):
    # Headless Chromium keeps windows at least 500 px wide; emulate the 390 px screen itself.
    phone.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    login(phone, "quantri")
    assert phone.execute_script("return window.innerWidth") == 390
    pages = {"nhat-ky": "/quan-tri/nhat-ky", "user": "/quan-tri/nguoi-dung/chuyenvien", "users": "/quan-tri/nguoi-dung",
             "procedure": "/quan-tri/thu-tuc/" + BIRTH_REGISTRATION, "procedure-new": "/quan-tri/thu-tuc/moi",
             "procedures": "/quan-tri/thu-tuc", "agency": "/quan-tri/co-quan/000.00.21.H36", "agencies": "/quan-tri/co-quan",
             "mails": "/quan-tri/thu-da-gui"}
    for name, path in pages.items():
        phone.get(BASE_URL + path)
        width = phone.execute_script("return document.documentElement.scrollWidth")
        viewport = phone.execute_script("return window.innerWidth")
        phone.save_screenshot(str(screenshots / f"admin-phone-{name}.png"))
        assert width <= viewport + 1, f"{path} scrolls sideways on a phone: {width} > {viewport}"
        assert unlabelled_inputs(phone) == [], f"{path}: inputs without a label: {unlabelled_inputs(phone)}"
