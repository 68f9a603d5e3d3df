"""Issue 7 in a real browser: a page past the end links back (desktop and phone), the login back-off explains itself
in Vietnamese, and the Content-Security-Policy (no inline scripts) breaks none of the pages people use."""
import urllib.request

from selenium.webdriver.common.by import By

from conftest import BASE_URL, login


def csp_violations(driver):
    return [entry["message"] for entry in driver.get_log("browser")
            if "Content Security Policy" in entry["message"] or "Refused to" in entry["message"]]


def test_a_page_past_the_end_links_back_on_desktop_and_phone(browser, phone, screenshots):
    for driver, name in [(browser, "desktop"), (phone, "phone")]:
        driver.get(BASE_URL + "/thu-tuc?q=khai+sinh&page=8")
        note = driver.find_element(By.ID, "pager-past-end")
        assert "Trang 8 không có dữ liệu" in note.text
        link = note.find_element(By.TAG_NAME, "a")
        assert link.text.startswith("Về trang")
        driver.save_screenshot(str(screenshots / f"pager-past-end-{name}.png"))
        link.click()
        assert "q=khai" in driver.current_url
        assert driver.find_elements(By.CSS_SELECTOR, "#catalog-table tbody tr"), "the link leads back to results"
        assert driver.execute_script("return document.documentElement.scrollWidth") <= driver.execute_script("return window.innerWidth") + 1


def test_a_huge_page_number_is_explained_not_a_crash(browser):
    browser.get(BASE_URL + "/thu-tuc?page=99999999999999999999")
    assert "Số trang (page) phải là số nguyên" in browser.page_source
    with urllib.request.urlopen(BASE_URL + "/health") as response:
        assert response.status == 200


def test_the_login_back_off_is_explained_in_vietnamese(browser, screenshots):
    # An account nobody has: the answers are the same as for a real one, and no demo account is slowed down.
    for _ in range(5):
        login(browser, "khongtontai", "doan-thu")
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in browser.find_element(By.CSS_SELECTOR, ".alert.error").text
    login(browser, "khongtontai", "doan-thu")
    alert = browser.find_element(By.CSS_SELECTOR, ".alert.error").text
    assert "Có quá nhiều lần đăng nhập không thành công" in alert and "Vui lòng đợi" in alert
    browser.save_screenshot(str(screenshots / "login-back-off.png"))


def test_the_pages_people_use_run_under_the_content_security_policy(browser, screenshots):
    login(browser, "tiepnhan")
    for path in ["/", "/thu-tuc", "/mot-cua", "/mot-cua/tiep-nhan", "/mot-cua/tra-ket-qua", "/xu-ly", "/tra-cuu"]:
        browser.get(BASE_URL + path)
        assert not csp_violations(browser), f"{path}: {csp_violations(browser)}"
    # A slip: its print button is a script of ours now, not an inline onclick.
    browser.get(BASE_URL + "/xu-ly?status=all")
    code = browser.find_element(By.CSS_SELECTOR, "#inbox-table tbody a").text
    browser.get(BASE_URL + f"/ho-so/{code}/phieu/01")
    assert browser.find_element(By.CSS_SELECTOR, "button[data-print]")
    assert not csp_violations(browser), csp_violations(browser)
    login(browser, "lanhdao")
    browser.get(BASE_URL + "/thong-ke")
    assert not csp_violations(browser), csp_violations(browser)
    browser.save_screenshot(str(screenshots / "statistics-under-csp.png"))
    with urllib.request.urlopen(BASE_URL + "/thu-tuc") as response:
        policy = response.headers.get("Content-Security-Policy")
    script_src = policy.split("script-src")[1].split(";")[0]
    assert "'self'" in script_src and "unsafe-inline" not in script_src
