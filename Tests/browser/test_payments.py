"""Paying online (level 4) in a real headless Chromium against `motcua demo` and its sandbox bank (VNPAY 2.1.0):

 - the demo citizen files a level-4 procedure online, sees the fee due, pays it at the sandbox bank (success), is sent
   back to the result page, opens the A5 receipt (number, amount in figures and in words, QR), and, once the counter
   has accepted and a specialist started it, sees the dossier in processing with the payment "Đã thanh toán";
 - a dossier waiting for fees (request-fees, status 6): a first attempt with insufficient funds marks nothing paid and
   leaves the dossier waiting; a second attempt that the bank reports late (IPN after the return page) turns the
   result page to "paid" by itself and moves the dossier on (6 → 4).

Screenshots go to MOTCUA_E2E_SHOTS (default /tmp/e2e-shots).
"""
import os
import pathlib
import re
import subprocess
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from api_client import api, bearer
from conftest import BASE_URL, login, wait

SHOTS = pathlib.Path(os.environ.get("MOTCUA_E2E_SHOTS", "/tmp/e2e-shots"))
LEVEL_FOUR = "2.001610.000.00.00.H36"   # Đăng ký thành lập doanh nghiệp tư nhân: 100.000 đồng of fixed fees
CODE = re.compile(r"\d{3}\.\d{2}\.\d{2}\.H\d{2}-\d{6}-\d{4}")


def snap(driver, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / name))


def body_text(driver):
    return driver.find_element(By.TAG_NAME, "body").text


def minimal_pdf(directory, name):
    text = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n" \
           b"trailer << /Root 1 0 R >>\n%%EOF\n"
    path = pathlib.Path(directory) / name
    path.write_bytes(text)
    return path


def click(driver, element_id):
    """Scrolls the element to the middle of the screen first: on a phone the sticky header may cover it otherwise."""
    element = driver.find_element(By.ID, element_id)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def payments_of(code, token):
    status, items = api("GET", f"/api/v1/dossiers/{code}/payments", token)
    assert status == 200, (status, items)
    return items


def pay_at_sandbox(driver, outcome, shot):
    """On the sandbox bank's page: check what it asks, choose the outcome, land on our result page."""
    wait(driver).until(lambda d: "/sandbox/vnpay/paymentv2/vpcpay.html" in d.current_url)
    assert driver.find_element(By.TAG_NAME, "h1").text == "Xác nhận thanh toán", body_text(driver)
    assert driver.find_element(By.ID, "bank-amount").text == "100.000 đồng"
    snap(driver, shot)
    click(driver, f"outcome-{outcome}")
    wait(driver).until(lambda d: "/thanh-toan/ket-qua" in d.current_url)


def test_level_four_filing_paid_in_the_sandbox_with_receipt():
    from conftest import make_driver
    driver = make_driver()
    try:
        login(driver, "congdan")
        driver.get(f"{BASE_URL}/thu-tuc/{LEVEL_FOUR}")
        driver.find_element(By.ID, "file-online").click()
        form = wait(driver).until(EC.presence_of_element_located((By.ID, "draft-form")))
        with tempfile.TemporaryDirectory() as work:
            items = form.find_elements(By.CSS_SELECTOR, "li.component")
            required = [li for li in items if "bắt buộc" in li.find_element(By.CSS_SELECTOR, "label.inline").text]
            assert required, "the level-4 procedure has required components"
            for index, item in enumerate(required):
                pdf = minimal_pdf(work, f"giay-to-{index + 1}.pdf")
                item.find_element(By.CSS_SELECTOR, "input.component-file").send_keys(str(pdf))
                wait(driver, 60).until(lambda _: any(pdf.name in li.text for li in item.find_elements(By.CSS_SELECTOR, "ul.attachments li")))
        radio = driver.find_element(By.CSS_SELECTOR, "input[name=deliveryMethod][value=online]")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", radio)
        radio.click()
        button = driver.find_element(By.ID, "submit-draft")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
        button.click()
        wait(driver).until(lambda d: re.search(r"/ho-so-cua-toi/" + CODE.pattern + "$", d.current_url))
        code = driver.current_url.rsplit("/", 1)[1]

        # The fee due is shown with the way to pay it.
        assert driver.find_element(By.ID, "fee-due").text == "100.000 đồng"
        snap(driver, "pay-01-dossier-fee-due.png")
        click(driver, "pay-online")
        pay_at_sandbox(driver, "success", "pay-02-sandbox-bank.png")
        assert driver.find_element(By.ID, "payment-headline").text == "Thanh toán thành công", body_text(driver)
        snap(driver, "pay-03-result.png")
        click(driver, "open-receipt")
        wait(driver).until(lambda d: "/bien-lai/" in d.current_url)
        number = driver.find_element(By.ID, "receipt-number").text
        assert re.fullmatch(r"BL\d{4}-\d{3}\.\d{2}\.\d{2}\.H\d{2}-\d{7}", number), number
        assert driver.find_element(By.ID, "receipt-amount").text == "100.000 đồng"
        assert driver.find_element(By.ID, "receipt-words").text == "Một trăm nghìn đồng"
        assert code in body_text(driver)
        assert driver.find_elements(By.CSS_SELECTOR, ".qr svg"), "the QR to the lookup page"
        snap(driver, "pay-04-receipt.png")
        # The receipt's QR, read back from the screenshot by zbarimg, opens the public lookup of this dossier.
        decoded = subprocess.run(["zbarimg", "-q", "--raw", str(SHOTS / "pay-04-receipt.png")], capture_output=True, text=True)
        assert f"{BASE_URL}/tra-cuu/{code}" in decoded.stdout.split(), decoded.stdout

        citizen = bearer("congdan")
        [payment] = [p for p in payments_of(code, citizen) if p["state"] == "paid"]
        assert payment["receiptNumber"] == number and payment["amount"] == 100_000

        # The one-stop shop accepts it and a specialist starts it: the citizen sees it in processing, paid.
        assert code.startswith("000.00.11.H36-"), "received by Sở Kế hoạch và Đầu tư, the nearest agency with a receptionist"
        reception, specialist = "tiepnhankhdt", "chuyenvienkhdt"
        status, answer = api("POST", f"/api/v1/dossiers/{code}/transitions", bearer(reception), {"action": "accept"})
        assert status == 200, (status, answer)
        status, answer = api("POST", f"/api/v1/dossiers/{code}/transitions", bearer(specialist), {"action": "start"})
        assert status == 200 and answer["status"]["code"] == 4, (status, answer)
        driver.get(f"{BASE_URL}/ho-so-cua-toi/{code}")
        assert driver.find_element(By.ID, "dossier-status").text == "Đang xử lý"
        lines = driver.find_element(By.ID, "payment-lines").text
        assert "Đã thanh toán" in lines and number in lines, lines
        assert not driver.find_elements(By.ID, "pay-online"), "nothing is due any more"
        snap(driver, "pay-05-dossier-processing.png")
    finally:
        driver.quit()


def test_fees_requested_insufficient_funds_then_paid_late():
    from conftest import make_driver
    citizen = bearer("congdan")
    status, mine = api("GET", "/api/v1/my/dossiers?per=100", citizen)
    assert status == 200, (status, mine)
    processing = [d for d in mine["items"] if d["status"]["code"] == 4]
    assert processing, "the demo citizen has a dossier in processing"
    code = processing[0]["code"]
    specialist = "chuyenvienkhdt" if code.startswith("000.00.11.H36-") else "chuyenvien"
    # The specialist asks for 100.000 đồng (status 6).
    status, answer = api("POST", f"/api/v1/dossiers/{code}/transitions", bearer(specialist),
                         {"action": "request-fees", "feeAmount": 100_000, "note": "Lệ phí cấp giấy chứng nhận"})
    assert status == 200 and answer["status"]["code"] == 6, (status, answer)
    before = {p["id"] for p in payments_of(code, citizen)}

    driver = make_driver(390, 844)   # a phone
    try:
        login(driver, "congdan")
        driver.get(f"{BASE_URL}/ho-so-cua-toi/{code}")
        assert driver.find_element(By.ID, "dossier-status").text == "Chờ thực hiện nghĩa vụ tài chính"
        assert driver.find_element(By.ID, "fee-due").text == "100.000 đồng"
        click(driver, "pay-online")
        pay_at_sandbox(driver, "insufficient", "pay-11-sandbox-phone.png")
        assert driver.find_element(By.ID, "payment-headline").text == "Thanh toán không thành công"
        assert "không đủ số dư" in driver.find_element(By.ID, "payment-detail").text
        snap(driver, "pay-12-insufficient.png")
        attempts = [p for p in payments_of(code, citizen) if p["id"] not in before]
        assert [p["state"] for p in attempts] == ["failed"], attempts
        assert not any(p["state"] == "paid" for p in attempts)
        driver.get(f"{BASE_URL}/ho-so-cua-toi/{code}")
        assert driver.find_element(By.ID, "dossier-status").text == "Chờ thực hiện nghĩa vụ tài chính"

        # Second attempt: the bank says yes at once but its notification comes seconds after the return page.
        click(driver, "pay-online")
        pay_at_sandbox(driver, "late", "pay-13-sandbox-late.png")
        headline = driver.find_element(By.ID, "payment-headline").text
        assert headline == "Ngân hàng báo giao dịch thành công – đang chờ xác nhận", headline
        snap(driver, "pay-14-awaiting.png")
        assert [p["state"] for p in payments_of(code, citizen) if p["id"] not in before] == ["pending", "failed"]
        wait(driver, 40).until(lambda d: d.find_element(By.ID, "payment-headline").text == "Thanh toán thành công")
        snap(driver, "pay-15-confirmed-by-itself.png")
        driver.get(f"{BASE_URL}/ho-so-cua-toi/{code}")
        assert driver.find_element(By.ID, "dossier-status").text == "Đang xử lý"
        assert [p["state"] for p in payments_of(code, citizen) if p["id"] not in before] == ["paid", "failed"]
    finally:
        driver.quit()
