#!/bin/sh
# Make sure a Chromium exists for Kaleido (images) and Playwright (page tests).
# Order: $BROWSER_PATH, then chromium on PATH, then Debian's package when we are root.
set -e
if [ -n "${BROWSER_PATH:-}" ]; then
  if [ -x "$BROWSER_PATH" ]; then exit 0; fi
  echo "explainer: BROWSER_PATH=$BROWSER_PATH is not an executable file." >&2
  exit 1
fi
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then exit 0; fi
done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "explainer: no Chromium found; installing Debian's chromium package..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  command -v chromium >/dev/null 2>&1 && exit 0
fi
cat >&2 <<'MSG'
explainer: no Chromium found. Images need one.
  Debian/Ubuntu:  sudo apt-get install chromium
  macOS:          brew install --cask chromium
  or point BROWSER_PATH at an existing Chrome/Chromium binary:
                  export BROWSER_PATH=/path/to/chromium
MSG
exit 1
