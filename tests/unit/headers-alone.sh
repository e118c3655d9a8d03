#!/usr/bin/env bash
# headers-alone.sh — each public header of include/portail/ compiles alone,
# first in its translation unit, as strict ISO C17 and as C++17
# (-pedantic -Wall -Wextra -Werror), and twice (include guards): a header
# that needs another one included before it or leans on a GNU extension
# fails here, naming the header. (That C++ callers get C linkage is
# checked by exports.py.)
#
# usage: headers-alone.sh INCLUDE_DIR CC [CC_ARGS...] -- CXX [CXX_ARGS...]
set -euo pipefail

include_dir=$1
shift
cc=()
while (($#)) && [[ $1 != -- ]]; do
	cc+=("$1")
	shift
done
shift
cxx=("$@")
((${#cc[@]})) && ((${#cxx[@]})) || { echo "usage: $0 INCLUDE_DIR CC -- CXX" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/portail-headers.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

failed=0 count=0
for header in "$include_dir"/portail/*.h; do
	name=portail/${header##*/}
	count=$((count + 1))
	printf '#include <%s>\n#include <%s>\nint main(void) { return 0; }\n' "$name" "$name" >"$work/alone.c"
	cp "$work/alone.c" "$work/alone.cpp"
	if ! "${cc[@]}" -std=c17 -pedantic -Wall -Wextra -Werror -fsyntax-only -I"$include_dir" \
		"$work/alone.c" 2>"$work/c.log"; then
		echo "FAIL: $name does not compile alone as C17:"
		cat "$work/c.log"
		failed=$((failed + 1))
	fi
	if ! "${cxx[@]}" -std=c++17 -pedantic -Wall -Wextra -Werror -fsyntax-only \
		-I"$include_dir" "$work/alone.cpp" 2>"$work/cxx.log"; then
		echo "FAIL: $name does not compile alone as C++17:"
		cat "$work/cxx.log"
		failed=$((failed + 1))
	fi
done
((count > 0)) || { echo "FAIL: no header under $include_dir/portail"; exit 1; }
echo "$count public headers, each alone as C17 and C++17: $failed failure(s)"
((failed == 0))
