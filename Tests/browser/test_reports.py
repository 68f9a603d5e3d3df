"""Issue 13: the leaders' report (A4, SVG charts, CSV/XLSX), the public disclosure page and the XLSX workbook as a
spreadsheet program reads it (openpyxl)."""
import datetime
import io
import urllib.request

import openpyxl
from selenium.webdriver.common.by import By

from api_client import api, bearer
from conftest import BASE_URL, login


def last_twelve_months():
    today = datetime.date.today()
    return (today - datetime.timedelta(days=365)).isoformat(), today.isoformat()


def test_xlsx_report_opens_in_openpyxl_with_vietnamese_text_and_numbers():
    # setup: the province's leader asks for the demo's year by agency, as JSON and as a workbook
    token = bearer("lanhdaotinh")
    start, end = last_twelve_months()
    query = f"/api/v1/reports/dossiers?from={start}&to={end}&groupBy=agency"
    status, report = api("GET", query, token)
    assert status == 200, report
    assert report["total"]["received"] > 0
    request = urllib.request.Request(BASE_URL + query + "&format=xlsx", headers={"Authorization": "Bearer " + token})
    # act
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        workbook = openpyxl.load_workbook(io.BytesIO(response.read()))
    # assert: header in Vietnamese, frozen; one line per row plus the total; the numbers are numbers and equal the JSON
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "Cơ quan giải quyết"
    assert "Tổng số hồ sơ tiếp nhận" in header and "Giải quyết trễ hạn" in header
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= 40
    keys = [column["key"] for column in report["columns"]]
    lines = list(sheet.iter_rows(min_row=2, max_row=len(report["rows"]) + 2, values_only=True))
    assert [line[0] for line in lines] == [row["label"] for row in report["rows"]] + ["Tổng cộng"]
    total = lines[-1]
    for index, key in enumerate(keys, start=1):
        assert isinstance(total[index], (int, float)), (key, total[index])
        assert total[index] == report["total"][key], key
    received = keys.index("received") + 1
    assert sum(line[received] for line in lines[:-1]) == total[received]
    assert any("Đà Lạt" in (line[0] or "") for line in lines)


def test_csv_has_a_byte_order_mark():
    token = bearer("lanhdao")
    request = urllib.request.Request(BASE_URL + "/api/v1/reports/dossiers?format=csv", headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
    assert body.startswith(b"\xef\xbb\xbf")
    assert "Lĩnh vực" in body.decode("utf-8-sig").splitlines()[0]


def test_leader_report_page_prints_with_charts(browser, screenshots):
    start, end = last_twelve_months()
    login(browser, "lanhdaotinh")
    browser.get(f"{BASE_URL}/bao-cao?from={start}&to={end}&groupBy=agency")
    assert "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ" in browser.find_element(By.CLASS_NAME, "report-title").text
    assert "ngày" in browser.find_element(By.CLASS_NAME, "report-date").text
    assert len(browser.find_elements(By.CSS_SELECTOR, ".report-charts svg")) == 3
    rows = browser.find_elements(By.CSS_SELECTOR, "#report-table tbody tr")
    assert len(rows) >= 2
    assert browser.find_element(By.ID, "report-xlsx").get_attribute("href").endswith("format=xlsx")
    browser.save_screenshot(str(screenshots / "report-leader.png"))
    browser.get(f"{BASE_URL}/bao-cao/so-theo-doi?from={end}&to={end}")
    assert "SỔ THEO DÕI HỒ SƠ" in browser.find_element(By.CLASS_NAME, "report-title").text
    browser.get(f"{BASE_URL}/bao-cao/danh-gia?from={start}&to={end}")
    assert browser.find_elements(By.CSS_SELECTOR, "#evaluation-table tbody tr")
    browser.save_screenshot(str(screenshots / "report-evaluation.png"))


def test_public_disclosure_needs_no_login(phone, screenshots):
    start, end = last_twelve_months()
    phone.get(f"{BASE_URL}/cong-khai?from={start}&to={end}")
    statement = phone.find_element(By.ID, "public-statement").text
    assert "hồ sơ giải quyết đúng hạn và trước hạn" in statement
    assert phone.find_elements(By.CSS_SELECTOR, ".public-stats svg")
    phone.save_screenshot(str(screenshots / "report-public-phone.png"))
    status, stats = api("GET", f"/api/v1/public/statistics?from={start}&to={end}")
    assert status == 200 and stats["statement"] in statement
