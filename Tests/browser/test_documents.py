"""Issue 12: the electronic office in a real browser.

vanthu registers an incoming document with its scan and is warned when registering it a second time, lanhdao
assigns it, chuyenvien records progress and completes it; an outgoing document goes draft → review → signature →
issue and gets `Số: 01/QĐ-UBND` (the demo issues nothing in this year's outgoing series, so this is the first).
axe-core checks every page on the way (conftest).
"""
import datetime
import random

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import BASE_URL, login

VIETNAM = datetime.timezone(datetime.timedelta(hours=7))
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def set_value(driver, element_id, value):
    element = driver.find_element(By.ID, element_id)
    driver.execute_script("arguments[0].value = arguments[1];", element, value)


def submit_and_wait(driver, button_id, wait_for="notice"):
    button = driver.find_element(By.ID, button_id)
    button.click()
    WebDriverWait(driver, 15).until(EC.staleness_of(button))
    return WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.ID, wait_for)))


def shoot(driver, path):
    driver.execute_script("window.scrollTo(0, 0);")
    driver.save_screenshot(str(path))


def fill_incoming(driver, notation, summary, today, scan):
    driver.get(BASE_URL + "/van-ban/den/moi")
    Select(driver.find_element(By.ID, "issuer-code")).select_by_value("000.00.00.H36")
    driver.find_element(By.ID, "notation").send_keys(notation)
    set_value(driver, "document-date", today.isoformat())
    Select(driver.find_element(By.ID, "type")).select_by_value("QĐ")
    driver.find_element(By.ID, "summary").send_keys(summary)
    driver.find_element(By.ID, "page-count").send_keys("2")
    Select(driver.find_element(By.ID, "urgency")).select_by_value("khan")
    Select(driver.find_element(By.ID, "recipient-unit")).select_by_index(1)
    driver.find_element(By.ID, "scan").send_keys(str(scan))


def test_incoming_and_outgoing_documents(browser, screenshots, tmp_path):
    today = datetime.datetime.now(VIETNAM).date()
    scan = tmp_path / "ban-quet.pdf"
    scan.write_bytes(PDF)
    serial = random.randint(1000, 9999)
    notation = f"{serial}/QĐ-UBND"
    summary = f"Quyết định phê duyệt danh mục thủ tục hành chính đợt {serial}"

    # The clerk registers the document with its scan.
    login(browser, "vanthu")
    browser.get(BASE_URL + "/van-ban")
    browser.find_element(By.ID, "register-incoming").click()
    WebDriverWait(browser, 10).until(EC.url_contains("/van-ban/den/moi"))
    fill_incoming(browser, notation, summary, today, scan)
    shoot(browser, screenshots / "documents-01-register-form.png")
    notice = submit_and_wait(browser, "register-submit")
    assert "Đã vào sổ văn bản đến số" in notice.text
    document_url = browser.current_url
    assert "ban-quet.pdf" in browser.find_element(By.ID, "document-files").text
    assert notation in browser.find_element(By.ID, "document-facts").text
    shoot(browser, screenshots / "documents-02-registered.png")

    # The same document again: a warning naming the earlier registration, and nothing registered without confirmation.
    fill_incoming(browser, notation, summary, today, scan)
    warning = submit_and_wait(browser, "register-submit", wait_for="duplicate-warning")
    assert "đã được vào sổ đến số" in warning.text
    assert notation in warning.text
    shoot(browser, screenshots / "documents-03-duplicate-warning.png")
    browser.get(BASE_URL + "/van-ban/tim-kiem?q=" + f"phe+duyet+danh+muc+dot+{serial}")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#results-table tbody tr")) == 1

    # The leader assigns it to the specialist with a deadline.
    login(browser, "lanhdao")
    browser.get(document_url)
    Select(browser.find_element(By.ID, "assign-lead")).select_by_value("chuyenvien")
    browser.find_element(By.ID, "assign-instruction").send_keys("Đồng chí Phúc chủ trì tham mưu triển khai.")
    set_value(browser, "assign-deadline", (today + datetime.timedelta(days=7)).isoformat())
    notice = submit_and_wait(browser, "assign-submit")
    assert "Lê Văn Phúc" in notice.text
    assert browser.find_element(By.ID, "document-state").text == "Đã phân công"

    # The specialist finds it in the inbox, records progress and completes it.
    login(browser, "chuyenvien")
    browser.get(BASE_URL + "/van-ban")
    document_id = document_url.rstrip("/").split("/")[-1]
    row = browser.find_element(By.CSS_SELECTOR, f"#incoming-table tr[data-id='{document_id}']")
    shoot(browser, screenshots / "documents-04-specialist-inbox.png")
    row.find_element(By.CSS_SELECTOR, "a").click()
    WebDriverWait(browser, 10).until(EC.url_to_be(document_url))
    browser.find_element(By.ID, "progress-note").send_keys("Đã dự thảo kế hoạch triển khai, đang lấy ý kiến các phòng.")
    submit_and_wait(browser, "progress-submit")
    assert browser.find_element(By.ID, "document-state").text == "Đang xử lý"
    browser.find_element(By.ID, "progress-note").send_keys("Đã ban hành kế hoạch triển khai.")
    browser.find_element(By.ID, "progress-complete").click()
    submit_and_wait(browser, "progress-submit")
    assert browser.find_element(By.ID, "document-state").text == "Đã hoàn thành"
    assert "Hoàn thành xử lý" in browser.find_element(By.ID, "timeline").text

    # Outgoing: the specialist drafts and submits.
    draft = tmp_path / "du-thao.pdf"
    draft.write_bytes(PDF)
    browser.get(BASE_URL + "/van-ban")
    browser.find_element(By.ID, "draft-outgoing").click()
    WebDriverWait(browser, 10).until(EC.url_contains("/van-ban/di/moi"))
    Select(browser.find_element(By.ID, "type")).select_by_value("QĐ")
    browser.find_element(By.ID, "summary").send_keys(f"Quyết định ban hành quy chế tiếp công dân {serial}")
    browser.find_element(By.ID, "recipients").send_keys("000.11.21.H36\nCông ty Cổ phần Du lịch Lâm Đồng")
    browser.find_element(By.ID, "draft-file").send_keys(str(draft))
    submit_and_wait(browser, "draft-submit")
    outgoing_url = browser.current_url
    assert browser.find_element(By.ID, "document-state").text == "Dự thảo"
    submit_and_wait(browser, "action-submit")
    assert browser.find_element(By.ID, "document-state").text == "Chờ thẩm định"

    # The leader reviews and signs.
    login(browser, "lanhdao")
    browser.get(outgoing_url)
    submit_and_wait(browser, "action-approve")
    assert browser.find_element(By.ID, "document-state").text == "Chờ ký duyệt"
    submit_and_wait(browser, "action-sign")
    assert browser.find_element(By.ID, "document-state").text == "Đã ký, chờ phát hành"

    # The clerk issues: the first number of the year, the date line, delivery to Phường 1.
    login(browser, "vanthu")
    browser.get(outgoing_url)
    notice = submit_and_wait(browser, "action-issue")
    number_line = browser.find_element(By.ID, "number-line").text
    assert number_line == "Số: 01/QĐ-UBND", number_line
    date_line = browser.find_element(By.ID, "date-line").text
    assert date_line == f"Đà Lạt, ngày {today.day:02d} tháng {today.month if today.month > 2 else f'{today.month:02d}'} năm {today.year}"
    recipients = browser.find_element(By.ID, "document-recipients").text
    assert "Đã chuyển điện tử (số đến" in recipients
    assert "chờ gửi liên thông" in recipients
    shoot(browser, screenshots / "documents-05-issued.png")

    # The outgoing register of the period, printable on A4.
    browser.get(BASE_URL + "/van-ban/so/di")
    assert "01/QĐ-UBND" in browser.find_element(By.ID, "register-table").text
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    shoot(browser, screenshots / "documents-06-outgoing-register-print.png")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    browser.get(BASE_URL + "/van-ban/bao-cao")
    assert int(browser.find_element(By.ID, "kpi-sent").text) >= 1
    shoot(browser, screenshots / "documents-07-reports.png")
