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

bash "$(dirname "$0")/apt-install.sh" chromium chromium
if [ ! -x "$target" ]; then
  echo "chromium: the package installed but $target is still missing" >&2
  exit 1
fi
echo "chromium: installed $("$target" --version 2>/dev/null || echo "$target")"
