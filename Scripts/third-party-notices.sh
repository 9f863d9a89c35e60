#!/usr/bin/env bash
# Writes the license texts of the code linked into the static release binary to stdout: the Swift runtime and
# Foundation (the toolchain's LICENSE.txt), each package the release build resolved (its LICENSE and NOTICE files
# from CHECKOUTS), ICU (the Unicode license; Foundation's static library carries ICU's code and data) and zlib.
# Usage: Scripts/third-party-notices.sh CHECKOUTS   (e.g. .build-release/checkouts; called by Scripts/package.sh)
# Fails when a resolved package has no license file, so a new dependency cannot ship without its notice.
set -euo pipefail
checkouts=${1:?usage: Scripts/third-party-notices.sh CHECKOUTS}
[ -d "$checkouts" ] || { echo "third-party-notices: $checkouts is not a directory" >&2; exit 1; }

section() {  # title, file...
    local title=$1; shift
    printf '%s\n%s\n\n' "================================================================================" "$title"
    for file in "$@"; do
        printf -- '--- %s\n\n' "$(basename "$file")"
        cat "$file"
        printf '\n'
    done
}

cat <<'HEAD'
Third-party software in the alb-doctor binary
=============================================

The static alb-doctor binary links the code below. Each part keeps its own license, reproduced here as its
project ships it. libgcc_s and glibc are the system's and are not part of the binary; libstdc++ is linked under
the GCC Runtime Library Exception.

HEAD

swift_root=$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")
toolchain_license="$swift_root/share/swift/LICENSE.txt"
[ -f "$toolchain_license" ] || { echo "third-party-notices: $toolchain_license not found" >&2; exit 1; }
section "Swift runtime, standard library, Foundation, Dispatch (the Swift toolchain, swift.org)" "$toolchain_license"

for dir in "$checkouts"/*/; do
    name=$(basename "$dir")
    mapfile -t files < <(find "$dir" -maxdepth 1 -type f \( -iname 'LICENSE*' -o -iname 'NOTICE*' -o -iname 'COPYING*' \) | sort)
    [ "${#files[@]}" -gt 0 ] || { echo "third-party-notices: $name has no LICENSE or NOTICE file" >&2; exit 1; }
    section "$name (Swift package)" "${files[@]}"
done

icu=$(ls /usr/share/doc/libicu*/copyright 2>/dev/null | head -1 || true)
if [ -n "$icu" ]; then
    section "ICU (International Components for Unicode, in Foundation's static library: swift-foundation-icu)" "$icu"
else
    printf '%s\n%s\n\n%s\n\n' "================================================================================" \
        "ICU (in Foundation's static library: swift-foundation-icu)" \
        "UNICODE LICENSE V3: https://github.com/swiftlang/swift-foundation-icu/blob/main/LICENSE"
fi

zlib=/usr/share/doc/zlib1g/copyright
if [ -f "$zlib" ]; then
    section "zlib (https://zlib.net)" "$zlib"
else
    header=$(find /usr/include -maxdepth 2 -name zlib.h | head -1)
    [ -n "$header" ] || { echo "third-party-notices: no zlib license (zlib1g or zlib.h) found" >&2; exit 1; }
    printf '%s\n%s\n\n' "================================================================================" "zlib (https://zlib.net)"
    sed -n '/Copyright (C)/,/\*\//p' "$header"
fi
