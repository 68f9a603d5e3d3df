"""Resumable uploads (tus 1.0 at /api/v1/uploads) from the outside, against a running demo: the real tus client from
PyPI (tuspy, `from tusclient import client`) uploads, is interrupted, loses its line mid-PATCH and resumes; raw
`requests` calls check every refusal (status, headers, the Vietnamese message, and that nothing changed).

These are API tests and start no browser; they live here because CI runs `python3 -m pytest -q Tests/browser`
against the demo it starts. Every upload gets unique bytes and a unique name, and every test deletes its uploads at
the end (an account may hold 50 unfinished uploads), so the file can run again and again against one server.
"""
import base64
import http.client
import io
import os
import re
import socket
import time
import urllib.parse
import uuid

import pytest
import requests
from tusclient import client as tus_client

from conftest import BASE_URL, PASSWORD

ENDPOINT = BASE_URL + "/api/v1/uploads"
TUS = {"Tus-Resumable": "1.0.0"}
MiB = 1024 * 1024
OFFSET_TYPE = "application/offset+octet-stream"
# A message is in Vietnamese if it has letters only Vietnamese writes (ư, ơ, đ, tones on vowels).
VIETNAMESE = re.compile("[ăâđêôơưàáạảãèéẹẻẽìíịỉĩòóọỏõùúụủũỳýỵỷỹầấậẩẫằắặẳẵềếệểễồốộổỗờớợởỡừứựửữ]", re.IGNORECASE)
UPLOAD_PATH = re.compile(r"^/api/v1/uploads/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def login(username):
    response = requests.post(BASE_URL + "/api/v1/auth/login", json={"username": username, "password": PASSWORD}, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()["token"]


@pytest.fixture(scope="module")
def citizen():
    return {"Authorization": "Bearer " + login("congdan")}


@pytest.fixture(scope="module")
def officer():
    return {"Authorization": "Bearer " + login("tiepnhan")}


@pytest.fixture
def uploads(citizen):
    """The upload addresses a test created; all of them are discarded when it ends, whatever happened."""
    created = []
    yield created
    for url in created:
        requests.delete(url, headers={**TUS, **citizen}, timeout=30)


def pdf_bytes(size):
    """A PDF-shaped file of exactly `size` bytes, different on every run (random body)."""
    head = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\nstream\n"
    tail = b"\nendstream\n%%EOF\n"
    return head + os.urandom(size - len(head) - len(tail)) + tail


def unique_name(stem):
    return f"{stem} {uuid.uuid4().hex[:10]}.pdf"


def absolute(location):
    return urllib.parse.urljoin(ENDPOINT, location)


def create(headers, length, filename=None, uploads=None):
    """POST: a new upload of `length` bytes; returns its absolute address."""
    metadata = "filename " + base64.b64encode((filename or unique_name("tep")).encode()).decode()
    response = requests.post(ENDPOINT, headers={**TUS, **headers, "Upload-Length": str(length), "Upload-Metadata": metadata},
                             timeout=30)
    assert response.status_code == 201, response.text
    assert response.headers["Upload-Offset"] == "0"
    assert UPLOAD_PATH.match(response.headers["Location"]), response.headers["Location"]
    url = absolute(response.headers["Location"])
    if uploads is not None:
        uploads.append(url)
    return url


def head(url, headers):
    return requests.head(url, headers={**TUS, **headers}, timeout=30)


def offset_of(url, headers):
    response = head(url, headers)
    assert response.status_code == 200, response.status_code
    return int(response.headers["Upload-Offset"])


def patch(url, headers, offset, body, content_type=OFFSET_TYPE, **extra):
    return requests.patch(url, data=body, timeout=60,
                          headers={**TUS, **headers, "Upload-Offset": str(offset), "Content-Type": content_type, **extra})


def assert_refusal(response, status, code=None):
    """A refusal: the status, tus's header, and the JSON error with a Vietnamese message."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers.get("Tus-Resumable") == "1.0.0"
    error = response.json()["error"]
    assert VIETNAMESE.search(error["message"]), error
    if code:
        assert error["code"] == code, error
    return error


def uploader(headers, data, **kwargs):
    """tuspy's uploader over an in-memory file; a new one is what a client has after a crash or a reconnect."""
    return tus_client.TusClient(ENDPOINT, headers=dict(headers)).uploader(file_stream=io.BytesIO(data), chunk_size=MiB, **kwargs)


# ---- tuspy: the real client -----------------------------------------------------------------------------------------

def test_tuspy_uploads_a_3_mb_pdf_in_1_mb_chunks(citizen, uploads):
    data = pdf_bytes(3 * MiB + 517)           # not a multiple of the chunk: the last PATCH is short
    name = unique_name("Giấy khai sinh")      # a Vietnamese name survives Upload-Metadata's base64
    up = uploader(citizen, data, metadata={"filename": name})
    up.set_url(up.create_url())
    uploads.append(up.url)
    assert UPLOAD_PATH.match(urllib.parse.urlparse(up.url).path)

    offsets = []
    while up.offset < len(data):
        up.upload_chunk()
        offsets.append(up.offset)
    # Each 1 MiB PATCH was acknowledged whole, in order.
    assert offsets == [MiB, 2 * MiB, 3 * MiB, len(data)]

    answer = head(up.url, citizen)
    assert answer.status_code == 200
    assert int(answer.headers["Upload-Offset"]) == len(data)
    assert int(answer.headers["Upload-Length"]) == len(data)
    assert answer.headers["Cache-Control"] == "no-store"
    pairs = dict(pair.split(" ", 1) for pair in answer.headers["Upload-Metadata"].split(","))
    assert base64.b64decode(pairs["filename"]).decode() == name


def test_tuspy_resumes_an_interrupted_upload_with_a_new_uploader(citizen, uploads):
    data = pdf_bytes(3 * MiB - 123)
    first = uploader(citizen, data, metadata={"filename": unique_name("Đơn đề nghị")})
    first.set_url(first.create_url())
    uploads.append(first.url)
    first.upload_chunk()
    assert first.offset == MiB
    url = first.url
    del first                                  # the client crashes; only the address was kept

    again = uploader(citizen, data, url=url)   # a new object, as after a restart: it asks HEAD on creation
    assert again.offset == MiB
    assert again.get_offset() == MiB
    again.upload()
    assert again.offset == len(data)
    answer = head(url, citizen)
    assert int(answer.headers["Upload-Offset"]) == int(answer.headers["Upload-Length"]) == len(data)


def test_a_connection_cut_mid_patch_keeps_what_arrived_and_tuspy_finishes(citizen, uploads):
    data = pdf_bytes(3 * MiB + 4096)
    url = create(citizen, len(data), unique_name("Bản quét CCCD"), uploads)
    declared = 2 * MiB                         # the PATCH promises 2 MiB …
    sent = MiB + MiB // 2                      # … and the line dies after 1.5 MiB
    target = urllib.parse.urlparse(url)
    connection = http.client.HTTPConnection(target.hostname, target.port or 80, timeout=30)
    connection.putrequest("PATCH", target.path)
    for name, value in {**TUS, **citizen, "Upload-Offset": "0", "Content-Type": OFFSET_TYPE,
                        "Content-Length": str(declared)}.items():
        connection.putheader(name, value)
    connection.endheaders()
    for start in range(0, sent, 64 * 1024):
        connection.send(data[start:min(start + 64 * 1024, sent)])
    time.sleep(0.5)                            # let the server read what was sent before the line goes
    connection.sock.shutdown(socket.SHUT_RDWR)
    connection.close()

    # The server notices the dead connection and commits what arrived; wait until the offset stops moving.
    offset, deadline = -1, time.time() + 20
    while time.time() < deadline:
        now = offset_of(url, citizen)
        if now == offset and now > 0:
            break
        offset = now
        time.sleep(0.5)
    assert 0 < offset <= sent < declared, f"after a cut at {sent} of {declared} bytes the server holds {offset}"

    # The real client, given only the address, resumes from the server's offset (not from 0) and finishes.
    resumed = uploader(citizen, data, url=url)
    assert resumed.offset == offset
    resumed.upload()
    answer = head(url, citizen)
    assert int(answer.headers["Upload-Offset"]) == len(data)
    assert int(answer.headers["Upload-Length"]) == len(data)


# ---- refusals ---------------------------------------------------------------------------------------------------------

def test_options_lists_version_extensions_and_the_size_limit():
    response = requests.options(ENDPOINT, timeout=30)
    assert response.status_code in (200, 204)
    assert "1.0.0" in [v.strip() for v in response.headers["Tus-Version"].split(",")]
    extensions = {v.strip() for v in response.headers["Tus-Extension"].split(",")}
    assert {"creation", "termination"} <= extensions
    assert int(response.headers["Tus-Max-Size"]) > 0


def test_no_tus_resumable_is_412_naming_the_version(citizen, uploads):
    response = requests.post(ENDPOINT, headers={**citizen, "Upload-Length": "10"}, timeout=30)
    assert_refusal(response, 412, "tus_version_missing")
    assert response.headers["Tus-Version"] == "1.0.0"
    assert "Location" not in response.headers

    # An old version is refused the same way, and a PATCH without the header moves nothing.
    old = requests.post(ENDPOINT, headers={**citizen, "Tus-Resumable": "0.2.2", "Upload-Length": "10"}, timeout=30)
    assert_refusal(old, 412, "tus_version_unsupported")
    assert old.headers["Tus-Version"] == "1.0.0"
    url = create(citizen, 10, uploads=uploads)
    bare = requests.patch(url, data=b"0123456789", timeout=30,
                          headers={**citizen, "Upload-Offset": "0", "Content-Type": OFFSET_TYPE})
    assert_refusal(bare, 412, "tus_version_missing")
    assert offset_of(url, citizen) == 0


def test_upload_length_over_the_limit_is_413(citizen, uploads):
    limit = int(requests.options(ENDPOINT, timeout=30).headers["Tus-Max-Size"])
    response = requests.post(ENDPOINT, headers={**TUS, **citizen, "Upload-Length": str(limit + 1)}, timeout=30)
    error = assert_refusal(response, 413, "file_too_large")
    assert "MB" in error["message"]
    assert "Location" not in response.headers
    # The limit itself is allowed: the boundary is where OPTIONS says.
    create(citizen, limit, uploads=uploads)


def test_patch_at_the_wrong_offset_is_409_with_the_servers_offset(citizen, uploads):
    url = create(citizen, 100, uploads=uploads)
    first = patch(url, citizen, 0, b"a" * 40)
    assert first.status_code == 204 and first.headers["Upload-Offset"] == "40"

    for wrong in (0, 39, 41, 100):            # a replay, one short, one ahead, the end
        response = patch(url, citizen, wrong, b"b" * 10)
        assert_refusal(response, 409, "offset_mismatch")
        assert response.headers["Upload-Offset"] == "40", wrong
    assert offset_of(url, citizen) == 40
    # At the right offset it goes on.
    assert patch(url, citizen, 40, b"c" * 60).headers["Upload-Offset"] == "100"


def test_a_body_longer_than_what_remains_is_413_and_moves_nothing(citizen, uploads):
    url = create(citizen, 100, uploads=uploads)
    assert_refusal(patch(url, citizen, 0, b"x" * 101), 413, "upload_exceeds_length")
    assert offset_of(url, citizen) == 0

    assert patch(url, citizen, 0, b"x" * 90).status_code == 204
    assert_refusal(patch(url, citizen, 90, b"y" * 11), 413, "upload_exceeds_length")
    assert offset_of(url, citizen) == 90
    assert patch(url, citizen, 90, b"y" * 10).headers["Upload-Offset"] == "100"


def test_a_patch_with_the_wrong_content_type_is_415(citizen, uploads):
    url = create(citizen, 20, uploads=uploads)
    for content_type in ("application/octet-stream", "application/pdf", "text/plain"):
        assert_refusal(patch(url, citizen, 0, b"z" * 20, content_type=content_type), 415, "wrong_content_type")
    assert offset_of(url, citizen) == 0


def test_someone_elses_upload_does_not_exist_for_them(citizen, officer, uploads):
    url = create(citizen, 50, uploads=uploads)
    assert patch(url, citizen, 0, b"m" * 20).status_code == 204

    # The receptionist, signed in, knows the address: it is not found for them, whatever they try.
    assert head(url, officer).status_code == 404
    assert_refusal(patch(url, officer, 20, b"o" * 30), 404, "upload_not_found")
    assert_refusal(requests.delete(url, headers={**TUS, **officer}, timeout=30), 404, "upload_not_found")

    # Nothing changed for the owner: same offset, and the upload still finishes.
    answer = head(url, citizen)
    assert answer.status_code == 200 and answer.headers["Upload-Offset"] == "20"
    assert patch(url, citizen, 20, b"m" * 30).headers["Upload-Offset"] == "50"


def test_delete_discards_the_upload(citizen, uploads):
    url = create(citizen, 30, uploads=uploads)
    assert patch(url, citizen, 0, b"d" * 10).status_code == 204
    response = requests.delete(url, headers={**TUS, **citizen}, timeout=30)
    assert response.status_code == 204
    assert response.headers["Tus-Resumable"] == "1.0.0"
    assert head(url, citizen).status_code == 404
    assert_refusal(patch(url, citizen, 10, b"d" * 20), 404, "upload_not_found")
    assert_refusal(requests.delete(url, headers={**TUS, **citizen}, timeout=30), 404, "upload_not_found")


def test_without_a_token_nothing_is_created_read_or_written(citizen, uploads):
    # Plain requests calls, no Session: no cookie from earlier answers rides along.
    assert_refusal(requests.post(ENDPOINT, headers={**TUS, "Upload-Length": "10"}, timeout=30), 401, "unauthorized")
    url = create(citizen, 10, uploads=uploads)
    assert head(url, {}).status_code == 401
    assert_refusal(patch(url, {}, 0, b"n" * 10), 401, "unauthorized")
    assert_refusal(requests.delete(url, headers=TUS, timeout=30), 401, "unauthorized")
    assert_refusal(patch(url, {"Authorization": "Bearer not-a-real-token"}, 0, b"n" * 10), 401)
    assert offset_of(url, citizen) == 0
