"""E-mail end to end: the demo (started by CI with MOTCUA_SMTP_URL pointing at scripts/smtp-sink.py) mails the applicant
when a dossier is accepted; the sink saved it in MOTCUA_MAIL_DIR; officers and the administrator see it as sent."""
import email
import email.policy
import json
import os
import pathlib
import random
import time
import urllib.request

import pytest
from selenium.webdriver.common.by import By

from conftest import BASE_URL, PASSWORD, login

MAIL_DIR = os.environ.get("MOTCUA_MAIL_DIR")
PROCEDURE = "2.000528.000.00.00.H36"
pytestmark = pytest.mark.skipif(not MAIL_DIR and os.environ.get("MOTCUA_REQUIRE_TOOLS") != "1",
                                reason="needs MOTCUA_MAIL_DIR (the directory of scripts/smtp-sink.py the demo mails through)")


def api(path, body, token=None):
    request = urllib.request.Request(BASE_URL + "/api/v1" + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": "Bearer " + token} if token else {})})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def received(subject_part, timeout=40):
    """The first .eml in MOTCUA_MAIL_DIR whose decoded subject contains `subject_part`."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for path in sorted(pathlib.Path(MAIL_DIR).glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if subject_part in str(message["subject"]):
                return message
        time.sleep(1)
    raise AssertionError(f"no mail with “{subject_part}” in {MAIL_DIR} after {timeout} s")


def test_accepting_an_online_dossier_mails_the_applicant(browser):
    assert MAIL_DIR, "MOTCUA_MAIL_DIR is not set"
    token = api("/auth/login", {"username": "tiepnhan", "password": PASSWORD})["token"]
    address = f"nguoi-nop-{random.randint(0, 10**9)}@example.vn"
    created = api("/dossiers", {"procedureCode": PROCEDURE, "channel": "online",
                                "applicant": {"fullName": "Trần Thị Thư", "idNumber": "068095%06d" % random.randint(0, 999999),
                                              "phone": "0912345678", "email": address, "address": "1 Lê Lợi, Đà Lạt"}}, token)
    code = created["code"]
    api(f"/dossiers/{code}/transitions", {"action": "accept"}, token)

    message = received(code)
    assert str(message["subject"]) == f"Hồ sơ {code} đã được tiếp nhận"
    assert address in str(message["to"])
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f"Mã hồ sơ: {code}" in text and "Kính gửi Trần Thị Thư," in text
    assert f"/tra-cuu/{code}" in html

    # The officer's dossier page and the administrator's list say it was sent.
    login(browser, "tiepnhan")
    browser.get(BASE_URL + f"/ho-so/{code}")
    section = browser.find_element(By.ID, "mails")
    assert "Đã gửi" in section.text and f"Hồ sơ {code} đã được tiếp nhận" in section.text
    login(browser, "quantri")
    browser.get(BASE_URL + "/quan-tri/thu-da-gui")
    assert browser.find_element(By.ID, "mail-server")
    row = browser.find_element(By.XPATH, f"//table[@id='mail-list']//tr[contains(., '{code}')]")
    assert "Đã gửi" in row.text
    row.find_element(By.TAG_NAME, "a").click()
    assert f"Mã hồ sơ: {code}" in browser.find_element(By.ID, "mail-text").text
    assert str(message["message-id"]) in browser.page_source.replace("&lt;", "<").replace("&gt;", ">")
