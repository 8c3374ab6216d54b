#!/usr/bin/env bash
# Regenerates the committed OTLP/Tempo message types in
# Sources/SonicMapCore/OTLP/ from proto/. Run by hand after editing proto/;
# the normal `swift build` never runs it (building the plugin takes ~10 min).
#
#   scripts/gen-otlp.sh                       # builds the plugin in a scratch folder if needed
#   PROTOC_GEN_SWIFT=/path/to/protoc-gen-swift scripts/gen-otlp.sh
#
# Needs: protoc (Debian: apt-get install protobuf-compiler), git, swift.
# The plugin version must equal the swift-protobuf version in Package.swift.
set -euo pipefail

SWIFT_PROTOBUF_VERSION="${SWIFT_PROTOBUF_VERSION:-1.39.0}"
SWIFT_PROTOBUF_GIT="${SWIFT_PROTOBUF_GIT:-https://github.com/apple/swift-protobuf.git}"
SCRATCH="${SCRATCH:-${TMPDIR:-/tmp}/swift-protobuf-${SWIFT_PROTOBUF_VERSION}}"
PROTOC="${PROTOC:-protoc}"

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/Sources/SonicMapCore/OTLP"

if [[ -z "${PROTOC_GEN_SWIFT:-}" ]]; then
  PROTOC_GEN_SWIFT="$SCRATCH/.build/release/protoc-gen-swift"
  if [[ ! -x "$PROTOC_GEN_SWIFT" ]]; then
    echo "building protoc-gen-swift $SWIFT_PROTOBUF_VERSION in $SCRATCH (about 10 minutes)..." >&2
    [[ -d "$SCRATCH/.git" ]] || git clone --quiet "$SWIFT_PROTOBUF_GIT" "$SCRATCH"
    git -C "$SCRATCH" checkout --quiet "$SWIFT_PROTOBUF_VERSION"
    (cd "$SCRATCH" && swift build -c release --product protoc-gen-swift)
  fi
fi

plugin_version="$("$PROTOC_GEN_SWIFT" --version)"
case "$plugin_version" in
  *" $SWIFT_PROTOBUF_VERSION") ;;
  *) echo "error: $PROTOC_GEN_SWIFT reports '$plugin_version', expected $SWIFT_PROTOBUF_VERSION" >&2; exit 1 ;;
esac

cd "$ROOT/proto"
mapfile -t PROTOS < <(find . -name '*.proto' | sed 's|^\./||' | LC_ALL=C sort)

mkdir -p "$OUT"
rm -f "$OUT"/*.pb.swift
"$PROTOC" -I . \
  --plugin=protoc-gen-swift="$PROTOC_GEN_SWIFT" \
  --swift_opt=Visibility=Public \
  --swift_opt=FileNaming=PathToUnderscores \
  --swift_out="$OUT" \
  "${PROTOS[@]}"

echo "generated with $("$PROTOC" --version) and $plugin_version:" >&2
ls -1 "$OUT"/*.pb.swift >&2
