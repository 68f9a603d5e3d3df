// The citizen's online filing: files go up by tus (resumable, see tus.js) and are then attached to the draft or to
// the dossier waiting for supplements; the draft saves itself as the citizen types, so closing the tab loses nothing.
(function () {
  'use strict';

  var csrfInput = document.querySelector('input[name="_csrf"]');
  var csrf = csrfInput ? csrfInput.value : '';

  function api(method, url, body) {
    return fetch(url, {
      method: method,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-Token': csrf },
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      if (response.status === 204) { return null; }
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (!response.ok) {
          var message = json && json.error && json.error.message ? json.error.message : 'Lỗi ' + response.status + '. Vui lòng thử lại.';
          throw new Error(message);
        }
        return json;
      });
    });
  }

  function say(element, text, isError) {
    if (!element) { return; }
    element.textContent = text;
    element.classList.toggle('error-text', !!isError);
  }

  // One file: upload with tus, then attach with `attach(uploadId)`; progress and refusals are told in place.
  function send(file, status, fingerprintExtra, attach) {
    return new Promise(function (resolve) {
      var upload = new window.MotCua.TusUpload(file, {
        headers: { 'X-CSRF-Token': csrf },
        fingerprintExtra: fingerprintExtra,
        removeFingerprintOnSuccess: true,
        onProgress: function (sent, total) {
          var percent = total > 0 ? Math.floor(sent * 100 / total) : 100;
          say(status, 'Đang tải “' + file.name + '”: ' + percent + '%');
        },
        onRetry: function () {
          say(status, 'Mất kết nối khi tải “' + file.name + '”; đang thử lại, việc tải sẽ tiếp tục từ chỗ bị ngắt…');
        },
        onSuccess: function (url, id) {
          attach(id).then(function (stored) {
            say(status, 'Đã tải lên “' + stored.filename + '”.');
            resolve(stored);
          }).catch(function (error) {
            say(status, 'Tệp “' + file.name + '” không được nhận: ' + error.message, true);
            resolve(null);
          });
        },
        onError: function (error) {
          say(status, 'Không tải được “' + file.name + '”: ' + (error && error.message ? error.message : 'lỗi không rõ'), true);
          resolve(null);
        }
      });
      upload.start();
    });
  }

  function fileItem(stored, removable) {
    var li = document.createElement('li');
    li.setAttribute('data-file', stored.id);
    li.appendChild(document.createTextNode(stored.filename + ' '));
    var size = document.createElement('span');
    size.className = 'muted';
    size.textContent = '(' + (stored.size >= 1048576 ? (stored.size / 1048576).toFixed(1).replace('.', ',') + ' MB' : Math.max(1, Math.round(stored.size / 1024)) + ' KB') + ')';
    li.appendChild(size);
    if (removable) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'link-button remove-file';
      button.setAttribute('data-file', stored.id);
      button.textContent = 'Gỡ tệp';
      li.appendChild(document.createTextNode(' '));
      li.appendChild(button);
    }
    return li;
  }

  var form = document.getElementById('draft-form');
  if (form) {
    var draftId = form.getAttribute('data-draft');
    var autosave = document.getElementById('autosave-status');

    form.querySelectorAll('.component').forEach(function (item) {
      var component = item.getAttribute('data-component');
      var input = item.querySelector('.component-file');
      var status = item.querySelector('.upload-status');
      var list = item.querySelector('.attachments');
      var box = item.querySelector('input[type="checkbox"]');
      input.addEventListener('change', function () {
        var files = Array.prototype.slice.call(input.files || []);
        input.value = '';
        files.reduce(function (previous, file) {
          return previous.then(function () {
            return send(file, status, draftId + '|' + component, function (uploadId) {
              return api('POST', '/api/v1/drafts/' + draftId + '/files', { upload: uploadId, component: component });
            }).then(function (stored) {
              if (stored) { list.appendChild(fileItem(stored, true)); if (box) { box.checked = true; } refreshMissing(); }
            });
          });
        }, Promise.resolve());
      });
    });

    form.addEventListener('click', function (event) {
      var button = event.target.closest ? event.target.closest('.remove-file') : null;
      if (!button) { return; }
      var id = button.getAttribute('data-file');
      api('DELETE', '/api/v1/drafts/' + draftId + '/files/' + id).then(function () {
        var li = button.closest('li');
        if (li) { li.remove(); }
        refreshMissing();
      }).catch(function (error) { say(autosave, error.message, true); });
    });

    function snapshot() {
      var value = function (name) { var field = form.elements[name]; return field ? field.value : ''; };
      var method = form.querySelector('input[name="deliveryMethod"]:checked');
      return {
        applicant: { fullName: value('fullName'), idNumber: value('idNumber'), phone: value('phone'), email: value('email'), address: value('address') },
        components: Array.prototype.map.call(form.querySelectorAll('input[data-component-box]:checked'), function (box) { return box.value; }),
        delivery: { method: method ? method.value : 'online', address: value('deliveryAddress') }
      };
    }

    // "Còn thiếu trước khi nộp" follows the draft as the server judges it, after every save and every file.
    function showMissing(draft) {
      var box = document.getElementById('draft-missing');
      if (!draft || !Array.isArray(draft.missing)) { return; }
      if (draft.missing.length === 0) { if (box) { box.hidden = true; } return; }
      if (!box) {
        box = document.createElement('div');
        box.id = 'draft-missing';
        box.className = 'alert warning';
        var actions = form.querySelector('.form-actions');
        form.insertBefore(box, actions);
      }
      box.hidden = false;
      box.textContent = '';
      var title = document.createElement('strong');
      title.textContent = 'Còn thiếu trước khi nộp:';
      var list = document.createElement('ul');
      draft.missing.forEach(function (line) {
        var item = document.createElement('li');
        item.textContent = line;
        list.appendChild(item);
      });
      box.appendChild(title);
      box.appendChild(list);
    }
    function refreshMissing() {
      api('GET', '/api/v1/drafts/' + draftId).then(showMissing).catch(function () {});
    }

    // The postal address matters only for delivery by post; without script the field simply stays visible.
    var address = document.getElementById('deliveryAddress');
    var addressLabel = address ? address.closest('label') : null;
    function toggleAddress() {
      var chosen = form.querySelector('input[name="deliveryMethod"]:checked');
      if (addressLabel) { addressLabel.hidden = !(chosen && chosen.value === 'post'); }
    }
    toggleAddress();
    form.querySelectorAll('input[name="deliveryMethod"]').forEach(function (radio) { radio.addEventListener('change', toggleAddress); });

    var timer = null;
    function scheduleSave() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        api('PUT', '/api/v1/drafts/' + draftId, snapshot()).then(function (draft) {
          showMissing(draft);
          var now = new Date();
          say(autosave, 'Đã tự lưu lúc ' + String(now.getHours()).padStart(2, '0') + ':' + String(now.getMinutes()).padStart(2, '0') + '.');
        }).catch(function (error) { say(autosave, 'Chưa lưu được: ' + error.message, true); });
      }, 800);
    }
    form.addEventListener('input', function (event) { if (event.target.type !== 'file') { scheduleSave(); } });
    form.addEventListener('change', function (event) { if (event.target.type !== 'file') { scheduleSave(); } });
  }

  var supplement = document.getElementById('supplement');
  if (supplement) {
    var code = supplement.getAttribute('data-code');
    var input = document.getElementById('supplement-file');
    var status = document.getElementById('supplement-status');
    var select = document.getElementById('supplement-component');
    input.addEventListener('change', function () {
      var files = Array.prototype.slice.call(input.files || []);
      input.value = '';
      files.reduce(function (previous, file) {
        return previous.then(function () {
          return send(file, status, code + '|' + select.value, function (uploadId) {
            return api('POST', '/api/v1/dossiers/' + encodeURIComponent(code) + '/files', { upload: uploadId, component: select.value });
          });
        });
      }, Promise.resolve());
    });
  }
})();
