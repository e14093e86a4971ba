#!/usr/bin/env bash
# Install what is missing (Debian 12), build, and set the sample briefing.
#
#   scripts/setup.sh            as root, or with sudo available
#
# Writes build/briefing and out/2025-02-21-ukraine-ceasefire.pdf.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config clang
  libpango1.0-dev libcairo2-dev libharfbuzz-dev libfontconfig-dev libfreetype-dev libjansson-dev libyaml-dev libdeflate-dev
  libpng-dev libjpeg62-turbo-dev libqrencode-dev
  poppler-utils qpdf mupdf-tools python3 python3-jsonschema python3-pil python3-fonttools libharfbuzz-bin zbar-tools
  locales valgrind time cppcheck clang-tidy clang-format
  default-jre-headless libpdfbox2-java  # the PDF/A test runs Apache PDFBox Preflight
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# A Japanese locale, so that the tests can run once more under it.
if ! locale -a 2>/dev/null | grep -qi '^ja_JP.utf8$'; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo sed -i 's/^# *ja_JP.UTF-8 UTF-8/ja_JP.UTF-8 UTF-8/' /etc/locale.gen 2>/dev/null || true
  $sudo locale-gen >/dev/null 2>&1 || echo "setup: could not generate ja_JP.UTF-8 (the tests skip it)"
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
./build/briefing build examples/ukraine-ceasefire.json --force
