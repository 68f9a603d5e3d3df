// The QR code on the back of a chip-based citizen ID card (CCCD): a counter's handheld scanner types its content like
// a keyboard, then Enter. The content is seven fields separated by "|":
//   CCCD number (12 digits) | old ID number (9 digits, or empty) | full name | date of birth ddMMyyyy | sex (Nam/Nữ) |
//   address | date of issue ddMMyyyy
// parseCccdQr is a pure function (window.MotCua.parseCccdQr); the intake form's scan field uses it to fill the
// applicant's name, identity number and address. The scan field has no name: nothing new is sent to the server.
(function () {
  var pad = function (n) { return (n < 10 ? '0' : '') + n; };

  // "15081990" → {iso: "1990-08-15", text: "15/08/1990"}, or null if it is not a real date.
  var parseDate = function (value) {
    var m = /^(\d{2})(\d{2})(\d{4})$/.exec(value);
    if (!m) { return null; }
    var day = +m[1], month = +m[2], year = +m[3];
    var date = new Date(Date.UTC(year, month - 1, day));
    if (year < 1900 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) { return null; }
    return { iso: year + '-' + pad(month) + '-' + pad(day), text: pad(day) + '/' + pad(month) + '/' + year, time: date.getTime() };
  };

  var notCccd = function (why) {
    return { ok: false, error: 'Nội dung quét được không phải mã QR trên CCCD: ' + why + '.' };
  };

  // Returns {ok: true, idNumber, oldIdNumber, fullName, dateOfBirth, sex, address, issueDate} (dates as
  // {iso, text}) or {ok: false, error} with a Vietnamese explanation.
  var parseCccdQr = function (text) {
    if (typeof text !== 'string') { return notCccd('không có nội dung'); }
    var content = text.normalize ? text.normalize('NFC') : text;
    content = content.replace(/^[\s\uFEFF]+|[\s]+$/g, '');
    if (!content) { return notCccd('không có nội dung'); }
    var fields = content.split('|');
    if (fields.length === 1) { return notCccd('không có các trường phân cách bởi dấu “|” (mã trên CCCD gồm 7 trường)'); }
    if (fields.length !== 7) {
      return notCccd('cần 7 trường phân cách bởi dấu “|”, nội dung có ' + fields.length + ' trường');
    }
    fields = fields.map(function (f) { return f.trim().replace(/\s+/g, ' '); });
    var idNumber = fields[0], oldIdNumber = fields[1], fullName = fields[2], sex = fields[4], address = fields[5];
    if (!/^\d{12}$/.test(idNumber)) { return notCccd('số CCCD phải gồm đúng 12 chữ số'); }
    if (oldIdNumber && !/^\d{9}$/.test(oldIdNumber)) { return notCccd('số CMND cũ phải gồm 9 chữ số hoặc để trống'); }
    if (!fullName || fullName.length > 100 || /[\d<>]/.test(fullName)) { return notCccd('họ và tên không hợp lệ'); }
    var dateOfBirth = parseDate(fields[3]);
    if (!dateOfBirth || dateOfBirth.time > Date.now()) { return notCccd('ngày sinh phải có dạng ngày tháng năm (ddMMyyyy)'); }
    if (sex !== 'Nam' && sex !== 'Nữ') { return notCccd('giới tính phải là “Nam” hoặc “Nữ”'); }
    if (!address || address.length > 300) { return notCccd('thiếu nơi thường trú'); }
    var issueDate = parseDate(fields[6]);
    if (!issueDate || issueDate.time < dateOfBirth.time || issueDate.time > Date.now()) {
      return notCccd('ngày cấp phải có dạng ngày tháng năm (ddMMyyyy)');
    }
    delete dateOfBirth.time; delete issueDate.time;
    return {
      ok: true, idNumber: idNumber, oldIdNumber: oldIdNumber, fullName: fullName, dateOfBirth: dateOfBirth,
      sex: sex, address: address, issueDate: issueDate
    };
  };

  window.MotCua = window.MotCua || {};
  window.MotCua.parseCccdQr = parseCccdQr;

  // The intake form's scan field.
  var box = document.getElementById('cccd-scan-box');
  var scan = document.getElementById('cccd-scan');
  var result = document.getElementById('cccd-result');
  var form = document.getElementById('intake-form');
  if (!box || !scan || !result || !form) { return; }
  box.hidden = false;   // without this script the field stays hidden: Enter in it would submit the intake
  var setField = function (name, value) {
    var field = form.elements.namedItem(name);
    if (!field || field.value === value) { return; }
    field.value = value;
    field.dispatchEvent(new Event('input', { bubbles: true }));
    field.dispatchEvent(new Event('change', { bubbles: true }));
  };
  var report = function (kind, lines) {
    result.className = 'alert ' + kind + ' cccd-result';
    result.textContent = '';
    lines.forEach(function (line, i) {
      if (i) { result.appendChild(document.createElement('br')); }
      result.appendChild(document.createTextNode(line));
    });
  };
  var lastFilled = null;
  var apply = function () {
    var value = scan.value;
    if (!value.trim()) {
      report('warning', ['Chưa có nội dung: hãy quét mã QR ở mặt sau căn cước công dân.']);
      return;
    }
    if (value === lastFilled) { return; }
    var card = parseCccdQr(value);
    if (!card.ok) {
      lastFilled = null;
      report('error', [card.error, 'Hãy quét lại mã QR ở mặt sau thẻ CCCD (không phải mã vạch hay mã QR khác), hoặc nhập tay các thông tin bên dưới.']);
      scan.select();
      return;
    }
    setField('fullName', card.fullName);
    setField('idNumber', card.idNumber);
    setField('address', card.address);
    lastFilled = value;
    report('success', [
      'Đã điền từ CCCD: họ và tên “' + card.fullName + '”, số định danh ' + card.idNumber + ', địa chỉ “' + card.address + '”.',
      'Để đối chiếu: ngày sinh ' + card.dateOfBirth.text + ', giới tính ' + card.sex +
        (card.oldIdNumber ? ', CMND cũ ' + card.oldIdNumber : '') + ', ngày cấp ' + card.issueDate.text + '.'
    ]);
    scan.select();   // the next scan replaces this one
  };
  scan.addEventListener('keydown', function (event) {
    if (event.key === 'Enter') {
      event.preventDefault();   // never submits the intake form
      apply();
    }
  });
  scan.addEventListener('input', function (event) {
    if (event.inputType === 'insertFromPaste' || event.inputType === 'insertFromDrop') {
      if (scan.value.split('|').length === 7) { apply(); }
    } else if (lastFilled !== null && scan.value !== lastFilled) {
      lastFilled = null;
    }
  });
})();
