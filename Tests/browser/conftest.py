"""Browser tests: a real headless Chromium, driven by selenium, against a running `motcua demo`.

MOTCUA_BASE_URL names the server (CI starts one); screenshots go to Tests/browser/screenshots/ (git-ignored).
"""
import os
import pathlib

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

BASE_URL = os.environ.get("MOTCUA_BASE_URL", "http://127.0.0.1:8080").rstrip("/")
SCREENSHOTS = pathlib.Path(__file__).parent / "screenshots"
PASSWORD = "MotCua@2026"


def make_driver(width=1280, height=900):
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={width},{height}", "--lang=vi-VN", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    options.binary_location = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
    # The console, so that tests can see what the Content-Security-Policy refused.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit driver path: selenium must never try to download a driver.
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.implicitly_wait(5)
    return driver


@pytest.fixture
def browser():
    driver = make_driver()
    yield driver
    driver.quit()


@pytest.fixture
def phone():
    driver = make_driver(390, 844)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


def login(driver, username, password=PASSWORD):
    """Signs in through the form and waits until the answer page has loaded (so the session cookie is set)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait
    driver.delete_all_cookies()
    driver.get(BASE_URL + "/dang-nhap")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    form = driver.find_element(By.ID, "login-form")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 10).until(EC.staleness_of(form))
