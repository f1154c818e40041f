#!/usr/bin/env bash
# Installs Debian's LibreOffice (Writer and Calc, no GUI) for the import tests, only when missing.
# The tests build Word and Excel plans the way boards make them: LibreOffice converting HTML and
# flat ODT with shading, lists and merges into .docx and .xlsx. Idempotent.
set -euo pipefail

if command -v soffice >/dev/null 2>&1 && [ -e /usr/lib/libreoffice/program/libswlo.so ] && [ -e /usr/lib/libreoffice/program/libsclo.so ]; then
  echo "libreoffice: $(soffice --version 2>/dev/null | head -1 || echo present)"
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "libreoffice: soffice is missing and this user cannot install packages." >&2
  echo "  Install it as root:  apt-get install -y --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "libreoffice: soffice is missing and apt-get is not available (not Debian/Ubuntu)." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
packages=(libreoffice-writer-nogui libreoffice-calc-nogui)
echo "libreoffice: installing ${packages[*]}"
if ! "${as_root[@]}" apt-get install -y --no-install-recommends "${packages[@]}"; then
  "${as_root[@]}" apt-get update
  "${as_root[@]}" apt-get install -y --no-install-recommends "${packages[@]}"
fi
echo "libreoffice: installed $(soffice --version 2>/dev/null | head -1)"
