#!/usr/bin/env bash
# Install everything commbounds needs on a fresh machine: TeX Live (for the PDF report,
# from the system packages, only when no TeX engine is present) and the package itself
# with its dev, dask and docs extras.  Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."

# texlive-pictures holds pgf, which a figure's PGF copy needs where it is \input
if ! command -v latexmk >/dev/null 2>&1 || ! command -v pdflatex >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1 \
    || ! kpsewhich pgf.sty >/dev/null 2>&1; then
  pkgs="texlive-latex-base texlive-latex-recommended texlive-fonts-recommended texlive-pictures latexmk poppler-utils"
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
    echo "installing TeX Live from the system packages: $pkgs" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
  else
    echo "no apt-get: install TeX Live (pdflatex, latexmk) and poppler-utils yourself for the PDF report" >&2
  fi
fi

python -m pip install --quiet --disable-pip-version-check -e ".[dev,dask,docs]"
