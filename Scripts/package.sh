#!/usr/bin/env bash
# Builds the self-contained release of alb-doctor and packs it:
#
#   dist/alb-doctor-<version>-linux-<arch>.tar.gz   (+ .sha256, in `sha256sum -c` format)
#     alb-doctor-<version>-linux-<arch>/
#       alb-doctor                  the stripped binary: Swift runtime, Foundation, zlib and libstdc++ linked in
#       README.md
#       THIRD-PARTY-NOTICES.txt     the licenses of the linked code (Scripts/third-party-notices.sh)
#       completions/alb-doctor.bash completions/_alb-doctor completions/alb-doctor.fish
#       man/alb-doctor.1            argument-parser's manual generator (mdoc)
#
# Usage: Scripts/package.sh            (one command from a clean clone; prints the tarball's path on stdout)
# Environment: ALB_DOCTOR_VERSION      the version (default: `git describe --tags --always --dirty`, a leading
#                                      "v" before a digit removed)
#              ALB_DOCTOR_SCRATCH      the release build folder (default: .build-release)
# The binary depends only on glibc (2.34 or later) and libgcc_s (Scripts/check-linkage.sh, run here and by
# Scripts/test-package.sh); libdeflate is still loaded at run time when present, as in the build from source.
# The project's own LICENSE is not packed: the repository has none yet (add it to `docs` below once it has one);
# the licenses of the third-party code linked in are (THIRD-PARTY-NOTICES.txt).
# Progress goes to stderr. Test the tarball with Scripts/test-package.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SCRATCH=${ALB_DOCTOR_SCRATCH:-.build-release}
started=$SECONDS

say() { echo "package: $*" >&2; }
fail() {
    echo "package: FAILED: $*" >&2
    exit 1
}

version=${ALB_DOCTOR_VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo 0.0.0-unknown)}
[[ $version =~ ^v[0-9] ]] && version=${version#v}
[[ $version =~ ^[A-Za-z0-9][A-Za-z0-9._+-]*$ ]] || fail "version '$version' is not a plain version string"
arch=$(uname -m)
name="alb-doctor-$version-linux-$arch"
# Reproducible archive dates: the commit's time (the man page's date too).
epoch=$(git log -1 --format=%ct 2>/dev/null || date +%s)

# The release version, compiled in only with -DALB_DOCTOR_RELEASE (Sources/alb-doctor/BuildVersion.swift). The
# file is ignored by git and removed when the script ends, however it ends.
generated=Sources/alb-doctor/ReleaseVersion.generated.swift
linkdir=$(mktemp -d)
cleanup() {
    rm -f "$ROOT/$generated"
    rm -rf "$linkdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cat > "$generated" <<EOF
// Written by Scripts/package.sh for the release build; not in git.
#if ALB_DOCTOR_RELEASE
    let releaseVersion = "$version"
#endif
EOF

# zlib and libstdc++ linked statically: the module map's `link "z"` and the Swift driver's -lstdc++ find these
# archives first, because the linker searches -L folders in order and this one holds no shared libraries.
for lib in libz.a libstdc++.a; do
    path=$(cc -print-file-name="$lib")
    [ -f "$path" ] || fail "$lib not found (apt-get install zlib1g-dev libstdc++-12-dev)"
    ln -s "$path" "$linkdir/$lib"
done

# glibc 2.34 (Amazon Linux 2023, AWS CloudShell) is enough: Scripts/glibc-compat.c stands in for the three
# symbols that would need 2.35 or 2.36.
cc -O2 -c Scripts/glibc-compat.c -o "$linkdir/glibc-compat.o"

# FoundationNetworking (imported by the MCP SDK, never used by alb-doctor) asks for -lcurl: Scripts/curl-unavailable.c
# stands in for libcurl so that the binary needs neither libcurl nor its TLS stack.
cc -O2 -c Scripts/curl-unavailable.c -o "$linkdir/curl-unavailable.o"
ar rcs "$linkdir/libcurl.a" "$linkdir/curl-unavailable.o"

say "building $name (swift build -c release --static-swift-stdlib, scratch path $SCRATCH)"
swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --product alb-doctor \
    -Xswiftc -DALB_DOCTOR_RELEASE -Xlinker -L"$linkdir" -Xlinker "$linkdir/glibc-compat.o" \
    -Xlinker --wrap=arc4random -Xlinker --wrap=hypot -Xlinker --wrap=hypotf >&2
built=$(swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --show-bin-path)/alb-doctor
build_seconds=$((SECONDS - started))

stage=$(mktemp -d)
trap 'cleanup; rm -rf "$stage"' EXIT
pkg="$stage/$name"
mkdir -p "$pkg/completions" "$pkg/man"
cp "$built" "$pkg/alb-doctor"
strip --strip-all "$pkg/alb-doctor"
"$pkg/alb-doctor" --version | grep -qxF "$version" || fail "the built binary does not print version $version"
Scripts/check-linkage.sh "$pkg/alb-doctor" >&2 || fail "the binary links libraries outside the allowed set"

docs=(README.md)
cp "${docs[@]}" "$pkg/"
Scripts/third-party-notices.sh "$SCRATCH/checkouts" > "$pkg/THIRD-PARTY-NOTICES.txt" \
    || fail "could not gather the third-party licenses"

"$pkg/alb-doctor" --generate-completion-script bash > "$pkg/completions/alb-doctor.bash"
"$pkg/alb-doctor" --generate-completion-script zsh > "$pkg/completions/_alb-doctor"
"$pkg/alb-doctor" --generate-completion-script fish > "$pkg/completions/alb-doctor.fish"

# The man page: argument-parser's generate-manual (the tool behind its `generate-manual` plugin), built from the
# checkout the release build resolved, run on the release binary (the plugin would build the package again).
say "building argument-parser's generate-manual"
manual_pkg="$SCRATCH/checkouts/swift-argument-parser"
[ -f "$manual_pkg/Package.swift" ] || fail "$manual_pkg not found (resolved by the release build)"
swift build --package-path "$manual_pkg" --scratch-path "$ROOT/$SCRATCH/generate-manual" --product generate-manual >&2
manual_tool=$(swift build --package-path "$manual_pkg" --scratch-path "$ROOT/$SCRATCH/generate-manual" \
    --show-bin-path)/generate-manual
"$manual_tool" "$pkg/alb-doctor" --date "$(date -u -d "@$epoch" +%F)" --output-directory "$pkg/man" >&2
[ -s "$pkg/man/alb-doctor.1" ] || fail "generate-manual wrote no man/alb-doctor.1"
# A blank line inside a discussion is a paragraph break, which mdoc spells .Pp (groff warns on empty lines).
sed -i 's/^$/.Pp/' "$pkg/man/alb-doctor.1"
for command in analyze demo records diagnose iam-policy; do
    grep -q "$command" "$pkg/man/alb-doctor.1" || fail "the man page does not mention $command"
done

mkdir -p dist
tarball="dist/$name.tar.gz"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$stage" -cf - "$name" \
    | gzip -9 -n > "$tarball.tmp"
mv "$tarball.tmp" "$tarball"
(cd dist && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")

size=$(stat -c %s "$pkg/alb-doctor")
say "binary $((size / 1024 / 1024)) MB ($size bytes) stripped; tarball $(stat -c %s "$tarball") bytes"
say "$(cat "dist/$name.tar.gz.sha256")"
say "done in $((SECONDS - started)) s (release build $build_seconds s)"
echo "$tarball"
