#!/usr/bin/env bash
# check-bench.sh PTL_TESTDB BENCH_BUILD_DIR BENCH_SOURCE_DIR — a small run of
# the benchmark's programs against a fresh database of the test cluster:
# portail-bench-data makes 50 families and logs 3 in, each with a calendar
# feed (the sessions file has the shape wrk.lua reads), bench-library reads through them without
# failing, and bench-ceiling answers GET /raw/{id} from the database.
set -euo pipefail

testdb=$1 build=$2 source=$3
work=$(mktemp -d)
conninfo=
ceiling_pid=
cleanup() {
	[[ -z $ceiling_pid ]] || { kill "$ceiling_pid" 2>/dev/null; wait "$ceiling_pid" 2>/dev/null || true; }
	[[ -z $conninfo ]] || "$testdb" drop "$conninfo"
	rm -rf -- "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

conninfo=$("$testdb" create bench)
export PORTAIL_DB=$conninfo

"$build/portail-bench-data" --families 50 --sessions 3 --out "$work/sessions" ||
	fail "portail-bench-data failed"
[[ $(wc -l <"$work/sessions") -eq 3 ]] || fail "expected 3 sessions, got: $(cat "$work/sessions")"
grep -Evq '^[A-Za-z0-9_-]{43} [A-Za-z0-9_-]{43} [0-9]+ [0-9]+ [0-9]+ [A-Za-z0-9_-]{59} [0-9]+$' "$work/sessions" &&
	fail "malformed sessions file: $(cat "$work/sessions")"

set +e
"$build/portail-bench-data" --families 0 --out "$work/x" 2>/dev/null
status=$?
set -e
[[ $status -eq 2 ]] || fail "--families 0 should be a usage error (2), got $status"

# The library's reads alone: three lines, every call answered.
"$build/bench-library" "$work/sessions" 1 0.3 >"$work/library" || fail "bench-library failed"
[[ $(grep -Ec '^LIBRARY (me|child|requests) [1-9][0-9]* [0-9.]+ 0$' "$work/library") -eq 3 ]] ||
	fail "bench-library printed: $(cat "$work/library")"

# The ceiling handler on a free port.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$build/bench-ceiling" "127.0.0.1:$port" 2 2>"$work/ceiling.log" &
ceiling_pid=$!
family=$(awk 'NR == 1 { print $4 }' "$work/sessions")
body=
for _ in $(seq 50); do
	body=$(curl -sf "http://127.0.0.1:$port/raw/$family" 2>/dev/null) && break
	sleep 0.1
done
[[ $body == "{\"id\":$family,\"name\":\""* ]] || fail "bench-ceiling answered '$body' ($(cat "$work/ceiling.log"))"
[[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/raw/0") == 404 ]] ||
	fail "bench-ceiling should answer 404 for an unknown id"
[[ -f $source/wrk.lua && -f $source/endpoints ]] || fail "bench/wrk.lua or bench/endpoints missing"
echo "ok: bench programs"
