"""Issue 11: the queue. A display board in one window and a counter console in another: the counter calls, and the
board shows the number without a reload and asks for the spoken call's audio. Also the kiosk prints a ticket with a
QR to its live page."""
import json
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE_URL, login, make_driver


def issue_ticket(area, priority=False):
    request = urllib.request.Request(BASE_URL + "/api/v1/queue/tickets", method="POST",
                                     data=json.dumps({"area": area, "priority": priority}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 201
        return json.loads(response.read())


def test_counter_call_reaches_the_board_and_its_audio_is_requested(browser):
    board = make_driver(1280, 720)
    try:
        # setup: the board is open and connected, then a citizen takes a number
        board.get(BASE_URL + "/bang-hien-thi")
        WebDriverWait(board, 15).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-connected") == "1")
        ticket = issue_ticket("ho-tich")
        # act: the receptionist calls at quầy 1 (N is the shortcut; the button does the same)
        login(browser, "tiepnhan")
        browser.get(BASE_URL + "/mot-cua/quay?counter=Q1")
        called = None
        for _ in range(60):
            browser.find_element(By.ID, "console-call").click()
            WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, "console-call").is_enabled())
            number = browser.find_elements(By.ID, "console-number")
            if number and number[0].text == ticket["number"]:
                called = number[0].text
                break
            if browser.find_element(By.ID, "console-error").is_displayed():
                break
        assert called == ticket["number"], "the console called other waiting tickets but never ours"
        # assert: the board shows it without a reload, and fetched the audio of that call
        WebDriverWait(board, 10).until(lambda d: d.find_element(By.ID, "board-latest").get_attribute("data-number") == called)
        assert called in board.find_element(By.ID, "board-serving").text
        WebDriverWait(board, 10).until(lambda d: d.execute_script(
            "return performance.getEntriesByType('resource').some(function (e) { return /\\/api\\/v1\\/queue\\/calls\\/\\d+\\/audio$/.test(e.name); })"))
        requested = board.execute_script("return window.motcuaBoard.audioRequests")
        assert requested and requested[-1].startswith("/api/v1/queue/calls/")
        with urllib.request.urlopen(BASE_URL + requested[-1], timeout=20) as audio:
            assert audio.headers["Content-Type"].startswith("audio/wav")
            assert audio.read(4) == b"RIFF"
        # the clock is in Vietnamese
        assert "ngày" in board.find_element(By.ID, "board-clock").text
    finally:
        board.quit()


def test_kiosk_prints_a_ticket_with_a_live_page(phone):
    phone.get(BASE_URL + "/kiosk")
    phone.find_element(By.ID, "kiosk-priority").click()
    phone.find_element(By.CSS_SELECTOR, "button.kiosk-area[data-area='dat-dai']").click()
    number = WebDriverWait(phone, 10).until(EC.presence_of_element_located((By.ID, "receipt-number"))).text
    assert number.startswith("2")
    assert phone.find_element(By.CSS_SELECTOR, ".receipt-qr svg")
    assert "Ưu tiên" in phone.find_element(By.ID, "queue-receipt").text
    phone.find_element(By.LINK_TEXT, "Trang theo dõi").click()
    status = WebDriverWait(phone, 10).until(EC.presence_of_element_located((By.ID, "live-status"))).text
    assert "người trước bạn" in status or "mời đến" in status
