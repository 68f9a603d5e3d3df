"""Issue 2: a receptionist logs in and opens the catalogue; the pages are Vietnamese and work on a phone."""
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

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


def test_search_as_you_type_keeps_what_was_typed_across_pauses(browser, screenshots):
    """Typing with natural pauses (longer than the debounce) must not lose the spaces: the results update in place,
    the page is not reloaded and the search box is left alone."""
    browser.get(BASE_URL + "/thu-tuc")
    browser.execute_script("window.__sameDocument = true;")
    box = browser.find_element(By.ID, "catalog-q")
    for word in ["dang ", "ky ", "khai ", "sinh"]:
        for char in word:
            box.send_keys(char)
            time.sleep(0.05)
        time.sleep(0.6)   # longer than the 450 ms debounce: each pause fetches the results
    WebDriverWait(browser, 10).until(EC.url_contains("q=dang+ky+khai+sinh"))
    assert box.get_attribute("value") == "dang ky khai sinh"
    assert browser.execute_script("return window.__sameDocument === true"), "the page was reloaded"
    names = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#catalog-table tbody td:first-child a")]
    assert "Đăng ký khai sinh" in names, names
    status = browser.find_element(By.ID, "catalog-count")
    assert status.get_attribute("role") == "status" and f"trong {len(names)} thủ tục" in status.text, status.text
    assert browser.switch_to.active_element == box.wrapped_element
    browser.save_screenshot(str(screenshots / "catalogue-search-as-you-type.png"))

    # A filter narrows the same way, and the address can be reloaded or shared.
    Select(browser.find_element(By.NAME, "level")).select_by_index(1)
    WebDriverWait(browser, 10).until(EC.url_contains("level="))
    assert browser.execute_script("return window.__sameDocument === true")
    browser.refresh()
    assert browser.find_element(By.ID, "catalog-q").get_attribute("value") == "dang ky khai sinh"


def test_catalogue_search_works_without_javascript(browser):
    # The page's script is not loaded (as when it fails to load or is turned off): the plain GET form remains.
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/js/app.js"]})
    browser.get(BASE_URL + "/thu-tuc")
    browser.execute_script("window.__firstDocument = true;")
    box = browser.find_element(By.ID, "catalog-q")
    box.send_keys("dang ky khai sinh" + Keys.ENTER)
    WebDriverWait(browser, 10).until(EC.url_contains("q=dang+ky+khai+sinh"))
    assert browser.execute_script("return window.__firstDocument") is None, "the form was submitted, a new page loaded"
    names = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#catalog-table tbody td:first-child a")]
    assert "Đăng ký khai sinh" in names, names
    assert browser.find_element(By.ID, "catalog-q").get_attribute("value") == "dang ky khai sinh"
