#!/usr/bin/env bash
# installed-example.sh — proves that other C programs can use libportail as
# installed: stages `meson install` in a temporary directory, builds
# example.c with the flags of the staged libportail.pc only (never the build
# tree), runs it against the staged shared library, and checks that the
# library exports its public API and nothing else (the export list); then
# the same for the companion libportail-json with example-json.c.
#
# usage: installed-example.sh BUILD_ROOT SOURCE_DIR PREFIX LIBDIR SANITIZE MESON CC...
set -euo pipefail

build_root=$1 source_dir=$2 prefix=$3 libdir=$4 sanitize=$5 meson=$6
shift 6
compiler=("$@")
((${#compiler[@]})) || compiler=(cc)

stage=$(mktemp -d "${TMPDIR:-/tmp}/portail-example.XXXXXX")
trap 'rm -rf -- "$stage"' EXIT

fail() {
	printf 'FAIL: %s\n' "$*" >&2
	exit 1
}

# 1. Install into the staging directory.
if ! "$meson" install -C "$build_root" --destdir "$stage/root" --no-rebuild --quiet \
	>"$stage/install.log" 2>&1; then
	cat "$stage/install.log" >&2
	fail "meson install failed"
fi
[[ $libdir == /* ]] || libdir=$prefix/$libdir
staged_prefix=$stage/root$prefix
staged_libdir=$stage/root$libdir
[[ -f $staged_libdir/pkgconfig/libportail.pc ]] ||
	fail "no libportail.pc under $staged_libdir/pkgconfig"
[[ -f $staged_prefix/include/portail/portail.h ]] ||
	fail "no portail/portail.h under $staged_prefix/include"

# 2. The compiler and linker flags, from the staged pc file alone. The
# project makes it relocatable (its prefix is derived from where it lies);
# a build directory configured before that was the default gets the prefix
# given explicitly, as a packager would.
export PKG_CONFIG_PATH=$staged_libdir/pkgconfig
unset PKG_CONFIG_SYSROOT_DIR
if grep -q 'pcfiledir' "$staged_libdir/pkgconfig/libportail.pc"; then
	flags=$(pkg-config --cflags --libs libportail)
else
	flags=$(pkg-config --define-variable=prefix="$staged_prefix" --cflags --libs libportail)
fi
echo "pkg-config: $flags"
include_ok=false
for word in $flags; do
	[[ $word == -I* && -f ${word#-I}/portail/portail.h ]] && include_ok=true
done
$include_ok || fail "the staged libportail.pc gives no usable include path: $flags"
for word in $flags; do
	case $word in
	-I* | -L*) [[ ${word:2} != "$build_root"* ]] || fail "$word points into the build tree" ;;
	esac
done
[[ $flags == *"-L$staged_libdir"* ]] || fail "the flags do not name the staged library directory"

# 3. Build the example as a user would (a library built with sanitizers
# needs a program built with them too), strictly: the public headers must
# compile cleanly in ISO C17.
cflags=(-std=c17 -Wall -Wextra -Werror -pedantic)
[[ $sanitize == none || -z $sanitize ]] || cflags+=("-fsanitize=$sanitize")
# shellcheck disable=SC2086 # pkg-config output is a list of words
"${compiler[@]}" "${cflags[@]}" "$source_dir/example.c" -o "$stage/example" $flags

# Outputs are captured before grep: with pipefail, `cmd | grep -q` fails
# whenever grep stops reading early and cmd gets SIGPIPE.
dynamic_section=$(readelf -d "$stage/example")
grep -q 'NEEDED.*\[libportail\.so\.1\]' <<<"$dynamic_section" ||
	fail "the example does not need libportail.so.1 (versioned soname)"
loaded=$(LD_LIBRARY_PATH=$staged_libdir ldd "$stage/example")
grep -q "libportail.so.1 => $staged_libdir/" <<<"$loaded" ||
	fail "the example does not load the staged library"

# 4. Run it and check what it prints.
output=$(LD_LIBRARY_PATH=$staged_libdir "$stage/example" </dev/null)
version=$(pkg-config --modversion libportail)
expected="libportail $version
2024-02-28: day 19781, weekday 3, next day 2024-02-29
2026-02-30: invalid
status names: not_found invalid
1 invalid date(s)"
if [[ $output != "$expected" ]]; then
	diff -u <(printf '%s\n' "$expected") <(printf '%s\n' "$output") >&2 || true
	fail "unexpected output from the example"
fi
echo "example output ok (libportail $version)"

# 5. The export list: public ptl_ names are in the dynamic symbol table, the
# semi-private ptl__ names and everything else are not.
lib=$(readlink -f "$staged_libdir/libportail.so.1")
dynamic=$(nm -D --defined-only "$lib" | awk '{ sub(/@.*/, "", $NF); print $NF }')
for name in ptl_status_name ptl_day_parse ptl_error_last; do
	grep -qx "$name" <<<"$dynamic" || fail "$name is not exported"
done
if grep -qx ptl__error_set <<<"$dynamic"; then
	fail "the internal ptl__error_set is exported"
fi
# Meaningful only if the internal function is really in the library (the
# full symbol table is there unless the library was stripped).
all_symbols=$(nm "$lib" 2>/dev/null || true)
if grep -q ' ptl__error_set$' <<<"$all_symbols"; then
	echo "ptl__error_set is in the library but not exported"
elif [[ -n $all_symbols ]]; then
	fail "ptl__error_set is not in the library at all: the check above proves nothing"
fi
others=$(grep -v -e '^ptl_[a-z]' -e '^PORTAIL_[0-9]' <<<"$dynamic" || true)
[[ -z $others ]] || fail "exported symbols outside the public API: ${others//$'\n'/ }"
echo "exports: $(grep -c '^ptl_' <<<"$dynamic") ptl_ functions, nothing else"

# 6. The companion library: a program built with the flags of the staged
# libportail-json.pc alone gets jansson and libportail along.
[[ -f $staged_libdir/pkgconfig/libportail-json.pc ]] ||
	fail "no libportail-json.pc under $staged_libdir/pkgconfig"
[[ -f $staged_prefix/include/portail-json/portail-json.h ]] ||
	fail "no portail-json/portail-json.h under $staged_prefix/include"
if grep -q 'pcfiledir' "$staged_libdir/pkgconfig/libportail-json.pc"; then
	json_flags=$(pkg-config --cflags --libs libportail-json)
else
	json_flags=$(pkg-config --define-variable=prefix="$staged_prefix" --cflags --libs libportail-json)
fi
# shellcheck disable=SC2086 # pkg-config output is a list of words
"${compiler[@]}" "${cflags[@]}" "$source_dir/example-json.c" -o "$stage/example-json" $json_flags
output=$(LD_LIBRARY_PATH=$staged_libdir "$stage/example-json" </dev/null)
expected='{"allergies":"","authorized_pickup":"","birth_date":"2018-05-04","diet":"","doctor":"","first_name":"Léa","id":1,"last_name":"Martin","school":"","school_level":"","sex":""}'
[[ $output == "$expected" ]] || fail "unexpected output from example-json: $output"
dynamic=$(nm -D --defined-only "$(readlink -f "$staged_libdir/libportail-json.so.0")" |
	awk '{ sub(/@.*/, "", $NF); print $NF }')
others=$(grep -v -e '^ptl_json_[a-z]' -e '^PORTAIL_JSON_[0-9]' <<<"$dynamic" || true)
[[ -z $others ]] || fail "libportail-json exports more than ptl_json_: ${others//$'\n'/ }"
echo "libportail-json: example output ok, $(grep -c '^ptl_json_' <<<"$dynamic") ptl_json_ functions exported"
echo "PASS"
