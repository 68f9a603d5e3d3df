"""The electronic work calendar in a real headless Chromium against `motcua demo`, and its iCalendar feed read by a
real calendar client (khal) as a subscriber would:

 - the public page shows Đà Lạt's seeded, approved week with the engagement moved after publication marked;
 - `vanthu` drafts two engagements in a future week: not public, not in the feed; `lanhdao` approves the week: both
   appear on the page and in the agency's and the chairing officer's feeds;
 - `vanthu` moves one and cancels the other; the feed keeps both UIDs with SEQUENCE 1, the cancelled one as
   STATUS:CANCELLED; khal, importing the feed again over its first copy, shows the new time once and the cancellation;
 - the week prints on one A4 landscape sheet.
"""
import base64
import datetime
import os
import random
import re
import shutil
import subprocess
import urllib.request

import icalendar
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import BASE_URL, login, wait

DA_LAT = "000.00.21.H36"


def snap(driver, screenshots, name):
    driver.save_screenshot(str(screenshots / name))


def fetch(path):
    with urllib.request.urlopen(BASE_URL + path, timeout=20) as response:
        assert response.status == 200
        assert response.headers.get_content_type() == "text/calendar"
        return response.read()


def events_by_uid(feed):
    calendar = icalendar.Calendar.from_ical(feed)
    timezones = [tz for tz in calendar.walk("VTIMEZONE")]
    assert [str(tz["TZID"]) for tz in timezones] == ["Asia/Ho_Chi_Minh"]
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def future_monday():
    """A week nobody has touched: the demo seeds this week and next; reruns on one demo pick another week."""
    today = datetime.date.today()
    monday = today - datetime.timedelta(days=today.weekday())
    return monday + datetime.timedelta(weeks=random.randint(8, 400))


def set_value(driver, element, value):
    driver.execute_script("arguments[0].value = arguments[1];", element, value)


def submit_form(driver, form):
    button = form.find_element(By.CSS_SELECTOR, "button[type=submit]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    button.click()
    wait(driver).until(EC.staleness_of(form))


def add_entry(driver, day, start, end, content, place, chair=None, chair_other=None):
    form = driver.find_element(By.ID, "schedule-form")
    set_value(driver, form.find_element(By.NAME, "date"), day.isoformat())
    set_value(driver, form.find_element(By.NAME, "from"), start)
    set_value(driver, form.find_element(By.NAME, "to"), end)
    form.find_element(By.NAME, "content").send_keys(content)
    form.find_element(By.NAME, "place").send_keys(place)
    if chair:
        Select(form.find_element(By.NAME, "chair")).select_by_value(chair)
    if chair_other:
        form.find_element(By.NAME, "chairOther").send_keys(chair_other)
    form.find_element(By.NAME, "attendees").send_keys("Trưởng các phòng chuyên môn")
    form.find_element(By.NAME, "preparer").send_keys("Văn phòng HĐND và UBND thành phố")
    submit_form(driver, form)
    notice = wait(driver).until(EC.presence_of_element_located((By.ID, "notice"))).text
    assert notice.startswith("Đã thêm lịch"), notice


def entry_row(driver, content):
    for row in driver.find_elements(By.CSS_SELECTOR, "#work-calendar tr.entry"):
        if content in row.text:
            return row
    raise AssertionError(f"no calendar row with {content!r} on {driver.current_url}")


def khal_view(home, feed_path, start):
    """Imports the feed into khal's local calendar (as a subscription refresh does) and lists the week."""
    config = home / "config"
    if not config.exists():
        (home / "cal").mkdir()
        config.write_text(
            "[calendars]\n[[lich]]\npath = %s\ntype = calendar\n[locale]\ntimeformat = %%H:%%M\ndateformat = %%Y-%%m-%%d\n"
            "longdateformat = %%Y-%%m-%%d\ndatetimeformat = %%Y-%%m-%%d %%H:%%M\nlongdatetimeformat = %%Y-%%m-%%d %%H:%%M\n"
            "default_timezone = Asia/Ho_Chi_Minh\nlocal_timezone = Asia/Ho_Chi_Minh\n" % (home / "cal"))
    env = dict(os.environ, XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "xdg"), TZ="Asia/Ho_Chi_Minh")
    # khal is a Debian program: it runs on the system's Python, whatever python3 the tests run on.
    subprocess.run(["khal", "-c", str(config), "import", "--batch", "-a", "lich", str(feed_path)], check=True, env=env,
                   capture_output=True, timeout=60)
    listed = subprocess.run(["khal", "-c", str(config), "list", "--format", "{start} {end}|{title}|{status}",
                             start.isoformat(), "7d"], check=True, env=env, capture_output=True, text=True, timeout=60)
    return [line for line in listed.stdout.splitlines() if "|" in line]


def test_seeded_week_is_public_with_its_changes(browser, screenshots):
    browser.get(f"{BASE_URL}/lich-cong-tac")
    browser.find_element(By.LINK_TEXT, "Ủy ban nhân dân thành phố Đà Lạt").click()
    wait(browser).until(EC.presence_of_element_located((By.ID, "work-calendar")))
    assert "Tuần" in browser.find_element(By.ID, "week-label").text
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, ".change-mark")]
    assert any("Điều chỉnh lúc" in m and "trùng lịch họp của UBND tỉnh" in m for m in marks), marks
    snap(browser, screenshots, "work-calendar-public.png")
    # Next week holds the seeded cancellation: struck out, marked, still listed.
    browser.find_element(By.CSS_SELECTOR, "a[rel=next]").click()
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#work-calendar tr.cancelled")))
    cancelled = browser.find_element(By.CSS_SELECTOR, "#work-calendar tr.cancelled").text
    assert "Đã hủy" in cancelled and "Đối thoại với doanh nghiệp" in cancelled, cancelled
    # Print: A4 landscape (842 × 595 points), the seeded week of five engagements on one sheet.
    browser.get(f"{BASE_URL}/lich-cong-tac/{DA_LAT}")
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})["data"])
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert boxes and all(round(float(w)) == 842 and round(float(h)) == 595 for w, h in boxes), boxes
    assert len(boxes) == 1, f"the week prints on {len(boxes)} pages"


def test_draft_approve_change_cancel_reaches_the_subscribed_client(browser, screenshots, tmp_path):
    monday = future_monday()
    tuesday, thursday = monday + datetime.timedelta(days=1), monday + datetime.timedelta(days=3)
    tag = random.randint(1000, 9999)
    moved = f"Họp thẩm định hồ sơ quy hoạch phân khu số {tag}"
    dropped = f"Làm việc với Đoàn kiểm tra cải cách hành chính số {tag}"

    login(browser, "vanthu")
    browser.get(f"{BASE_URL}/van-phong/lich-cong-tac?ngay={monday.isoformat()}")
    assert "Bản nháp" in browser.find_element(By.ID, "week-state").text
    assert not browser.find_elements(By.ID, "form-approve"), "a clerk cannot approve"
    add_entry(browser, tuesday, "08:00", "10:00", moved, "Phòng họp số 2, UBND thành phố", chair="lanhdao")
    add_entry(browser, thursday, "14:00", "16:00", dropped, "Hội trường UBND thành phố", chair_other="Phó Chủ tịch UBND thành phố Trần Thị Hồng")
    snap(browser, screenshots, "work-calendar-office-draft.png")

    # A draft is neither on the public page nor in the feed.
    browser.get(f"{BASE_URL}/lich-cong-tac/{DA_LAT}?ngay={monday.isoformat()}")
    assert browser.find_elements(By.ID, "not-published")
    assert not any(moved in str(e["SUMMARY"]) for e in events_by_uid(fetch(f"/lich-cong-tac/{DA_LAT}.ics")).values())

    login(browser, "lanhdao")
    browser.get(f"{BASE_URL}/van-phong/lich-cong-tac?ngay={monday.isoformat()}")
    form = browser.find_element(By.ID, "form-approve")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 5).until(EC.alert_is_present()).accept()
    wait(browser).until(EC.staleness_of(form))
    assert "Đã duyệt và công bố" in browser.find_element(By.ID, "notice").text
    assert "Đã công bố" in browser.find_element(By.ID, "week-state").text

    first = fetch(f"/lich-cong-tac/{DA_LAT}.ics")
    events = events_by_uid(first)
    ours = {str(e["SUMMARY"]): uid for uid, e in events.items() if str(tag) in str(e["SUMMARY"])}
    assert set(ours) == {moved, dropped}, ours
    moved_uid, dropped_uid = ours[moved], ours[dropped]
    assert events[moved_uid]["DTSTART"].dt == datetime.datetime.combine(tuesday, datetime.time(8, 0), tzinfo=events[moved_uid]["DTSTART"].dt.tzinfo)
    assert events[moved_uid]["DTSTART"].dt.utcoffset() == datetime.timedelta(hours=7)
    assert int(events[moved_uid]["SEQUENCE"]) == 0 and str(events[moved_uid]["STATUS"]) == "CONFIRMED"
    assert moved_uid in events_by_uid(fetch("/lich-cong-tac/can-bo/lanhdao.ics")), "the chair's own feed"

    client = tmp_path / "khal"
    client.mkdir()
    (tmp_path / "v1.ics").write_bytes(first)
    before = khal_view(client, tmp_path / "v1.ics", monday)
    assert any(moved in line and line.startswith(f"{tuesday.isoformat()} 08:00") for line in before), before

    # After publication: the office moves one engagement and cancels the other.
    login(browser, "vanthu")
    browser.get(f"{BASE_URL}/van-phong/lich-cong-tac?ngay={monday.isoformat()}")
    entry_row(browser, moved).find_element(By.LINK_TEXT, "Sửa").click()
    form = wait(browser).until(EC.presence_of_element_located((By.ID, "schedule-form")))
    set_value(browser, form.find_element(By.NAME, "from"), "15:00")
    set_value(browser, form.find_element(By.NAME, "to"), "17:00")
    form.find_element(By.NAME, "note").send_keys("Dời sang buổi chiều do lãnh đạo đi công tác tỉnh.")
    submit_form(browser, form)
    assert "điều chỉnh" in browser.find_element(By.ID, "notice").text
    row = entry_row(browser, dropped)
    row.find_element(By.NAME, "reason").send_keys("Đoàn kiểm tra đề nghị hoãn.")
    cancel = row.find_element(By.CSS_SELECTOR, "form button[type=submit]")
    cancel.click()
    WebDriverWait(browser, 5).until(EC.alert_is_present()).accept()
    wait(browser).until(EC.staleness_of(cancel))
    assert "Đã hủy lịch" in browser.find_element(By.ID, "notice").text

    browser.get(f"{BASE_URL}/lich-cong-tac/{DA_LAT}?ngay={monday.isoformat()}")
    assert "15:00 – 17:00" in entry_row(browser, moved).text
    assert "Dời sang buổi chiều" in entry_row(browser, moved).text
    assert "Đã hủy" in entry_row(browser, dropped).text and "Đoàn kiểm tra đề nghị hoãn." in entry_row(browser, dropped).text
    snap(browser, screenshots, "work-calendar-public-changed.png")

    second = fetch(f"/lich-cong-tac/{DA_LAT}.ics")
    events = events_by_uid(second)
    assert int(events[moved_uid]["SEQUENCE"]) == 1 and str(events[moved_uid]["STATUS"]) == "CONFIRMED"
    assert events[moved_uid]["DTSTART"].dt.hour == 15
    assert int(events[dropped_uid]["SEQUENCE"]) == 1 and str(events[dropped_uid]["STATUS"]) == "CANCELLED"

    (tmp_path / "v2.ics").write_bytes(second)
    after = khal_view(client, tmp_path / "v2.ics", monday)
    ours_after = [line for line in after if str(tag) in line]
    assert len(ours_after) == 2, after
    assert any(moved in line and line.startswith(f"{tuesday.isoformat()} 15:00 {tuesday.isoformat()} 17:00") and "CONFIRMED" in line
               for line in ours_after), ours_after
    assert any(dropped in line and line.rstrip().endswith("|CANCELLED") for line in ours_after), ours_after


def test_office_pages_need_the_office(browser):
    browser.delete_all_cookies()
    browser.get(f"{BASE_URL}/van-phong/lich-cong-tac")
    assert "/dang-nhap" in browser.current_url
    login(browser, "tiepnhan")
    browser.get(f"{BASE_URL}/van-phong/lich-cong-tac")
    assert "403" in browser.find_element(By.TAG_NAME, "h1").text or "quyền" in browser.find_element(By.TAG_NAME, "body").text


assert shutil.which("khal") or os.environ.get("MOTCUA_REQUIRE_TOOLS") != "1", "khal (the calendar client) is not installed"
