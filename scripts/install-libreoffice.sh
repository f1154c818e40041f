#!/usr/bin/env bash
# Installs Debian's LibreOffice (Writer and Calc, no GUI) for the import tests, only when missing.
# The tests build Word and Excel plans the way boards make them: LibreOffice converting HTML with
# shading, lists and merges into .docx and .xlsx. The export tests read what the plan writes back
# out through it as PDF, then with poppler's pdftoppm (a page as PNG) and pdftotext. Idempotent.
set -euo pipefail
program=/usr/lib/libreoffice/program
if ! command -v pdftoppm >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
  bash "$(dirname "$0")/apt-install.sh" poppler-utils poppler-utils
  echo "poppler-utils: installed"
fi
if command -v soffice >/dev/null 2>&1 && [ -e "$program/libswlo.so" ] && [ -e "$program/libsclo.so" ]; then
  echo "libreoffice: $(soffice --version 2>/dev/null | head -1 || echo present)"
  exit 0
fi
bash "$(dirname "$0")/apt-install.sh" libreoffice libreoffice-writer-nogui libreoffice-calc-nogui
echo "libreoffice: installed $(soffice --version 2>/dev/null | head -1)"
