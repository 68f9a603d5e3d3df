"""Public/js/tus.js in a real headless Chromium, signed in as the demo citizen: an upload from a page's session (with
the page's CSRF token) is aborted after its first chunk, a new upload object for the same file (same fingerprint)
resumes it from the server's offset instead of creating another, and finishes; terminate() discards it; a wrong
CSRF token ends in onError with the server's Vietnamese message, without retrying. And a line that drops mid-upload
(DevTools' offline mode) is waited out and the upload goes on by itself when it comes back.

The script is added to /doi-mat-khau, a signed-in page whose form carries the token (input[name=_csrf]); no page
includes tus.js yet. axe-core checks that page as it does every page (the script changes nothing visible).
"""
import base64
import time
import uuid

from conftest import BASE_URL, login

CHUNK = 512 * 1024
SIZE = 5 * CHUNK  # 2.5 MiB

INJECT = """
var done = arguments[arguments.length - 1];
var script = document.createElement('script');
script.src = '/js/tus.js';
script.onload = function () { done(!!(window.MotCua && window.MotCua.TusUpload && window.MotCua.tus)); };
script.onerror = function () { done('could not load /js/tus.js'); };
document.head.appendChild(script);
"""

# Runs in the page: arguments = [file name, fingerprint extra, size, chunk size, done]. Every request tus.js makes
# goes through a wrapped fetch, so the test sees what the second upload object asked first.
SCENARIO = """
var name = arguments[0], extra = arguments[1], size = arguments[2], chunk = arguments[3];
var done = arguments[arguments.length - 1];
(async function () {
  var token = document.querySelector('input[name="_csrf"]').value;
  var requests = [];
  var realFetch = window.fetch;
  window.fetch = function (url, init) {
    requests.push({method: init.method, url: String(url), offset: (init.headers || {})['Upload-Offset'] || null,
                   tus: (init.headers || {})['Tus-Resumable'] || null, csrf: (init.headers || {})['X-CSRF-Token'] || null});
    return realFetch.apply(this, arguments);
  };
  var headOf = async function (url) {
    var r = await realFetch(url, {method: 'HEAD', headers: {'Tus-Resumable': '1.0.0'}, credentials: 'same-origin'});
    return {status: r.status, offset: r.headers.get('Upload-Offset'), length: r.headers.get('Upload-Length'),
            metadata: r.headers.get('Upload-Metadata')};
  };
  // The same bytes, name and date: what the person picks again after the tab was closed.
  var bytes = new Uint8Array(size);
  for (var i = 0; i < size; i += 65536) { crypto.getRandomValues(bytes.subarray(i, Math.min(i + 65536, size))); }
  var lastModified = Date.now() - 3600000;
  var pick = function () { return new File([bytes], name, {type: 'application/pdf', lastModified: lastModified}); };
  var options = function (more) {
    return Object.assign({headers: {'X-CSRF-Token': token}, chunkSize: chunk, fingerprintExtra: extra,
                          metadata: {loai: 'bản chính'}}, more);
  };
  var result = {};

  // 1. Starts, and is aborted as soon as the first chunk is acknowledged.
  var first;
  await new Promise(function (resolve, reject) {
    first = new MotCua.TusUpload(pick(), options({
      onProgress: function (sent, total) { result.firstProgress = [sent, total]; first.abort(); setTimeout(resolve, 300); },
      onSuccess: function () { reject(new Error('the first upload should have been aborted')); },
      onError: function (e) { reject(e); }
    }));
    first.start();
  });
  result.firstUrl = first.url;
  result.firstId = first.uploadId;
  result.firstRequests = requests.splice(0);
  result.afterAbort = await headOf(first.url);
  result.remembered = localStorage.getItem(first.fingerprint);

  // 2. A new object for the same file: it must ask HEAD and go on from there, not POST a new upload.
  var second, progress = [];
  result.success = await new Promise(function (resolve, reject) {
    second = new MotCua.TusUpload(pick(), options({
      onProgress: function (sent, total) { progress.push(sent); },
      onSuccess: function (url, id) { resolve([url, id]); },
      onError: function (e) { reject(e); }
    }));
    second.start();
  });
  result.secondProgress = progress;
  result.secondRequests = requests.splice(0);
  result.final = await headOf(second.url);

  // 3. terminate(): DELETE, then the server and localStorage have both forgotten it.
  await second.terminate();
  result.terminateRequests = requests.splice(0);
  result.afterTerminate = await headOf(result.firstUrl);
  result.rememberedAfterTerminate = localStorage.getItem(second.fingerprint);

  // 4. A wrong token: the server's own words reach onError, and a refusal is not retried.
  result.refused = await new Promise(function (resolve) {
    var bad = new MotCua.TusUpload(pick(), options({
      headers: {'X-CSRF-Token': 'not-the-token'}, fingerprintExtra: extra + '-bad',
      onSuccess: function () { resolve({unexpected: 'success'}); },
      onError: function (e) { resolve({name: e.name, message: e.message, status: e.status, code: e.code, retryable: e.retryable}); }
    }));
    bad.start();
  });
  result.refusedRequests = requests.splice(0);
  window.fetch = realFetch;
  return result;
})().then(done, function (e) { done({error: String(e && e.message || e), stack: String(e && e.stack)}); });
"""


def test_tus_js_resumes_an_aborted_upload_from_the_servers_offset(browser):
    login(browser, "congdan")
    browser.get(BASE_URL + "/doi-mat-khau")
    assert browser.find_element("css selector", 'input[name="_csrf"]').get_attribute("value")
    browser.set_script_timeout(30)
    assert browser.execute_async_script(INJECT) is True

    unique = uuid.uuid4().hex[:10]
    name = f"Bản quét CCCD {unique}.pdf"
    browser.set_script_timeout(120)
    r = browser.execute_async_script(SCENARIO, name, f"draft-{unique}:cccd", SIZE, CHUNK)
    assert "error" not in r, r

    # 1. One POST, one PATCH of 512 KiB, every request speaking tus 1.0.0 and carrying the page's token.
    first = r["firstRequests"]
    assert [q["method"] for q in first] == ["POST", "PATCH"], first
    assert all(q["tus"] == "1.0.0" and q["csrf"] for q in first), first
    assert r["firstProgress"] == [CHUNK, SIZE]
    assert r["afterAbort"]["status"] == 200
    assert int(r["afterAbort"]["offset"]) == CHUNK
    assert int(r["afterAbort"]["length"]) == SIZE
    assert r["firstId"] and r["firstUrl"].endswith("/api/v1/uploads/" + r["firstId"])
    assert r["firstUrl"] in (r["remembered"] or ""), "the address is kept in localStorage under the fingerprint"
    metadata = dict(pair.split(" ", 1) for pair in r["afterAbort"]["metadata"].split(","))
    assert base64.b64decode(metadata["filename"]).decode() == name
    assert base64.b64decode(metadata["loai"]).decode() == "bản chính"

    # 2. The new object resumed the same upload: HEAD first, no POST, the first PATCH at 512 KiB, not 0.
    second = r["secondRequests"]
    assert second[0]["method"] == "HEAD" and second[0]["url"] == r["firstUrl"], second
    assert "POST" not in [q["method"] for q in second], second
    patches = [int(q["offset"]) for q in second if q["method"] == "PATCH"]
    assert patches == [CHUNK, 2 * CHUNK, 3 * CHUNK, 4 * CHUNK], patches
    # HEAD's offset is shown at once, then each chunk once, the last one being the whole size.
    assert r["secondProgress"] == [CHUNK, 2 * CHUNK, 3 * CHUNK, 4 * CHUNK, SIZE]
    assert r["success"] == [r["firstUrl"], r["firstId"]]
    assert r["final"]["status"] == 200
    assert int(r["final"]["offset"]) == int(r["final"]["length"]) == SIZE

    # 3. terminate() sent DELETE; the upload is gone and forgotten.
    assert [q["method"] for q in r["terminateRequests"]] == ["DELETE"]
    assert r["afterTerminate"]["status"] == 404
    assert r["rememberedAfterTerminate"] is None

    # 4. A wrong CSRF token: 403 with the server's Vietnamese message, after a single POST (no retries).
    refused = r["refused"]
    assert refused.get("name") == "TusError", refused
    assert refused["status"] == 403 and refused["code"] == "csrf_failed" and refused["retryable"] is False
    assert "Vui lòng tải lại trang" in refused["message"]
    assert [q["method"] for q in r["refusedRequests"]] == ["POST"]


START_THROTTLED = """
var size = arguments[0], name = arguments[1], extra = arguments[2];
var bytes = new Uint8Array(size);
for (var i = 0; i < size; i += 65536) { crypto.getRandomValues(bytes.subarray(i, Math.min(i + 65536, size))); }
window.tusEvents = [];
window.tusUpload = new MotCua.TusUpload(new File([bytes], name, {type: 'application/pdf', lastModified: 1}), {
  chunkSize: 256 * 1024, fingerprintExtra: extra,
  onProgress: function (sent) { tusEvents.push(['progress', sent, tusUpload.uploadId]); },
  onRetry: function (error, delay) { tusEvents.push(['retry', error.message, delay, navigator.onLine]); },
  onSuccess: function (url, id) { tusEvents.push(['success', url, id]); },
  onError: function (error) { tusEvents.push(['error', error.message]); }
});
tusUpload.start();
"""


def wait_for(browser, predicate, seconds):
    events, deadline = None, time.time() + seconds
    while time.time() < deadline:
        events = browser.execute_script("return window.tusEvents;")
        if predicate(events):
            return events
        time.sleep(0.2)
    raise AssertionError(f"timed out; events so far: {events}")


def test_tus_js_waits_out_a_dropped_line_and_resumes_by_itself(browser):
    """The line drops mid-upload (DevTools' offline mode: the phone loses its network) and comes back: nobody
    presses anything, the upload goes on from where the server stopped and finishes, as one upload."""
    login(browser, "congdan")
    browser.get(BASE_URL + "/doi-mat-khau")
    browser.set_script_timeout(30)
    assert browser.execute_async_script(INJECT) is True
    chromium = browser.wrapped_driver
    chromium.execute_cdp_cmd("Network.enable", {})
    # A slow line (about 200 KB/s up), so that the upload is still going when the line drops.
    chromium.execute_cdp_cmd("Network.emulateNetworkConditions",
                             {"offline": False, "latency": 20, "downloadThroughput": 200_000, "uploadThroughput": 200_000})
    size = 2 * 1024 * 1024
    unique = uuid.uuid4().hex[:10]
    browser.execute_script(START_THROTTLED, size, f"Giấy tờ {unique}.pdf", f"draft-{unique}:giay-to")
    try:
        events = wait_for(browser, lambda ev: any(e[0] == "progress" and e[1] >= 512 * 1024 for e in ev), 30)
        upload_id = events[0][2]
        chromium.execute_cdp_cmd("Network.emulateNetworkConditions",
                                 {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        at_drop = browser.execute_script("return tusUpload.offset;")
        assert at_drop < size, "the upload finished before the line dropped; the test proved nothing"

        # Offline: it neither gives up nor hammers the line; it waits (20 s, or until the line is back).
        events = wait_for(browser, lambda ev: any(e[0] == "retry" for e in ev), 15)
        retry = next(e for e in events if e[0] == "retry")
        assert retry[3] is False and retry[2] == 20000, retry
        assert "Mất kết nối" in retry[1]
        assert not [e for e in events if e[0] in ("error", "success")], events

        chromium.execute_cdp_cmd("Network.emulateNetworkConditions",
                                 {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        # Well within the 20 s wait: the 'online' event wakes it.
        events = wait_for(browser, lambda ev: ev[-1][0] in ("success", "error"), 15)
    finally:
        chromium.execute_cdp_cmd("Network.emulateNetworkConditions",
                                 {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    assert events[-1][0] == "success", events
    assert events[-1][2] == upload_id, "the same upload went on; none was created anew"
    sent = [e[1] for e in events if e[0] == "progress"]
    assert sent == sorted(sent) and sent[-1] == size, sent
    final = browser.execute_async_script("""
      var done = arguments[arguments.length - 1];
      fetch(arguments[0], {method: 'HEAD', headers: {'Tus-Resumable': '1.0.0'}})
        .then(function (r) { done([r.status, r.headers.get('Upload-Offset')]); });""", events[-1][1])
    assert final == [200, str(size)]
    assert browser.execute_async_script(
        "var done = arguments[0]; tusUpload.terminate().then(function () { done('gone'); }, function (e) { done(e.message); });") == "gone"
