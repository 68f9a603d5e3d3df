"""The online filing journey (the issue's acceptance test), in a real headless Chromium against `motcua demo` wired
to a real SMTP server (scripts/smtp-sink.py, whose directory of .eml files MOTCUA_MAIL_DIR names, as .ci/run sets it):

 1. a new citizen registers at /dang-ky (a fresh e-mail address and CCCD each run);
 2. reads the verification mail (Vietnamese subject, RFC 2047), opens its /xac-thuc-email/… link, signs in;
 3. files a level-3 procedure online: two multi-megabyte PDFs go up by tus in 1 MB chunks, and the line drops in the
    middle of the second (DevTools' offline mode): the upload resumes from the server's offset (seen in the
    DevTools Network events: one creation, a PATCH cut off, a HEAD, then a PATCH starting at a non-zero offset);
 4. asks for the result electronically and submits: "Mới đăng ký" and the "received online" mail;
 5. the receptionist finds it on the counter desk, sees the files, accepts it: the mail with the appointment;
 6. the leader starts and resolves it with a result PDF (dossier page's forms), the receptionist returns it
    online (JSON API: the return desk offers only the counter and the post);
 7. the citizen downloads the result, whose SHA-256 (computed in the page) is the one shown, rates it once.

Screenshots of every page go to MOTCUA_E2E_SHOTS (default /tmp/e2e-shots). A second test times the filing of a
dossier with two 5 MB files, from the click on "Nộp hồ sơ trực tuyến" to the dossier code on screen.
"""
import email
import email.policy
import hashlib
import json
import os
import pathlib
import random
import re
import tempfile
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from api_client import api, bearer
from conftest import BASE_URL, axe_check_again, login, make_driver, network_events, wait

MAIL_WAIT = 40            # the outbox worker looks every 5 s when idle; the sink writes each message at once
PROCEDURE = "2.000635.000.00.00.H36"   # Cấp bản sao trích lục hộ tịch, bản sao Giấy khai sinh — level 3
PROCEDURE_NAME = "Cấp bản sao trích lục hộ tịch, bản sao Giấy khai sinh"
MB = 1024 * 1024
CODE = re.compile(r"\d{3}\.\d{2}\.\d{2}\.H\d{2}-\d{6}-\d{4}")
SHOTS = pathlib.Path(os.environ.get("MOTCUA_E2E_SHOTS", "/tmp/e2e-shots"))
CITIZEN_PASSWORD = "Trich-luc-Ho-tich-2026!"   # ≥ 10 characters, not a common one
VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)


def mail_dir():
    folder = os.environ.get("MOTCUA_MAIL_DIR")
    if not folder:
        pytest.fail("MOTCUA_MAIL_DIR must name the directory where scripts/smtp-sink.py saves the demo's mail "
                    "(the demo must run with MOTCUA_SMTP_URL pointing at that sink), as .ci/run does", pytrace=False)
    path = pathlib.Path(folder)
    assert path.is_dir(), f"MOTCUA_MAIL_DIR={folder} is not a directory"
    return path


def snap(driver, name):
    """A screenshot of the whole page (the window made as tall as the document), from the top."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = driver.get_window_size()
    height = driver.execute_script("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight);")
    driver.set_window_size(size["width"], min(max(height + 140, size["height"]), 6000))
    driver.execute_script("window.scrollTo(0, 0);")
    driver.save_screenshot(str(SHOTS / name))
    driver.set_window_size(size["width"], size["height"])


def body_text(driver):
    return driver.find_element(By.TAG_NAME, "body").text


def h1(driver):
    return driver.find_element(By.TAG_NAME, "h1").text.strip()


def unique_citizen():
    """A fresh e-mail address and a well-formed CCCD (province 068 Lâm Đồng, 1900s, year 60–99, six digits) per run."""
    now = time.time_ns() // 1000
    serial = f"{now % 1_000_000:06d}"
    year = 60 + (now // 1_000_000) % 40
    sex = random.choice("01")
    stamp = f"{now}{random.randint(100, 999)}"
    return {
        "fullName": random.choice(["Nguyễn Thị Hằng", "Trần Văn Phước", "Lê Ngọc Ánh", "Phạm Quốc Dũng", "Đỗ Thùy Linh"]),
        "idNumber": f"068{sex}{year:02d}{serial}",
        "phone": "09" + stamp[-8:],
        "email": f"cong-dan-{stamp}@thu-nghiem.example.vn",
    }


# ── mail ────────────────────────────────────────────────────────────────────────────────────────────────────────────

def wait_for_mail(to, subject, timeout=MAIL_WAIT):
    """The message the sink saved for `to` whose decoded subject is `subject` (a string or a compiled pattern)."""
    folder = mail_dir()
    deadline = time.time() + timeout
    seen = []
    while True:
        seen = []
        for path in sorted(folder.glob("*.eml")):
            raw = path.read_bytes()
            message = email.message_from_bytes(raw, policy=email.policy.default)
            if to.lower() not in str(message["x-envelope-to"] or "").lower() and to.lower() not in str(message["to"] or "").lower():
                continue
            decoded = str(message["subject"] or "")
            seen.append(decoded)
            matches = subject.search(decoded) if hasattr(subject, "search") else decoded == subject
            if matches:
                return message, raw
        if time.time() > deadline:
            raise AssertionError(f"no mail {subject!r} to {to} in {folder} within {timeout} s; mail to {to}: {seen}")
        time.sleep(1)


def raw_subject(raw):
    """The Subject header as it travelled (unfolded), before decoding."""
    head = raw.split(b"\r\n\r\n", 1)[0].replace(b"\r\n ", b" ").replace(b"\r\n\t", b" ")
    match = re.search(rb"^Subject: (.*)$", head, re.MULTILINE | re.IGNORECASE)
    assert match, "the message has no Subject header"
    return match.group(1).decode("ascii")


def text_of(message):
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, "the message has no text/plain part"
    return part.get_content()


def check_vietnamese_subject(message, raw, expected):
    decoded = str(message["subject"])
    assert decoded == expected, decoded
    assert VIETNAMESE.search(decoded), f"the subject is not Vietnamese: {decoded!r}"
    travelled = raw_subject(raw)
    assert "=?utf-8?" in travelled.lower(), f"the subject is not RFC 2047 encoded: {travelled!r}"


# ── files ───────────────────────────────────────────────────────────────────────────────────────────────────────────

def pdf_file(directory, name, title, size):
    """A valid one-page PDF of exactly `size` bytes: the page says `title`; an unreferenced stream of random bytes
    pads it (so that the upload takes several 1 MB chunks and two files never have the same SHA-256); the cross-
    reference table gives every object's true offset."""
    header = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    content = b"BT /F1 16 Tf 60 780 Td (" + title.encode("ascii") + b") Tj ET\n"
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]

    def assemble(padding):
        out = bytearray(header)
        offsets = []
        for number, body in enumerate(bodies + [b"<< /Length %d >>\nstream\n" % len(padding) + padding + b"\nendstream"], 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
        for offset in offsets:
            out += b"%010d 00000 n \n" % offset
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref)
        return bytes(out)

    overhead = len(assemble(b""))
    padding = os.urandom(size - overhead)
    data = assemble(padding)
    # The padding's length figures in its own /Length and in the offsets' digits: settle the size exactly.
    while len(data) != size:
        padding = padding[: len(padding) - (len(data) - size)] if len(data) > size else padding + os.urandom(size - len(data))
        data = assemble(padding)
    # Every xref entry points at its object.
    xref_at = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", data).group(1))
    entries = re.findall(rb"(\d{10}) 00000 n ", data[xref_at:])
    for number, offset in enumerate(entries, 1):
        assert data[int(offset):].startswith(b"%d 0 obj\n" % number)
    path = pathlib.Path(directory) / name
    path.write_bytes(data)
    return path


def sha256_of(path):
    return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()


# ── the JSON API (the return online, which no page offers) ──────────────────────────────────────────────────────────

# ── steps shared by both tests ──────────────────────────────────────────────────────────────────────────────────────

def register_and_verify(driver, person, shot_prefix=None):
    """Steps 1–2: the form at /dang-ky, the verification mail, its link, and signing in with the e-mail address."""
    driver.delete_all_cookies()
    driver.get(BASE_URL + "/dang-ky")
    assert h1(driver) == "Đăng ký tài khoản công dân"
    form = driver.find_element(By.ID, "register-form")
    for field in ("fullName", "idNumber", "phone", "email"):
        form.find_element(By.NAME, field).send_keys(person[field])
    form.find_element(By.NAME, "password").send_keys(CITIZEN_PASSWORD)
    if shot_prefix:
        snap(driver, f"{shot_prefix}-01-register-form.png")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(driver).until(EC.staleness_of(form))
    assert h1(driver) == "Kiểm tra hộp thư của bạn", body_text(driver)
    assert person["email"] in body_text(driver)
    if shot_prefix:
        snap(driver, f"{shot_prefix}-02-register-done.png")

    message, raw = wait_for_mail(person["email"], "Xác nhận địa chỉ thư điện tử – Cổng dịch vụ công một cửa")
    check_vietnamese_subject(message, raw, "Xác nhận địa chỉ thư điện tử – Cổng dịch vụ công một cửa")
    text = text_of(message)
    assert person["fullName"] in text, text
    links = re.findall(r"https?://[^\s<>\"]+/xac-thuc-email/[A-Za-z0-9_\-]+", text)
    assert len(set(links)) == 1, f"one verification link expected in the mail: {text}"
    link = links[0]
    assert link.startswith(BASE_URL + "/xac-thuc-email/"), f"the link does not lead to this server: {link}"
    html = message.get_body(preferencelist=("html",))
    assert html is not None and link in html.get_content(), "the HTML part carries the same link"

    driver.get(link)
    assert h1(driver) == "Đã xác thực thư điện tử", body_text(driver)
    assert person["fullName"] in body_text(driver) and person["email"] in body_text(driver)
    if shot_prefix:
        snap(driver, f"{shot_prefix}-03-verified.png")

    login(driver, person["email"], CITIZEN_PASSWORD)
    assert "/dang-nhap" not in driver.current_url, body_text(driver)
    driver.get(BASE_URL + "/ho-so-cua-toi")
    assert h1(driver) == "Hồ sơ của tôi", f"the citizen is not signed in: {driver.current_url}"


def open_filing_form(driver):
    """Step 3's start: the procedure page's "Nộp hồ sơ trực tuyến" opens a new draft's form."""
    driver.get(f"{BASE_URL}/thu-tuc/{PROCEDURE}")
    assert h1(driver) == PROCEDURE_NAME
    button = driver.find_element(By.ID, "file-online")
    assert button.text.strip() == "Nộp hồ sơ trực tuyến" and button.tag_name == "button", button.text
    return button


def components(driver):
    """(required component, another component) of the filing form, as their <li> elements."""
    items = driver.find_elements(By.CSS_SELECTOR, "#draft-form li.component")
    assert len(items) >= 2, "the procedure has several components"
    required = [li for li in items if "bắt buộc" in li.find_element(By.CSS_SELECTOR, "label.inline").text]
    assert required, "a component is marked “bắt buộc”"
    other = [li for li in items if li not in required]
    assert other, "a component that is not required"
    return required[0], other[0]


def listed_files(item):
    return [li.text for li in item.find_elements(By.CSS_SELECTOR, "ul.attachments li")]


def wait_for_listed(driver, item, filename, timeout=120):
    status = item.find_element(By.CSS_SELECTOR, ".upload-status")

    def done(_):
        if "error-text" in (status.get_attribute("class") or ""):
            raise AssertionError(f"upload of {filename} failed: {status.text}")
        return any(filename in text for text in listed_files(item))
    wait(driver, timeout).until(done)
    assert status.text == f"Đã tải lên “{filename}”.", status.text


# Each line of each option's text must lie inside the box of the choice (and not be cut by it).
CLIPPED_OPTIONS = """
var box = document.querySelector('input[name=deliveryMethod]').closest('fieldset');
var b = box.getBoundingClientRect();
return Array.prototype.filter.call(box.querySelectorAll('label'), function (label) {
  var range = document.createRange();
  range.selectNodeContents(label);
  return Array.prototype.some.call(range.getClientRects(), function (r) {
    return r.width > 0 && (r.top < b.top - 1 || r.bottom > b.bottom + 1 || r.left < b.left - 1 || r.right > b.right + 1);
  }) || label.scrollHeight > label.clientHeight + 1 && label.clientHeight > 0;
}).map(function (label) { return label.textContent.trim(); });
"""


def clipped_delivery_options(driver):
    """The delivery options whose text the page cuts off (the citizen cannot read what they choose)."""
    return driver.execute_script(CLIPPED_OPTIONS)


def choose_online_delivery_and_submit(driver):
    """Step 4: "Trả kết quả điện tử", then "Nộp hồ sơ"; returns the dossier code on the page it lands on."""
    radio = driver.find_element(By.CSS_SELECTOR, "input[name=deliveryMethod][value=online]")
    label = radio.find_element(By.XPATH, "./ancestor::label[1]").text.strip()
    assert label == "Trả kết quả điện tử", label
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", radio)
    radio.click()
    assert radio.is_selected()
    button = driver.find_element(By.ID, "submit-draft")
    assert button.text.strip() == "Nộp hồ sơ"
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    button.click()
    wait(driver).until(lambda d: "/ban-nhap/" not in d.current_url)
    match = re.fullmatch(re.escape(BASE_URL) + r"/ho-so-cua-toi/(" + CODE.pattern + r")", driver.current_url)
    assert match, f"submitting did not land on the dossier's page: {driver.current_url}\n{body_text(driver)[:800]}"
    code = match.group(1)
    wait(driver).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "dd.dossier-code"), code))
    return code


# ── CDP network events ──────────────────────────────────────────────────────────────────────────────────────────────

def upload_requests(events):
    """The tus requests among the DevTools events: [{id, method, url, offset, failed, status}] in order sent."""
    requests, by_id = [], {}
    for event in events:
        params = event["params"]
        if event["method"] == "Network.requestWillBeSent":
            request = params["request"]
            if "/api/v1/uploads" not in request["url"]:
                continue
            headers = {k.lower(): v for k, v in request.get("headers", {}).items()}
            entry = {"id": params["requestId"], "method": request["method"], "url": request["url"],
                     "offset": int(headers["upload-offset"]) if "upload-offset" in headers else None,
                     "failed": None, "status": None, "location": None}
            requests.append(entry)
            by_id[params["requestId"]] = entry
        elif event["method"] == "Network.responseReceived" and params["requestId"] in by_id:
            response = params["response"]
            entry = by_id[params["requestId"]]
            entry["status"] = response["status"]
            headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
            entry["location"] = headers.get("location")
            entry["answerOffset"] = int(headers["upload-offset"]) if "upload-offset" in headers else None
        elif event["method"] == "Network.loadingFailed" and params["requestId"] in by_id:
            by_id[params["requestId"]]["failed"] = params.get("errorText") or "failed"
    return requests


def set_line(driver, offline=False, up=-1):
    driver.wrapped_driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": up})


# ── the journey ─────────────────────────────────────────────────────────────────────────────────────────────────────

def test_online_filing_from_registration_to_rated_result():
    citizen = make_driver(network_log=True)
    officer = make_driver()
    work = tempfile.TemporaryDirectory()
    try:
        journey(citizen, officer, pathlib.Path(work.name))
    finally:
        try:
            set_line(citizen)
        finally:
            citizen.quit()
            officer.quit()
            work.cleanup()


def journey(citizen, officer, work):
    person = unique_citizen()

    # 1–2. Registration, the verification mail and its link, signing in with the e-mail address.
    register_and_verify(citizen, person, shot_prefix="01")

    # 3. The procedure page → the filing form of a new draft.
    button = open_filing_form(citizen)
    snap(citizen, "02-procedure-page.png")
    button.click()
    wait(citizen).until(EC.url_matches(re.escape(BASE_URL) + r"/ho-so-cua-toi/ban-nhap/[0-9A-Fa-f-]{36}$"))
    assert h1(citizen) == PROCEDURE_NAME
    form = citizen.find_element(By.ID, "draft-form")
    # The applicant's part comes filled in from the account.
    assert form.find_element(By.NAME, "fullName").get_attribute("value") == person["fullName"]
    assert form.find_element(By.NAME, "idNumber").get_attribute("value") == person["idNumber"]
    assert form.find_element(By.NAME, "email").get_attribute("value") == person["email"]
    required, other = components(citizen)
    required_name = required.get_attribute("data-component")
    other_name = other.get_attribute("data-component")
    snap(citizen, "03-filing-form-empty.png")

    first = pdf_file(work, "Tờ khai yêu cầu cấp bản sao trích lục.pdf", "To khai yeu cau cap ban sao trich luc", 3 * MB + 123_457)
    second = pdf_file(work, "Văn bản ủy quyền.pdf", "Van ban uy quyen", 5 * MB - 4_321)
    network_events(citizen)   # forget what came before

    # The required component's file, on a good line.
    required.find_element(By.CSS_SELECTOR, "input.component-file").send_keys(str(first))
    wait_for_listed(citizen, required, first.name)
    assert required.find_element(By.CSS_SELECTOR, "input[data-component-box]").is_selected(), "the component is ticked"

    # The other component's file, on a slow line (~400 KB/s up) that drops once the first chunk is acknowledged.
    citizen.wrapped_driver.execute_cdp_cmd("Network.enable", {})
    set_line(citizen, up=400_000)
    status = other.find_element(By.CSS_SELECTOR, ".upload-status")
    other.find_element(By.CSS_SELECTOR, "input.component-file").send_keys(str(second))

    def percent(_):
        if "error-text" in (status.get_attribute("class") or ""):
            raise AssertionError(f"upload of {second.name} failed: {status.text}")
        match = re.search(r"Đang tải “.*”: (\d+)%", status.text)
        return match and int(match.group(1)) > 0 and int(match.group(1))
    at_drop = wait(citizen, 60).until(percent)
    set_line(citizen, offline=True)
    assert at_drop < 100, "the upload finished before the line dropped; nothing was interrupted"
    wait(citizen, 15).until(lambda d: "Mất kết nối" in status.text)
    assert status.text == f"Mất kết nối khi tải “{second.name}”; đang thử lại, việc tải sẽ tiếp tục từ chỗ bị ngắt…", status.text
    snap(citizen, "04-filing-form-line-down.png")
    time.sleep(3)   # the line stays down a while
    assert not any(second.name in text for text in listed_files(other)), "listed while the line was down"
    set_line(citizen)   # back, at full speed
    wait_for_listed(citizen, other, second.name, timeout=60)
    assert other.find_element(By.CSS_SELECTOR, "input[data-component-box]").is_selected()

    # What went over the wire (DevTools Network events): one creation per file; the second file's PATCHes all went
    # to its one address; one was cut off by the drop, then a HEAD asked the server's offset and the next PATCH
    # started there, not at 0; the acknowledged pieces tile the file exactly once (nothing sent twice).
    requests = upload_requests(network_events(citizen))
    creations = [r for r in requests if r["method"] == "POST"]
    assert len(creations) == 2 and all(r["status"] == 201 for r in creations), creations
    second_url = creations[1]["location"]
    assert second_url, creations[1]
    second_url = second_url if second_url.startswith("http") else BASE_URL + second_url
    mine = [r for r in requests if r["url"] == second_url]
    size = second.stat().st_size
    trace = "\n  ".join(f"{r['method']} offset={r['offset']} → {r['status']} {r.get('answerOffset')}" for r in mine)
    print("second file's tus requests:\n  " + trace)
    patches = [r for r in mine if r["method"] == "PATCH"]
    # Chromium reports net::ERR_ABORTED after a fetch's 204 as well: a request cut off is one that got no answer.
    done = [r for r in patches if r["status"] == 204]
    assert patches and patches[0]["offset"] == 0 and patches[0]["status"] == 204, trace
    first_ack = patches[0]["answerOffset"]
    assert 0 < first_ack < size, trace
    cut = [i for i, r in enumerate(mine) if r["method"] == "PATCH" and r["status"] is None]
    assert cut, f"no PATCH of the second file was cut off by the dropped line:\n  {trace}"
    after = mine[cut[0] + 1:]
    resumed = [r for r in after if r["method"] == "PATCH" and r["status"] == 204]
    assert resumed, f"the upload did not go on after the line came back:\n  {trace}"
    heads = [r for r in after[: after.index(resumed[0])] if r["method"] == "HEAD" and r["status"] == 200]
    assert heads, f"no HEAD asked the server's offset before the upload went on:\n  {trace}"
    assert resumed[0]["offset"] == heads[-1]["answerOffset"], f"the PATCH after the HEAD did not start at its offset:\n  {trace}"
    assert resumed[0]["offset"] >= first_ack, f"the upload restarted instead of resuming:\n  {trace}"
    assert all(r["offset"] != 0 for r in patches[1:]), f"a PATCH went back to offset 0:\n  {trace}"
    # The acknowledged pieces never overlap and cover the file; a gap between two is what the cut PATCH delivered
    # before its answer was lost (it starts at that PATCH's offset and ends where the HEAD said the server was).
    pieces = sorted((r["offset"], r["answerOffset"]) for r in done)
    assert pieces[0][0] == 0 and pieces[-1][1] == size, trace
    for a, b in zip(pieces, pieces[1:]):
        assert a[1] <= b[0], f"bytes were sent twice:\n  {trace}"
        if a[1] < b[0]:
            assert a[1] in [mine[i]["offset"] for i in cut] and b[0] in [h["answerOffset"] for h in heads], \
                f"a gap in the upload that no cut PATCH explains:\n  {trace}"
    assert len(done) >= 3, f"the file went up in fewer than three chunks:\n  {trace}"
    print("resume:", {"dropped_at_percent": at_drop, "resumed_at_offset": resumed[0]["offset"], "patches": len(patches),
                      "heads": len([r for r in mine if r["method"] == "HEAD"])})

    # The files are listed under their components, with their sizes, and stay there after a reload (saved).
    # Sizes read as the other pages write them ("3,1 MB"), not in raw bytes.
    def megabytes(path):
        return f"({path.stat().st_size / 1048576:.1f} MB)".replace(".", ",")
    assert any(megabytes(first) in text for text in listed_files(required)), listed_files(required)
    assert any(megabytes(second) in text for text in listed_files(other)), listed_files(other)
    citizen.refresh()
    required, other = components(citizen)
    assert [t for t in listed_files(required) if first.name in t], listed_files(required)
    assert [t for t in listed_files(other) if second.name in t], listed_files(other)
    snap(citizen, "05-filing-form-files.png")

    # 4. The result electronically; submit. (Whether the choice's options can be read is asserted at the end, so
    # that the rest of the journey still runs.)
    problems = []
    clipped = clipped_delivery_options(citizen)
    if clipped:
        problems.append(f"the filing form cuts off the text of the delivery options {clipped} "
                        "(fieldset.stack takes the statistics bar's style: height 1.6rem, overflow hidden)")
    code = choose_online_delivery_and_submit(citizen)
    assert citizen.find_element(By.ID, "dossier-status").text == "Mới đăng ký"
    notice = citizen.find_element(By.CSS_SELECTOR, ".alert.success").text
    assert code in notice, notice
    facts = citizen.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert "Trả kết quả điện tử" in facts, facts
    submitted = citizen.find_element(By.XPATH, "//section[h2='Giấy tờ đã nộp']").text
    assert first.name in submitted and second.name in submitted, submitted
    snap(citizen, "06-citizen-dossier-new.png")
    message, raw = wait_for_mail(person["email"], f"Đã nhận hồ sơ {code}")
    check_vietnamese_subject(message, raw, f"Đã nhận hồ sơ {code}")
    text = text_of(message)
    assert code in text and PROCEDURE_NAME in text, text
    assert f"{BASE_URL}/tra-cuu/{code}" in text, text

    # 5. The counter desk lists it among the online dossiers waiting to be checked; accepted from its page.
    login(officer, "tiepnhan")
    officer.get(BASE_URL + "/mot-cua")
    waiting = officer.find_element(By.ID, "online-waiting")
    heading = waiting.find_element(By.TAG_NAME, "h2").text
    assert heading.startswith("Hồ sơ nộp trực tuyến chờ kiểm tra ("), heading
    row = waiting.find_element(By.XPATH, f".//tr[td/a[normalize-space()='{code}']]")
    assert person["fullName"] in row.text and PROCEDURE_NAME in row.text, row.text
    snap(officer, "07-counter-desk.png")
    row.find_element(By.LINK_TEXT, code).click()
    wait(officer).until(EC.url_to_be(f"{BASE_URL}/ho-so/{code}"))
    assert officer.find_element(By.ID, "dossier-status").text == "Mới đăng ký"
    attachments = officer.find_element(By.CSS_SELECTOR, ".dossier-main ul.attachments").text
    assert first.name in attachments and second.name in attachments, attachments
    checklist = officer.find_elements(By.CSS_SELECTOR, ".dossier-main ol.checklist > li")
    for name in (required_name, other_name):
        line = [li for li in checklist if li.text.startswith(name + " (")]
        assert line and line[0].find_element(By.CSS_SELECTOR, ".badge").text == "Đã nộp", (name, [li.text for li in checklist])
    snap(officer, "08-officer-dossier-new.png")
    # The files the officer opens are the citizen's, byte for byte.
    for path in (first, second):
        href = officer.find_element(By.XPATH, f"//ul[@class='attachments']//a[normalize-space()='{path.name}']").get_attribute("href")
        assert page_sha256(officer, href) == sha256_of(path), path.name
    form = open_action(officer, "form-accept")
    submit(officer, form)
    wait(officer).until(EC.url_contains(f"/ho-so/{code}/phieu/01"))
    slip = officer.find_element(By.ID, "slip").text
    assert code in slip and person["fullName"] in slip, slip
    snap(officer, "09-slip-01.png")
    where = [line for line in slip.splitlines() if line.startswith("6. Đăng ký nhận kết quả")]
    assert where, slip
    if "điện tử" not in where[0]:
        problems.append(f"slip 01 of a dossier whose applicant asked for the result electronically says “{where[0]}”")
    message, raw = wait_for_mail(person["email"], f"Hồ sơ {code} đã được tiếp nhận")
    check_vietnamese_subject(message, raw, f"Hồ sơ {code} đã được tiếp nhận")
    accepted_mail = text_of(message)
    match = re.search(r"Ngày hẹn trả kết quả:?\s*(\d{1,2}:\d{2} ngày \d{2}/\d{2}/\d{4})", accepted_mail)
    assert match, f"no appointment in the acceptance mail: {accepted_mail}"
    appointment = match.group(1)
    citizen.refresh()
    assert citizen.find_element(By.ID, "dossier-status").text == "Đã tiếp nhận"
    shown = citizen.find_element(By.CSS_SELECTOR, ".status-when strong").text
    assert shown == appointment, (shown, appointment)

    # 6. The leader starts and resolves it with the result document; the receptionist returns it online.
    login(officer, "lanhdao")
    officer.get(f"{BASE_URL}/ho-so/{code}")
    submit(officer, open_action(officer, "form-start"))
    wait(officer).until(lambda d: d.find_element(By.ID, "dossier-status").text == "Đang xử lý")
    result = pdf_file(work, "Bản sao trích lục khai sinh.pdf", "Ban sao trich luc khai sinh", 180_000)
    form = open_action(officer, "form-resolve")
    form.find_element(By.NAME, "note").send_keys("Đã cấp bản sao trích lục.")
    form.find_element(By.NAME, "resultFiles").send_keys(str(result))
    snap(officer, "10-officer-resolve-form.png")
    submit(officer, form)
    answer_confirm(officer, code, accept=True)
    wait(officer).until(lambda d: d.find_element(By.ID, "dossier-status").text == "Đã giải quyết")
    assert not officer.find_elements(By.ID, "error")
    assert result.name in officer.find_element(By.CSS_SELECTOR, ".dossier-main ul.attachments").text
    snap(officer, "11-officer-resolved.png")
    # Not released before the return.
    citizen.refresh()
    assert not citizen.find_elements(By.ID, "results"), "the result is shown before it was returned"

    token = bearer("tiepnhan")
    status, answer = api("POST", f"/api/v1/dossiers/{code}/transitions", token, {"action": "return", "delivery": "online"})
    assert status == 200, (status, answer)
    assert answer["status"]["code"] == 10, answer
    message, raw = wait_for_mail(person["email"], f"Hồ sơ {code} đã trả kết quả")
    check_vietnamese_subject(message, raw, f"Hồ sơ {code} đã trả kết quả")
    assert "Trả kết quả điện tử" in text_of(message), text_of(message)

    # 7. The citizen's page: the result with its SHA-256; the file downloaded in the page has that digest.
    citizen.get(f"{BASE_URL}/ho-so-cua-toi/{code}")
    assert citizen.find_element(By.ID, "dossier-status").text == "Đã trả kết quả"
    results = citizen.find_element(By.ID, "results")
    links = results.find_elements(By.CSS_SELECTOR, "a.result-download")
    assert [a.text for a in links] == [result.name], [a.text for a in links]
    shown = results.find_element(By.CSS_SELECTOR, "code.sha256").text.strip()
    assert re.fullmatch(r"[0-9a-f]{64}", shown), shown
    snap(citizen, "12-citizen-dossier-returned.png")
    downloaded = page_download(citizen, links[0].get_attribute("href"))
    assert downloaded["status"] == 200, downloaded
    assert downloaded["size"] == result.stat().st_size, downloaded
    assert downloaded["sha256"] == shown, (downloaded, shown)
    assert downloaded["header"] == shown, downloaded
    assert shown == sha256_of(result), "the digest shown is not the result document's"
    assert downloaded["type"].startswith("application/pdf"), downloaded

    # Rating: overall and attitude, then the thanks; the form is not offered again, and a second try is refused.
    rating = citizen.find_element(By.ID, "rating")
    rating.find_element(By.CSS_SELECTOR, "input[name=overall][value=satisfied]").click()
    rating.find_element(By.CSS_SELECTOR, "input[name=attitude][value=neutral]").click()
    rating.find_element(By.NAME, "comment").send_keys("Nộp trực tuyến thuận tiện, nhận kết quả đúng hẹn.")
    csrf = rating.find_element(By.NAME, "_csrf").get_attribute("value")
    send = citizen.find_element(By.ID, "send-rating")
    citizen.execute_script("arguments[0].scrollIntoView({block: 'center'});", send)
    send.click()
    wait(citizen).until(EC.staleness_of(send))
    notice = citizen.find_element(By.CSS_SELECTOR, ".alert.success").text
    assert notice == "Cảm ơn ông/bà đã đánh giá. Ý kiến được gửi tới lãnh đạo cơ quan.", notice
    given = citizen.find_element(By.ID, "rating-given").text
    assert given == "Đánh giá chung: Hài lòng; thái độ cán bộ: Bình thường. Cảm ơn ông/bà.", given
    assert not citizen.find_elements(By.ID, "send-rating"), "the rating form is offered a second time"
    snap(citizen, "13-citizen-rated.png")
    again = citizen.execute_async_script("""
      var done = arguments[arguments.length - 1];
      var body = new URLSearchParams({_csrf: arguments[1], overall: 'dissatisfied', attitude: 'dissatisfied'});
      fetch(arguments[0], {method: 'POST', body: body, credentials: 'same-origin'})
        .then(function (r) { return r.text().then(function (t) { done({status: r.status, text: t}); }); });
    """, f"{BASE_URL}/ho-so-cua-toi/{code}/danh-gia", csrf)
    assert "mỗi hồ sơ chỉ đánh giá một lần" in again["text"], again["status"]
    citizen.refresh()
    assert citizen.find_element(By.ID, "rating-given").text == given, "the second rating replaced the first"
    status, answer = api("POST", f"/api/v1/dossiers/{code}/rating", bearer(person["email"], CITIZEN_PASSWORD),
                         {"overall": "dissatisfied", "attitude": "dissatisfied"})
    assert status == 409 and answer["error"]["code"] == "already_rated", (status, answer)

    assert not problems, "\n".join(problems)


def page_sha256(driver, url):
    return page_download(driver, url)["sha256"]


def page_download(driver, url):
    """Fetches `url` in the page (the browser's own session) and digests it with crypto.subtle."""
    driver.set_script_timeout(60)
    return driver.execute_async_script("""
      var done = arguments[arguments.length - 1];
      fetch(arguments[0], {credentials: 'same-origin'}).then(function (r) {
        return r.arrayBuffer().then(function (bytes) {
          return crypto.subtle.digest('SHA-256', bytes).then(function (digest) {
            var hex = Array.prototype.map.call(new Uint8Array(digest), function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
            done({status: r.status, size: bytes.byteLength, sha256: hex, header: r.headers.get('X-Content-SHA256'),
                  type: r.headers.get('Content-Type') || ''});
          });
        });
      }).catch(function (e) { done({status: 0, error: String(e)}); });
    """, url)


def open_action(driver, form_id):
    form = driver.find_element(By.ID, form_id)
    details = form.find_element(By.XPATH, "./ancestor::details[1]")
    if details.get_attribute("open") is None:
        summary = details.find_element(By.TAG_NAME, "summary")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", summary)
        summary.click()
    wait(driver).until(lambda d: form.is_displayed())
    return form


def submit(driver, form):
    button = form.find_element(By.CSS_SELECTOR, "button[type=submit]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    button.click()


def answer_confirm(driver, expected, accept):
    alert = wait(driver, 5).until(EC.alert_is_present())
    text = alert.text
    assert expected in text, text
    alert.accept() if accept else alert.dismiss()
    return text


# ── timing ──────────────────────────────────────────────────────────────────────────────────────────────────────────

def test_filing_two_5mb_files_end_to_end_time(browser):
    """From the click on "Nộp hồ sơ trực tuyến" to the dossier code on screen, with two 5 MB files, on a good
    line: printed (run pytest with -s to see it) and written to MOTCUA_E2E_SHOTS/timing.json. The timed part drives
    the browser directly, so that axe-core's checks of each new page (the journey above has them) are not counted;
    the dossier page it ends on is checked afterwards."""
    person = unique_citizen()
    register_and_verify(browser, person)
    raw = browser.wrapped_driver
    with tempfile.TemporaryDirectory() as work:
        first = pdf_file(work, "To-khai.pdf", "To khai", 5 * MB)
        second = pdf_file(work, "Uy-quyen.pdf", "Uy quyen", 5 * MB)
        button = open_filing_form(raw)
        started = time.monotonic()
        button.click()
        wait(raw).until(EC.presence_of_element_located((By.ID, "draft-form")))
        form_open = time.monotonic()
        required, other = components(raw)
        required.find_element(By.CSS_SELECTOR, "input.component-file").send_keys(str(first))
        wait_for_listed(raw, required, first.name)
        other.find_element(By.CSS_SELECTOR, "input.component-file").send_keys(str(second))
        wait_for_listed(raw, other, second.name)
        uploaded = time.monotonic()
        code = choose_online_delivery_and_submit(raw)
        finished = time.monotonic()
    assert raw.find_element(By.ID, "dossier-status").text == "Mới đăng ký"
    files = raw.find_element(By.XPATH, "//section[h2='Giấy tờ đã nộp']").text
    assert "To-khai.pdf (5 MB)" in files and "Uy-quyen.pdf (5 MB)" in files, files
    axe_check_again(browser)
    timing = {"code": code, "total_s": round(finished - started, 2), "open_form_s": round(form_open - started, 2),
              "uploads_s": round(uploaded - form_open, 2), "submit_s": round(finished - uploaded, 2)}
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "timing.json").write_text(json.dumps(timing, indent=1))
    print("filing with two 5 MB files:", timing)
    # The counter desk lists waiting online dossiers oldest first, 50 at most: this one is taken off the list, so
    # that runs of this file on the same demo do not push the journey's dossier off it.
    status, answer = api("POST", f"/api/v1/dossiers/{code}/transitions", bearer("tiepnhan"),
                         {"action": "refuse", "reason": "Hồ sơ thử nghiệm đo thời gian nộp trực tuyến."})
    assert status == 200 and answer["status"]["code"] == 3, (status, answer)
    # Loose: on loopback this takes seconds; a minute means something is wrong (e.g. chunks waiting on timeouts).
    assert timing["total_s"] < 60, timing
