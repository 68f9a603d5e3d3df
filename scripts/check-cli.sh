#!/usr/bin/env bash
# The command-line outputs other systems rely on, checked exactly (DOMAIN.md §4 examples).
set -euo pipefail
cd "$(dirname "$0")/.."
export MOTCUA_DATA_DIR=$(mktemp -d)
bin="${MOTCUA_BIN:-$(swift build --show-bin-path)/motcua}"
motcua() { "$bin" "$@" 2>/dev/null; }
fail=0
expect() {
  local got=$1 want=$2 what=$3
  if [ "$got" == "$want" ]; then echo "ok   $what"; else echo "FAIL $what: got [$got], want [$want]"; fail=1; fi
}
expect "$(motcua lunar 2027-02-06)" '{"year":2027,"month":1,"day":1,"leap":false}' "lunar 2027-02-06"
expect "$(motcua deadline --received 2027-04-14T10:00 --days 3)" "2027-04-20T17:00:00+07:00" "deadline Wed 10:00 + 3 working days"
expect "$(motcua deadline --received 2027-04-09T15:30 --days 0)" "2027-04-12T17:00:00+07:00" "deadline Fri after cut-off, same-day procedure"
expect "$(motcua calendar 2026 | sort -c && echo sorted)" "sorted" "calendar 2026 is sorted by date"
expect "$(motcua calendar 2026 | awk -F'\t' 'NF != 3' | wc -l)" "0" "calendar 2026: three tab-separated fields per line"
expect "$(motcua calendar 2026 | grep -P '^2026-04-27\tcompensatory\t' | wc -l)" "1" "calendar 2026: compensatory day for Hùng Kings' day on a Sunday"
expect "$(motcua calendar 2027 | grep -P '^2027-04-16\tholiday\tGiỗ Tổ Hùng Vương' | wc -l)" "1" "calendar 2027: Hùng Kings' day"
# An override stored in the database is honoured by both commands.
motcua seed-demo >/dev/null
python3 - "$MOTCUA_DATA_DIR/motcua.sqlite" <<'PY'
import sqlite3, sys, uuid
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO calendar_overrides (id, date, is_day_off, name) VALUES (?, '2027-04-15', 1, 'Nghỉ theo thông báo thử nghiệm')", (str(uuid.uuid4()).upper(),))
db.commit()
PY
expect "$(motcua calendar 2027 | grep -P '^2027-04-15\toverride-off\t' | wc -l)" "1" "calendar shows a stored override"
expect "$(motcua deadline --received 2027-04-14T10:00 --days 3)" "2027-04-21T17:00:00+07:00" "deadline honours a stored day off"
expect "$("$bin" lunar 2027-02-30 >/dev/null 2>&1; echo $?)" "1" "an invalid date is refused with exit status 1"
expect "$("$bin" deadline --received yesterday --days 3 2>&1 >/dev/null | grep -c 'Thiếu hoặc sai --received')" "1" "a bad --received is explained"
exit $fail
