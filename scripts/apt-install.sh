#!/usr/bin/env bash
# Installs Debian packages as root, or with sudo when this user may, for the test tools the project
# needs (Chromium, LibreOffice). Usage: apt-install.sh WHAT PACKAGE...  (WHAT names it in messages).
# A fresh machine may have no package lists yet: they are updated only when the first try fails.
set -euo pipefail
what=$1
shift
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "$what: missing, and this user cannot install packages." >&2
  echo "  Install it as root:  apt-get install -y --no-install-recommends $*" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "$what: missing, and apt-get is not available (not Debian/Ubuntu); install $* with this system's package manager." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "$what: installing $*"
if ! "${as_root[@]}" apt-get install -y --no-install-recommends "$@"; then
  "${as_root[@]}" apt-get update
  "${as_root[@]}" apt-get install -y --no-install-recommends "$@"
fi
