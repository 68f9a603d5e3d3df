"""Issue 8 at the counter: the procedure picker by keyboard, and the CCCD QR scan on the intake form."""
import json
from urllib.parse import unquote

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE_URL, login


def highlighted(driver):
    """The positions of the suggestions marked aria-selected=true."""
    options = driver.find_elements(By.CSS_SELECTOR, "#procedure-results [role=option]")
    return [i for i, option in enumerate(options) if option.get_attribute("aria-selected") == "true"], options


def test_arrows_move_the_highlight_and_enter_opens_it(browser):
    login(browser, "tiepnhan")
    browser.get(BASE_URL + "/mot-cua/tiep-nhan")
    picker = browser.current_url
    box = browser.find_element(By.ID, "procedure-q")
    # Arrows pressed right after typing, before the suggestions are shown: they open the list and move the
    # highlight once the suggestions arrive; nothing is opened.
    box.send_keys("khai sinh")
    box.send_keys(Keys.ARROW_DOWN)
    box.send_keys(Keys.ARROW_DOWN)
    WebDriverWait(browser, 10).until(lambda d: highlighted(d)[0])
    marked, options = highlighted(browser)
    assert len(options) >= 3, "the demo catalogue has several 'khai sinh' procedures"
    assert marked == [1], marked
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-activedescendant") == options[1].get_attribute("id")
    assert browser.current_url == picker
    # Once shown, each arrow moves by one.
    box.send_keys(Keys.ARROW_DOWN)
    assert highlighted(browser)[0] == [2]
    box.send_keys(Keys.ARROW_UP)
    assert highlighted(browser)[0] == [1]
    assert browser.current_url == picker
    # Escape closes the list; ArrowDown opens it again on the first suggestion, still without navigating.
    box.send_keys(Keys.ESCAPE)
    assert not browser.find_element(By.ID, "procedure-results").is_displayed()
    box.send_keys(Keys.ARROW_DOWN)
    assert browser.find_element(By.ID, "procedure-results").is_displayed()
    assert highlighted(browser)[0] == [0]
    box.send_keys(Keys.ARROW_DOWN)
    marked, options = highlighted(browser)
    assert marked == [1] and browser.current_url == picker
    # Enter opens the highlighted procedure's intake form.
    chosen = options[1].find_element(By.TAG_NAME, "a").get_attribute("href")
    box.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(EC.url_contains("procedure="))
    assert browser.current_url == chosen
    code = unquote(chosen.split("procedure=")[1])
    assert browser.find_element(By.CSS_SELECTOR, ".chosen-procedure .code").text == code
    assert browser.find_element(By.ID, "intake-form")


def test_enter_with_nothing_highlighted_only_shows_the_suggestions(browser):
    login(browser, "tiepnhan")
    browser.get(BASE_URL + "/mot-cua/tiep-nhan")
    picker = browser.current_url
    # An earlier choice left in the fallback list (as the browser restores it after Back) must not be what Enter opens.
    browser.execute_script("document.getElementById('procedure-select').selectedIndex = 1;")
    box = browser.find_element(By.ID, "procedure-q")
    box.send_keys("khai sinh" + Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: box.get_attribute("aria-expanded") == "true")
    assert browser.current_url == picker
    marked, options = highlighted(browser)
    assert marked == [] and options
    assert "thủ tục phù hợp" in browser.find_element(By.ID, "procedure-status").text
    box.send_keys(Keys.ENTER)
    assert browser.current_url == picker
    # Too short to search: Enter explains, and still submits nothing.
    box.clear()
    box.send_keys("k" + Keys.ENTER)
    assert browser.current_url == picker
    assert "ít nhất 2 ký tự" in browser.find_element(By.ID, "procedure-status").text
