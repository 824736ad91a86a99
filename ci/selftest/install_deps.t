#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tools/install-deps.sh tells the installed packages from the missing ones
# from one dpkg-query of the whole database: a bare name is the host's
# architecture's package or an Architecture: all one, NAME:ARCH is that
# architecture's, and only status "ii" is installed. Run against a dpkg
# database of its own (fake dpkg, dpkg-query and id on PATH), as a user,
# so that nothing is installed: what is missing is the error's list.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=ci/tap.sh
tap_prefix=install_deps.
. "$root/ci/tap.sh"

mkdir "$tmp/bin"
cat > "$tmp/bin/dpkg" <<'EOF'
#!/bin/sh
case "$1" in
--print-architecture) echo amd64 ;;
--print-foreign-architectures) echo arm64 ;;
esac
EOF
# the database: "STATUS NAME:ARCH", as install-deps asks for it
cat > "$tmp/bin/dpkg-query" <<EOF
#!/bin/sh
cat "$tmp/db"
EOF
printf '#!/bin/sh\necho 1000\n' > "$tmp/bin/id"
chmod +x "$tmp/bin/"*

# missing_of DB-LINES...: the packages host's tier reports missing
missing_of() {
	printf '%s\n' "$@" > "$tmp/db"
	PATH=$tmp/bin:$PATH "$root/tools/install-deps.sh" host "$tmp" 2>&1 |
		sed -n 's/^error: missing Debian packages: *\([^;]*\);.*/\1/p'
}
# the host tier's packages, all installed, the first as Architecture: all
read -ra host < <("$root/tools/install-deps.sh" --list host "$tmp")
all=()
for p in "${host[@]}"; do all+=("ii  $p:amd64"); done
all[0]="ii  ${host[0]}:all"

echo "TAP version 13"
echo "1..4"
out=$(printf '%s\n' "${all[@]}" > "$tmp/db"; PATH=$tmp/bin:$PATH "$root/tools/install-deps.sh" host "$tmp" 2>&1) &&
	[ -z "$out" ] && result ok all_installed_is_silent ||
	result "not ok" all_installed_is_silent "every package installed, yet: $out"

last=${host[-1]}
got=$(missing_of "${all[@]:0:${#all[@]}-1}")
[ "$got" = "$last" ] && result ok an_absent_package_is_missing ||
	result "not ok" an_absent_package_is_missing "want '$last' missing, got '$got'"

got=$(missing_of "${all[@]:0:${#all[@]}-1}" "rc  $last:amd64")
[ "$got" = "$last" ] && result ok a_removed_package_is_missing ||
	result "not ok" a_removed_package_is_missing "config files only (rc): want '$last', got '$got'"

got=$(missing_of "${all[@]:0:${#all[@]}-1}" "ii  $last:arm64")
[ "$got" = "$last" ] && result ok a_foreign_package_is_not_the_hosts ||
	result "not ok" a_foreign_package_is_not_the_hosts "only $last:arm64 installed: want '$last', got '$got'"

exit "$tap_failed"
