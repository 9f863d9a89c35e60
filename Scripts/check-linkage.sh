#!/usr/bin/env bash
# Checks that a binary needs only glibc and libgcc_s, the shared libraries every glibc Linux has (the packaged
# alb-doctor: Scripts/package.sh, Scripts/test-package.sh), and no glibc symbol newer than GLIBC_MAX (default
# 2.34: Amazon Linux 2023, AWS CloudShell). Prints what `ldd` lists; exits 1, naming the offenders, when a
# library is outside the allowed set or not found, or a symbol needs a newer glibc. libdeflate is not linked
# (dlopen at run time), so it never shows here.
#
# Usage: [GLIBC_MAX=2.34] Scripts/check-linkage.sh BINARY
set -euo pipefail
bin=${1:?usage: Scripts/check-linkage.sh BINARY}
[ -x "$bin" ] || { echo "check-linkage: $bin is not an executable file" >&2; exit 1; }

allowed='linux-vdso.so.1 linux-gate.so.1 ld-linux-x86-64.so.2 ld-linux-aarch64.so.1 libc.so.6 libm.so.6
libdl.so.2 libpthread.so.0 librt.so.1 libutil.so.1 libgcc_s.so.1'

# Direct dependencies (the ELF's NEEDED entries) and everything ldd resolves, transitive ones included.
needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\].*/\1/p')
ldd_out=$(ldd "$bin" 2>&1) || { echo "check-linkage: ldd failed on $bin: $ldd_out" >&2; exit 1; }
echo "ldd $bin:"
echo "$ldd_out"

bad=()
while read -r lib; do
    [ -z "$lib" ] && continue
    tr -s " " "\n" <<<"$allowed" | grep -qxF -- "$lib" || bad+=("$lib")
done < <(
    echo "$needed"
    # First field of each ldd line, as a file name: "libc.so.6 => /lib/…", "/lib64/ld-linux-x86-64.so.2 (…)".
    awk '{print $1}' <<<"$ldd_out" | xargs -r -n1 basename
)
if grep -q "not found" <<<"$ldd_out"; then
    bad+=("$(grep "not found" <<<"$ldd_out" | awk '{print $1}' | tr '\n' ' ')(not found)")
fi
if [ ${#bad[@]} -gt 0 ]; then
    echo "check-linkage: FAILED: $bin needs libraries outside the allowed set: $(printf '%s\n' "${bad[@]}" | sort -u | tr '\n' ' ')" >&2
    echo "check-linkage: allowed: $(tr '\n' ' ' <<<"$allowed")" >&2
    exit 1
fi

# The newest glibc symbol version the binary asks for.
glibc_max=${GLIBC_MAX:-2.34}
newest=$(objdump -T "$bin" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
if [ -n "$newest" ] && [ "$(printf '%s\n%s\n' "$newest" "$glibc_max" | sort -V | tail -1)" != "$glibc_max" ]; then
    echo "check-linkage: FAILED: $bin needs glibc $newest, newer than $glibc_max:" >&2
    objdump -T "$bin" | awk -v m="$glibc_max" '/GLIBC_/ { v = $0; sub(/.*GLIBC_/, "", v); sub(/[) ].*/, "", v);
        split(v, a, "."); split(m, b, "."); if (a[1] > b[1] || (a[1] == b[1] && a[2] + 0 > b[2] + 0)) print "  " $NF " (GLIBC_" v ")" }' >&2
    exit 1
fi
echo "check-linkage: ok: NEEDED = $(echo $needed); newest glibc symbol version $newest (at most $glibc_max)"
