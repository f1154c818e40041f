#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests and benchmarks, only when it is missing.
# playwright-core drives it; `npx playwright install` cannot download browsers on these machines
# (see README, "Browser tests"). Idempotent: a machine that has /usr/bin/chromium is left alone.
set -euo pipefail

target=/usr/bin/chromium
if [ -n "${PLAN_CHROMIUM:-}" ] && [ -x "${PLAN_CHROMIUM}" ]; then
  echo "chromium: using PLAN_CHROMIUM=${PLAN_CHROMIUM}"
  exit 0
fi
if [ -x "$target" ]; then
  echo "chromium: $target is present"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "chromium: $target is missing and this user cannot install packages." >&2
  echo "  Install it as root:  apt-get install -y --no-install-recommends chromium" >&2
  echo "  or point PLAN_CHROMIUM at a Chromium or Chrome executable." >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium: $target is missing and apt-get is not available (not Debian/Ubuntu)." >&2
  echo "  Install Chromium with this system's package manager and set PLAN_CHROMIUM to its path." >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "chromium: installing Debian's chromium package"
# A fresh machine may have no package lists yet: update only when the first try cannot find it.
if ! "${as_root[@]}" apt-get install -y --no-install-recommends chromium; then
  "${as_root[@]}" apt-get update
  "${as_root[@]}" apt-get install -y --no-install-recommends chromium
fi
if [ ! -x "$target" ]; then
  echo "chromium: the package installed but $target is still missing" >&2
  exit 1
fi
echo "chromium: installed $("$target" --version 2>/dev/null || echo "$target")"
