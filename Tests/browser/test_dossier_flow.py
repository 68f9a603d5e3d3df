"""Issue 3: the whole life of a dossier in a real browser.

tiepnhan receives a dossier at the counter and prints slip 01 (a screenshot of the print view whose barcodes
zbarimg must decode to the code), chuyenvien starts it, lanhdao resolves it with the result document attached,
tiepnhan returns it at the return desk, and the public lookup page says "Đã trả kết quả".
"""
import re
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE_URL, login

PROCEDURE = "2.000528.000.00.00.H36"   # a procedure of tiepnhan's own agency (Đà Lạt city)
CODE_PATTERN = re.compile(r"\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}")


def act(driver, form_id, accept_confirmation=False):
    """Opens the action's panel, submits its form and waits for the page to come back."""
    form = driver.find_element(By.ID, form_id)
    details = form.find_element(By.XPATH, "./ancestor::details[1]")
    if details.get_attribute("open") is None:
        details.find_element(By.TAG_NAME, "summary").click()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    if accept_confirmation:
        WebDriverWait(driver, 5).until(EC.alert_is_present()).accept()
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.ID, "notice")))


def decode(png):
    result = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True)
    return result.stdout.split()


def test_counter_to_returned(browser, screenshots, tmp_path):
    # Counter: receive a complete dossier.
    login(browser, "tiepnhan")
    browser.get(f"{BASE_URL}/mot-cua/tiep-nhan?procedure={PROCEDURE}")
    browser.find_element(By.NAME, "fullName").send_keys("Trần Thị Bình")
    browser.find_element(By.NAME, "idNumber").send_keys("068195001234")
    browser.find_element(By.NAME, "phone").send_keys("0987654321")
    browser.find_element(By.NAME, "address").send_keys("5 Nguyễn Chí Thanh, Phường 1, Đà Lạt")
    for box in browser.find_elements(By.CSS_SELECTOR, "#checklist input[type=checkbox]"):
        if not box.is_selected():
            box.click()
    browser.find_element(By.CSS_SELECTOR, "button[name=outcome][value=accept]").click()

    # Slip 01, in its print view.
    WebDriverWait(browser, 10).until(EC.url_contains("/phieu/01"))
    code = CODE_PATTERN.search(browser.current_url).group(0)
    assert code.startswith("000.00.21.H36-")
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả".upper() in browser.page_source.upper()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    slip = screenshots / "slip-01-print.png"
    browser.save_screenshot(str(slip))
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    decoded = decode(slip)
    assert code in decoded, f"zbarimg read {decoded} from the slip, not {code}"

    # Processing: the specialist starts, the leader resolves.
    login(browser, "chuyenvien")
    browser.get(f"{BASE_URL}/ho-so/{code}")
    act(browser, "form-start")
    assert "Đang xử lý" in browser.find_element(By.ID, "dossier-status").text

    login(browser, "lanhdao")
    browser.get(f"{BASE_URL}/ho-so/{code}")
    # The result document goes with the resolve (a file input, as a leader would pick the signed PDF).
    result = tmp_path / "ket-qua-giai-quyet.pdf"
    result.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    resolve_form = browser.find_element(By.ID, "form-resolve")
    resolve_form.find_element(By.XPATH, "./ancestor::details[1]/summary").click()
    resolve_form.find_element(By.NAME, "resultFiles").send_keys(str(result))
    act(browser, "form-resolve", accept_confirmation=True)
    assert "Đã giải quyết" in browser.find_element(By.ID, "dossier-status").text
    attachments = browser.find_element(By.CSS_SELECTOR, "ul.attachments").text
    assert "ket-qua-giai-quyet.pdf" in attachments and "Kết quả giải quyết" in attachments, attachments

    # Return desk: the scanner types the code and Enter.
    login(browser, "tiepnhan")
    browser.get(f"{BASE_URL}/mot-cua/tra-ket-qua")
    field = browser.find_element(By.ID, "return-code")
    field.send_keys(code + Keys.ENTER)
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "return-form")))
    browser.find_element(By.CSS_SELECTOR, "#return-form button[type=submit]").click()
    WebDriverWait(browser, 5).until(EC.alert_is_present()).accept()   # returning cannot be undone: it asks first
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "return-notice")))

    # The citizen's view.
    browser.delete_all_cookies()
    browser.get(f"{BASE_URL}/tra-cuu")
    browser.find_element(By.NAME, "ma").send_keys(code + Keys.ENTER)
    WebDriverWait(browser, 10).until(EC.url_contains(f"/tra-cuu/{code}"))
    assert browser.find_element(By.CSS_SELECTOR, ".status-big").text == "Đã trả kết quả"
    assert "068195001234" not in browser.page_source
    assert "Trần Thị Bình" not in browser.page_source
    browser.save_screenshot(str(screenshots / "lookup-returned.png"))
