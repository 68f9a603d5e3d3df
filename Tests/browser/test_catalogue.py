"""Issue 2: a receptionist logs in and opens the catalogue; the pages are Vietnamese and work on a phone."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE_URL, login


def test_receptionist_logs_in_and_searches_the_catalogue(browser, screenshots):
    login(browser, "tiepnhan")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".who")))
    assert "Nguyễn Thị Thu Hà" in browser.find_element(By.CSS_SELECTOR, ".who").text

    browser.get(BASE_URL + "/thu-tuc")
    assert "Danh mục thủ tục hành chính" in browser.find_element(By.TAG_NAME, "h1").text
    rows = browser.find_elements(By.CSS_SELECTOR, "#catalog-table tbody tr")
    assert len(rows) >= 10

    # Search as you type: typing without pressing Enter narrows the list (diacritics optional).
    box = browser.find_element(By.ID, "catalog-q")
    box.send_keys("khai sinh")
    WebDriverWait(browser, 10).until(EC.url_contains("q=khai"))
    names = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#catalog-table tbody td:first-child a")]
    assert names and all("khai sinh" in name.lower() for name in names)
    browser.save_screenshot(str(screenshots / "catalogue-search.png"))

    browser.find_element(By.LINK_TEXT, "Đăng ký khai sinh").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Đăng ký khai sinh"
    assert "Thành phần hồ sơ" in browser.page_source


def test_wrong_password_explains_in_vietnamese(browser):
    login(browser, "tiepnhan", "sai-mat-khau")
    alert = browser.find_element(By.CSS_SELECTOR, ".alert.error")
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in alert.text


def test_catalogue_fits_a_phone_screen(phone, screenshots):
    phone.get(BASE_URL + "/thu-tuc")
    width = phone.execute_script("return document.documentElement.scrollWidth")
    viewport = phone.execute_script("return window.innerWidth")
    phone.save_screenshot(str(screenshots / "catalogue-phone.png"))
    assert width <= viewport + 1, f"page scrolls sideways on a phone: {width} > {viewport}"
