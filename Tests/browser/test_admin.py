"""Issue 8, administration: an administrator edits a user's roles, a procedure's fee and creates a procedure, each
after a confirmation, and finds one line per change in the audit log. The pages fit a phone and label every input."""
import random
import time

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


def test_admin_edits_roles_fee_creates_a_procedure_and_sees_the_log(browser, screenshots):
    login(browser, "quantri")

    # 1. A user's roles: tick or untick "Lãnh đạo" for the specialist.
    browser.get(BASE_URL + "/quan-tri/nguoi-dung/chuyenvien")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Tài khoản chuyenvien"
    leader = browser.find_element(By.ID, "role-leader")
    was_leader = leader.is_selected()
    leader.click()
    browser.save_screenshot(str(screenshots / "admin-user-edit.png"))
    submit_and_confirm(browser, "user-form", "Lưu các thay đổi của tài khoản chuyenvien?")
    assert "Đã lưu tài khoản chuyenvien." in notice(browser)
    assert browser.find_element(By.ID, "role-leader").is_selected() != was_leader

    # A dismissed confirmation changes nothing.
    browser.find_element(By.ID, "fullName").clear()
    browser.find_element(By.ID, "fullName").send_keys("Không được lưu")
    browser.find_element(By.CSS_SELECTOR, "#user-form button[type=submit]").click()
    WebDriverWait(browser, 5).until(EC.alert_is_present()).dismiss()
    browser.get(BASE_URL + "/quan-tri/nguoi-dung/chuyenvien")
    assert browser.find_element(By.ID, "fullName").get_attribute("value") == "Lê Văn Phúc"

    # 2. A procedure's fee.
    browser.get(BASE_URL + "/quan-tri/thu-tuc/" + BIRTH_REGISTRATION)
    amount = str(random.randint(1, 999) * 1000)
    box = browser.find_element(By.ID, "fee-0-amount")
    box.clear()
    box.send_keys(amount)
    submit_and_confirm(browser, "procedure-form", "Lưu các thay đổi của thủ tục " + BIRTH_REGISTRATION)
    assert "Đã lưu thủ tục " + BIRTH_REGISTRATION in notice(browser)
    assert browser.find_element(By.ID, "fee-0-amount").get_attribute("value") == amount

    # A wrong amount is refused with a specific message and the typed value kept.
    box = browser.find_element(By.ID, "fee-0-amount")
    box.clear()
    box.send_keys("năm mươi nghìn")
    submit_and_confirm(browser, "procedure-form", "Lưu các thay đổi")
    assert "Phí, lệ phí 1: số tiền phải là số đồng nguyên" in browser.find_element(By.CSS_SELECTOR, ".alert.error").text
    assert browser.find_element(By.ID, "fee-0-amount").get_attribute("value") == "năm mươi nghìn"
    browser.save_screenshot(str(screenshots / "admin-procedure-error.png"))

    # 3. A new procedure.
    code = "2.%06d.000.00.00.H36" % random.randint(100000, 999999)
    browser.get(BASE_URL + "/quan-tri/thu-tuc")
    browser.find_element(By.ID, "new-procedure").click()
    values = {"procedure-code": code, "procedure-name": "Cấp phép thử nghiệm trình duyệt " + code,
              "procedure-field": "Thử nghiệm", "procedure-days": "2", "procedure-result": "Giấy phép",
              "component-0-name": "Đơn đề nghị", "fee-0-name": "Lệ phí", "fee-0-amount": "20.000",
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
    browser.get(BASE_URL + "/thu-tuc/" + code)
    assert "Cấp phép thử nghiệm trình duyệt" in browser.find_element(By.TAG_NAME, "h1").text

    # 4. The log: the three changes, newest first.
    browser.get(BASE_URL + "/quan-tri")
    browser.find_element(By.ID, "audit-tile").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Nhật ký quản trị"
    lines = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#audit-log > li")]
    assert "Thêm thủ tục" in lines[0] and code in lines[0], lines[0]
    assert "Sửa thủ tục" in lines[1] and BIRTH_REGISTRATION in lines[1] and "Phí, lệ phí" in lines[1], lines[1]
    assert "Sửa tài khoản" in lines[2] and "chuyenvien" in lines[2] and "Vai trò" in lines[2], lines[2]
    assert all("quantri" in line for line in lines[:3])
    browser.save_screenshot(str(screenshots / "admin-audit-log.png"))


def test_generated_password_is_shown_once(browser, screenshots):
    login(browser, "quantri")
    browser.get(BASE_URL + "/quan-tri/nguoi-dung/tiepnhan2")
    submit_and_confirm(browser, "generate-form", "Tạo một mật khẩu ngẫu nhiên mới cho tiepnhan2?")
    password = browser.find_element(By.CSS_SELECTOR, "#generated-password .password-once").text
    assert len(password) == 14
    browser.save_screenshot(str(screenshots / "admin-password-generated.png"))
    browser.get(BASE_URL + "/quan-tri/nguoi-dung/tiepnhan2")
    assert password not in browser.page_source
    login(browser, "tiepnhan2", password)
    assert "Hoàng Thị Mai" in browser.find_element(By.CSS_SELECTOR, ".who").text


def test_admin_pages_fit_a_phone_and_label_every_input(phone, screenshots):
    # Headless Chromium keeps windows at least 500 px wide; emulate the 390 px screen itself.
    phone.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    login(phone, "quantri")
    assert phone.execute_script("return window.innerWidth") == 390
    pages = {"nhat-ky": "/quan-tri/nhat-ky", "user": "/quan-tri/nguoi-dung/chuyenvien", "users": "/quan-tri/nguoi-dung",
             "procedure": "/quan-tri/thu-tuc/" + BIRTH_REGISTRATION, "procedure-new": "/quan-tri/thu-tuc/moi",
             "procedures": "/quan-tri/thu-tuc", "agency": "/quan-tri/co-quan/000.00.21.H36", "agencies": "/quan-tri/co-quan"}
    for name, path in pages.items():
        phone.get(BASE_URL + path)
        width = phone.execute_script("return document.documentElement.scrollWidth")
        viewport = phone.execute_script("return window.innerWidth")
        phone.save_screenshot(str(screenshots / f"admin-phone-{name}.png"))
        assert width <= viewport + 1, f"{path} scrolls sideways on a phone: {width} > {viewport}"
        assert unlabelled_inputs(phone) == [], f"{path}: inputs without a label: {unlabelled_inputs(phone)}"
