// A small tus 1.0 client (core + creation + termination) for MotCua's own pages, so that a scan sent from a phone on
// a rural 3G line survives the line dropping, the tab being closed or the phone rebooting: the bytes the server has
// acknowledged are never sent again.
//
// No dependencies and no build step: the pages load /js/tus.js as it is (the Content-Security-Policy allows only our
// own scripts). ES2017, so it runs in the Chromium we test with and in the phones' browsers people actually have.
//
//   var upload = new MotCua.TusUpload(file, {
//     headers: { 'X-CSRF-Token': token },          // a page's session needs it on POST/PATCH/DELETE
//     fingerprintExtra: draftId + ':' + component,  // the same scan in two slots of a dossier is two uploads
//     onProgress: function (sent, total) {},
//     onSuccess: function (uploadUrl, uploadId) {},
//     onError: function (error) { show(error.message); }  // Vietnamese, the server's own words when it gave some
//   });
//   upload.start();   upload.abort();   upload.terminate();
//
// or MotCua.tus.upload(file, options), which builds the object and starts it.
//
// The server (Sources/MotCuaApp/Uploads/TusController.swift) commits what arrived even when a PATCH is cut off
// mid-way, so after any failure this client asks HEAD where to go on from instead of trusting its own count.
(function () {
  'use strict';

  var TUS_VERSION = '1.0.0';
  var DEFAULT_ENDPOINT = '/api/v1/uploads';
  var DEFAULT_CHUNK = 1024 * 1024;
  var DEFAULT_RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000];
  // Once the delays above are spent, a phone that knows it has no network keeps trying at this pace (and at once
  // when the 'online' event fires): the person should not have to notice the line came back and press anything.
  var OFFLINE_RETRY_MS = 20000;
  // The server sweeps uploads 24 hours after creation; an older remembered address is not worth a HEAD.
  var REMEMBER_MS = 24 * 3600 * 1000;
  var STORAGE_PREFIX = 'motcua.tus::';
  // fetch() has no upload progress and no timeout of its own, and a 3G line that dies without a TCP reset leaves a
  // request hanging for many minutes. A request is given up after this long plus the time its body takes at the
  // slowest speed we still call "working" (about 40 kbit/s); the retry then asks HEAD what did arrive.
  var BASE_TIMEOUT_MS = 60000;
  var SLOWEST_BYTES_PER_MS = 5;

  // Messages for failures where the server said nothing (it was not reached, or answered without a JSON body).
  var MESSAGES = {
    network: 'Mất kết nối tới máy chủ khi đang tải tệp lên. Hãy kiểm tra mạng rồi thử lại; phần đã gửi được giữ lại.',
    timeout: 'Máy chủ không trả lời kịp khi đang tải tệp lên. Hãy thử lại; phần đã gửi được giữ lại.',
    badAnswer: 'Máy chủ trả lời không đúng giao thức tải lên (tus). Vui lòng thử lại sau.',
    // HEAD answers carry no body, so these stand in for the server's words on the refusals a page may meet.
    status: function (status) {
      if (status === 401) { return 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại rồi tải tệp lên tiếp.'; }
      if (status === 403) { return 'Phiên làm việc của trang đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang rồi thử lại.'; }
      if (status === 413) { return 'Tệp vượt quá dung lượng cho phép.'; }
      return 'Máy chủ từ chối yêu cầu tải lên (mã ' + status + ').';
    },
    noFile: 'Chưa chọn tệp để tải lên.',
    empty: 'Tệp rỗng (0 byte). Hãy chọn lại tệp.',
    vanished: 'Phiên tải lên không còn trên máy chủ. Hãy chọn lại tệp để tải lên lại.',
    contended: 'Tệp này đang được gửi từ một cửa sổ khác. Hãy đóng bớt cửa sổ rồi thử lại.'
  };

  // The error given to onError and thrown by terminate(): `message` is what to show; `status` and `code` (the
  // server's machine-readable code, e.g. "file_too_large") let a page react; `retryable` says whether trying again
  // later may help.
  class TusError extends Error {
    constructor(message, details) {
      super(message);
      this.name = 'TusError';
      details = details || {};
      this.status = details.status || 0;
      this.code = details.code || '';
      this.retryable = !!details.retryable;
      this.retryAfterMs = details.retryAfterMs || 0;
      this.cause = details.cause;
    }
  }

  // Statuses where waiting may help: the server was busy (503 while SQLite's writer is queued, 429), a proxy on the
  // way failed (502/504), a lock (423). 409 is handled apart: it only means "ask me the offset again".
  var isRetryableStatus = function (status) {
    return status >= 500 || status === 408 || status === 423 || status === 429;
  };

  // The server explains every refusal as {"error": {"code", "message"}} in Vietnamese; that message is what the
  // citizen should read, ours only when there is none.
  var errorFromResponse = async function (response) {
    var message = '', code = '';
    try {
      var body = await response.json();
      if (body && body.error) {
        message = typeof body.error.message === 'string' ? body.error.message : '';
        code = typeof body.error.code === 'string' ? body.error.code : '';
      }
    } catch (ignored) { /* HEAD answers and proxies' pages have no JSON */ }
    var retryAfter = parseInt(response.headers.get('Retry-After') || '', 10);
    return new TusError(message || MESSAGES.status(response.status), {
      status: response.status, code: code, retryable: isRetryableStatus(response.status),
      retryAfterMs: retryAfter > 0 ? retryAfter * 1000 : 0
    });
  };

  // Upload-Metadata: "key base64(utf8 value),key2 …". btoa() alone only takes Latin-1, and file names here are
  // Vietnamese ("Giấy khai sinh.pdf"), so the UTF-8 bytes are encoded.
  var base64Utf8 = function (text) {
    var bytes = new TextEncoder().encode(String(text));
    var binary = '';
    for (var i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(binary);
  };

  var encodeMetadata = function (metadata) {
    var pairs = [];
    Object.keys(metadata).forEach(function (key) {
      // The protocol forbids spaces and commas in keys; such a key would corrupt every pair after it.
      if (!key || /[\s,]/.test(key) || metadata[key] === undefined || metadata[key] === null) { return; }
      pairs.push(key + ' ' + base64Utf8(metadata[key]));
    });
    return pairs.join(',');
  };

  // localStorage can be missing or throw (private browsing, full quota, storage disabled): the upload must still
  // work, it just cannot resume after the page is closed.
  var storage = {
    get: function (key) {
      try { var raw = window.localStorage.getItem(key); return raw ? JSON.parse(raw) : null; } catch (e) { return null; }
    },
    set: function (key, value) {
      try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* resumable within this page only */ }
    },
    remove: function (key) {
      try { window.localStorage.removeItem(key); } catch (e) { /* nothing to forget */ }
    }
  };

  var sameOrigin = function (url) {
    try { return new URL(url, window.location.href).origin === window.location.origin; } catch (e) { return false; }
  };

  // The page's CSRF token when the caller gave none: a <meta name="csrf-token"> or the forms' hidden _csrf input.
  // Only ever sent to our own origin.
  var pageCsrfToken = function () {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && meta.content) { return meta.content; }
    var input = document.querySelector('input[name="_csrf"]');
    return input && input.value ? input.value : '';
  };

  class TusUpload {
    constructor(file, options) {
      options = options || {};
      this.file = file;
      this.options = {
        endpoint: options.endpoint || DEFAULT_ENDPOINT,
        headers: options.headers || {},
        chunkSize: options.chunkSize > 0 ? Math.floor(options.chunkSize) : DEFAULT_CHUNK,
        metadata: options.metadata || {},
        retryDelays: Array.isArray(options.retryDelays) ? options.retryDelays : DEFAULT_RETRY_DELAYS,
        fingerprintExtra: options.fingerprintExtra === undefined ? '' : String(options.fingerprintExtra),
        // After success the address is kept by default: choosing the same file again for the same slot then
        // finishes at once (HEAD says complete) instead of sending it twice.
        removeFingerprintOnSuccess: !!options.removeFingerprintOnSuccess,
        onProgress: options.onProgress || null,
        onSuccess: options.onSuccess || null,
        onError: options.onError || null,
        // Called before each wait, so a page can say "Mất mạng, sẽ tự gửi tiếp…" instead of looking frozen.
        onRetry: options.onRetry || null
      };
      this.url = null;
      this.uploadId = null;
      this.offset = null;     // what the server acknowledged; null = unknown, ask HEAD
      this._reported = null;  // the last offset given to onProgress
      this._run = 0;          // bumped by start/abort: a superseded loop notices and stops
      this._request = null;   // {controller, timedOut} of the request in flight
      this._wake = null;      // ends the current wait early (abort, or the browser coming online)
      this._running = false;
      this._onOnline = this._onOnline.bind(this);
      this._onOffline = this._onOffline.bind(this);
    }

    get fingerprint() {
      var file = this.file || {};
      var endpoint = new URL(this.options.endpoint, window.location.href).href;
      // lastModified tells apart two scans saved under the same name; the caller's extra (draft + component) tells
      // apart one scan used in two places, which must be two uploads since each is attached once.
      return STORAGE_PREFIX + [endpoint, file.name || '', file.size, file.lastModified || '',
        this.options.fingerprintExtra].join('::');
    }

    // Starts, or goes on after abort(): resumes from what the server holds, never from zero if it can help it.
    start() {
      if (this._running) { return this; }
      // onError is always called after start() has returned, as for failures that come from the network, so that
      // a page can set its state up after start() without a race.
      var later = function (error) { Promise.resolve().then(function () { this._fail(error); }.bind(this)); }.bind(this);
      if (!this.file || typeof this.file.slice !== 'function') {
        later(new TusError(MESSAGES.noFile, {}));
        return this;
      }
      if (!(this.file.size > 0)) {
        // The server refuses 0 bytes (422); saying so here saves a round trip on a slow line.
        later(new TusError(MESSAGES.empty, { code: 'empty_file' }));
        return this;
      }
      this._running = true;
      var run = ++this._run;
      window.addEventListener('online', this._onOnline);
      window.addEventListener('offline', this._onOffline);
      this._loop(run).then(
        function () { this._stopped(run); }.bind(this),
        function (error) { this._stopped(run); this._fail(error); }.bind(this));
      return this;
    }

    // Stops sending and keeps everything needed to resume (the address stays in localStorage).
    abort() {
      this._run++;
      this._cancelInFlight();
      this._stopped(this._run);
      return this;
    }

    // Discards the upload on the server and forgets it here. Resolves when the server has let it go (404 counts:
    // it is gone either way); rejects with a TusError otherwise, keeping the address so that it can be retried.
    async terminate() {
      this.abort();
      var url = this.url || (storage.get(this.fingerprint) || {}).url;
      if (url) {
        var response;
        try {
          response = await this._fetch(url, { method: 'DELETE' }, BASE_TIMEOUT_MS, this._run);
        } catch (error) {
          throw this._networkError(error);
        }
        if (response.status !== 204 && response.status !== 404 && response.status !== 410) {
          throw await errorFromResponse(response);
        }
      }
      storage.remove(this.fingerprint);
      this.url = null;
      this.uploadId = null;
      this.offset = null;
    }

    // ---- internals ----

    async _loop(run) {
      var attempt = 0;           // failures since the server last acknowledged more than before
      var conflicts = 0;         // 409s since then
      var best = -1;             // the most the server has acknowledged during this run
      var recreated = false;     // the upload vanished once already during this start()
      this.offset = null;
      if (!this.url) {
        var remembered = storage.get(this.fingerprint);
        if (remembered && remembered.url && Date.now() - (remembered.createdAt || 0) < REMEMBER_MS) {
          this._setUrl(remembered.url);
        } else if (remembered) {
          storage.remove(this.fingerprint);
        }
      }
      while (run === this._run) {
        try {
          if (!this.url) {
            await this._create(run);
          } else if (this.offset === null) {
            var found = await this._head(run);
            if (!found) {
              // Swept after 24 h, attached to a dossier, discarded, or another account's: start over once; a
              // second disappearance in the same run is not something retrying will fix.
              if (recreated) { throw new TusError(MESSAGES.vanished, { status: 404, code: 'upload_not_found' }); }
              recreated = true;
              this._forget();
            }
          } else if (this.offset >= this.file.size) {
            this._succeed();
            return;
          } else {
            var before = this.offset;
            var moved = await this._patch(run);
            if (moved === 'conflict') {
              // Another tab, or a PATCH we thought lost, wrote first: ask HEAD and go on from there. Bounded,
              // so that two tabs fighting over one upload end in an error rather than forever.
              if (++conflicts > 3) { throw new TusError(MESSAGES.contended, { status: 409, code: 'offset_mismatch', retryable: true }); }
              this.offset = null;
            } else if (this.offset > before) {
              this._progress();
            }
          }
          // Counted on the server's offset, HEAD's included: a line so bad that every PATCH breaks mid-way still
          // moves forward (the server keeps what arrived), and must not run out of retries while it does.
          if (this.offset !== null && this.offset > best) {
            best = this.offset;
            attempt = 0;
            conflicts = 0;
          }
        } catch (error) {
          if (run !== this._run) { return; }  // aborted: the failure is ours, not the line's
          var failure = error instanceof TusError ? error : this._networkError(error);
          if (!failure.retryable) { throw failure; }
          var delay = this._nextDelay(attempt++, failure);
          if (delay === null) { throw failure; }
          if (this.options.onRetry) { this._call(this.options.onRetry, [failure, delay]); }
          var reason = await this._wait(delay, run);
          if (reason === 'online') { attempt = 0; }  // a fresh line deserves the full round of quick retries again
          // Whatever failed, part of a PATCH may have been committed: only HEAD knows where to go on from.
          if (this.url) { this.offset = null; }
        }
      }
    }

    // null = give up. While the browser says it is offline every wait is at least 20 s (cut short by the 'online'
    // event): a quick retry against no network is certain to fail, and on a phone each one costs battery. Past the
    // list, only an offline browser keeps waiting; an online one whose requests still fail gets the error.
    _nextDelay(attempt, failure) {
      var offline = typeof navigator !== 'undefined' && navigator.onLine === false;
      var delays = this.options.retryDelays;
      var delay;
      if (attempt < delays.length) {
        delay = offline ? Math.max(delays[attempt], OFFLINE_RETRY_MS) : delays[attempt];
      } else if (offline) {
        delay = OFFLINE_RETRY_MS;
      } else {
        return null;
      }
      return Math.max(delay, failure.retryAfterMs || 0);
    }

    async _create(run) {
      var metadata = Object.assign({}, this.options.metadata);
      // The server names the stored file after this; a bare Blob has no name, so the caller's (if any) stays.
      if (this.file.name) { metadata.filename = this.file.name; }
      var headers = { 'Upload-Length': String(this.file.size) };
      var encoded = encodeMetadata(metadata);
      if (encoded) { headers['Upload-Metadata'] = encoded; }
      var response = await this._fetch(this.options.endpoint, { method: 'POST', headers: headers }, BASE_TIMEOUT_MS, run);
      if (response.status !== 201) { throw await errorFromResponse(response); }
      var location = response.headers.get('Location');
      if (!location) { throw new TusError(MESSAGES.badAnswer, { status: response.status }); }
      var endpoint = new URL(this.options.endpoint, window.location.href);
      this._setUrl(new URL(location, endpoint).href);
      // Remembered before the first byte is sent: a crash during the first chunk must still find this upload.
      storage.set(this.fingerprint, { url: this.url, createdAt: Date.now() });
      this.offset = 0;
    }

    // true with this.offset set, or false if the upload no longer exists for us.
    async _head(run) {
      var response = await this._fetch(this.url, { method: 'HEAD' }, BASE_TIMEOUT_MS, run);
      if (response.status === 404 || response.status === 410) { return false; }
      if (response.status !== 200) { throw await errorFromResponse(response); }
      var offset = parseInt(response.headers.get('Upload-Offset'), 10);
      var length = parseInt(response.headers.get('Upload-Length'), 10);
      if (!(offset >= 0)) { throw new TusError(MESSAGES.badAnswer, { status: 200, retryable: true }); }
      // A remembered address whose length is not this file's is some other upload (edited file, same name and
      // date): resuming into it would glue two files together.
      if (length >= 0 && length !== this.file.size) { return false; }
      this.offset = Math.min(offset, this.file.size);
      // A resumed upload shows at once how much is already there, before the next chunk (maybe a minute on 3G).
      this._progress();
      return true;
    }

    // Sends one chunk from this.offset; returns 'conflict' on 409, otherwise moves this.offset.
    async _patch(run) {
      var start = this.offset;
      var end = Math.min(start + this.options.chunkSize, this.file.size);
      var response = await this._fetch(this.url, {
        method: 'PATCH',
        headers: { 'Upload-Offset': String(start), 'Content-Type': 'application/offset+octet-stream' },
        body: this.file.slice(start, end)
      }, BASE_TIMEOUT_MS + Math.ceil((end - start) / SLOWEST_BYTES_PER_MS), run);
      if (response.status === 409) { return 'conflict'; }
      if (response.status === 404 || response.status === 410) {
        // Gone while we were sending (swept or discarded elsewhere): HEAD confirms and the loop starts over.
        this.offset = null;
        return 'gone';
      }
      if (response.status !== 204 && response.status !== 200) { throw await errorFromResponse(response); }
      var offset = parseInt(response.headers.get('Upload-Offset'), 10);
      if (!(offset > start && offset <= this.file.size)) {
        throw new TusError(MESSAGES.badAnswer, { status: response.status, retryable: true });
      }
      this.offset = offset;
      return 'moved';
    }

    // Every request carries Tus-Resumable (the server answers 412 without it), the caller's headers (the CSRF
    // token) and the session cookie; it is cancelled by abort(), by the browser going offline and by a timeout.
    async _fetch(url, init, timeoutMs, run) {
      var headers = Object.assign({}, this.options.headers, init.headers || {}, { 'Tus-Resumable': TUS_VERSION });
      var hasCsrf = Object.keys(headers).some(function (name) { return name.toLowerCase() === 'x-csrf-token'; });
      if (!hasCsrf && init.method !== 'HEAD' && sameOrigin(url)) {
        var token = pageCsrfToken();
        if (token) { headers['X-CSRF-Token'] = token; }
      }
      var controller = typeof AbortController === 'function' ? new AbortController() : null;
      var request = { controller: controller, timedOut: false };
      this._request = request;
      var timer = setTimeout(function () {
        request.timedOut = true;
        if (controller) { controller.abort(); }
      }, timeoutMs);
      try {
        var response = await fetch(url, {
          method: init.method, headers: headers, body: init.body, credentials: 'same-origin', cache: 'no-store',
          signal: controller ? controller.signal : undefined
        });
        // An answer that lands just after abort() (or after a newer start()) belongs to a superseded run: acting
        // on it could overwrite the newer run's offset or address.
        if (run !== this._run) { throw new TusError(MESSAGES.network, { code: 'aborted' }); }
        return response;
      } catch (error) {
        if (request.timedOut) { throw new TusError(MESSAGES.timeout, { retryable: true, cause: error }); }
        throw error;
      } finally {
        clearTimeout(timer);
        if (this._request === request) { this._request = null; }
      }
    }

    // fetch rejects only when no answer came: the line, DNS, an offline phone. Always worth another try.
    _networkError(error) {
      if (error instanceof TusError) { return error; }
      return new TusError(MESSAGES.network, { retryable: true, cause: error });
    }

    // Resolves with 'time', 'online' or 'stopped'.
    _wait(ms, run) {
      var self = this;
      return new Promise(function (resolve) {
        var timer = setTimeout(function () { done('time'); }, ms);
        function done(reason) {
          clearTimeout(timer);
          if (self._wake === done) { self._wake = null; }
          resolve(run === self._run ? reason : 'stopped');
        }
        self._wake = done;
      });
    }

    _onOnline() {
      // The line is back: do not sit out the rest of a 20 s wait.
      if (this._wake) { this._wake('online'); }
    }

    _onOffline() {
      // A request in flight over a vanished network would otherwise hang until its timeout; cancelled, it fails
      // now and the loop waits for the line instead (the offset is asked again afterwards).
      if (this._request && this._request.controller) {
        this._request.timedOut = false;
        this._request.controller.abort();
      }
    }

    _cancelInFlight() {
      if (this._request && this._request.controller) { this._request.controller.abort(); }
      this._request = null;
      if (this._wake) { this._wake('stopped'); }
    }

    _stopped(run) {
      if (run !== this._run) { return; }
      this._running = false;
      window.removeEventListener('online', this._onOnline);
      window.removeEventListener('offline', this._onOffline);
    }

    _setUrl(url) {
      this.url = url;
      var parts = new URL(url, window.location.href).pathname.split('/');
      this.uploadId = parts[parts.length - 1] || null;
    }

    _forget() {
      storage.remove(this.fingerprint);
      this.url = null;
      this.uploadId = null;
      this.offset = null;
    }

    // Once per acknowledged offset: the last PATCH and the completion (or a HEAD that finds nothing new) would
    // otherwise report the same number twice.
    _progress() {
      if (this.offset === this._reported) { return; }
      this._reported = this.offset;
      if (this.options.onProgress) { this._call(this.options.onProgress, [this.offset, this.file.size]); }
    }

    _succeed() {
      this._progress();
      if (this.options.removeFingerprintOnSuccess) { storage.remove(this.fingerprint); }
      var url = this.url, id = this.uploadId;
      this._run++;
      this._stopped(this._run);
      if (this.options.onSuccess) { this._call(this.options.onSuccess, [url, id]); }
    }

    _fail(error) {
      if (this.options.onError) {
        this._call(this.options.onError, [error]);
      } else if (window.console) {
        window.console.error(error);
      }
    }

    // A page's callback that throws must not be taken for a failed upload (and retried, or reported as ours).
    _call(callback, args) {
      try { callback.apply(null, args); } catch (error) { if (window.console) { window.console.error(error); } }
    }
  }

  window.MotCua = window.MotCua || {};
  window.MotCua.TusUpload = TusUpload;
  window.MotCua.TusError = TusError;
  window.MotCua.tus = {
    upload: function (file, options) { return new TusUpload(file, options).start(); }
  };
})();
