#!/usr/bin/env bash
# Installs the system libraries dlstudy links against, on Debian or Ubuntu.
# Idempotent: packages already present are left alone. Runs apt-get as root, or through sudo.
#
#   scripts/setup.sh             the libraries and tools the build and the tests need
#   scripts/setup.sh --browser   also Chromium, for the headless report check (ReportBrowserTests,
#                                scripts/check-report.sh); CI uses this. A failed Chromium install
#                                only warns: that one test is then skipped.
set -euo pipefail

browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) browser=1 ;;
    *) echo "setup: unknown option '$arg' (the only option is --browser, to install Chromium too)" >&2; exit 2 ;;
  esac
done

packages=(libopenblas-dev libcairo2-dev zlib1g-dev fonts-dejavu-core pkg-config)
# Tools the test suite uses to read back what it wrote (PDF → PNG).
packages+=(poppler-utils)

# Runs a command as root: directly when root, else through sudo (`can_be_root` says whether either works).
can_be_root() { [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: system packages present (${packages[*]})"
else
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: missing ${missing[*]}, and this machine has no apt-get." >&2
    echo "       Install them with your package manager (on macOS: brew install cairo openblas)." >&2
    exit 1
  fi
  can_be_root || { echo "setup: need root or sudo to install ${missing[*]}" >&2; exit 1; }
  echo "setup: installing ${missing[*]} with apt-get"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "setup: installed ${missing[*]}"
fi

if [ "$browser" -eq 1 ]; then
  if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
    || command -v google-chrome >/dev/null 2>&1; then
    echo "setup: Chromium present (for the headless report check)"
  elif can_be_root; then
    echo "setup: installing Chromium with apt-get (for the headless report check)"
    if as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; then
      echo "setup: installed $(chromium --version 2>/dev/null || echo chromium)"
    else
      echo "setup: could not install Chromium; the headless report check (ReportBrowserTests) will be skipped" >&2
    fi
  else
    echo "setup: need root or sudo to install Chromium; the headless report check will be skipped" >&2
  fi
fi

# The safetensors cross-check test has Python's reference implementation read our files.
if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import safetensors, numpy' >/dev/null 2>&1; then
  echo "setup: installing the Python modules safetensors and numpy (for the checkpoint cross-check test)"
  python3 -m pip install --quiet --disable-pip-version-check safetensors numpy >/dev/null 2>&1 \
    || echo "setup: could not install safetensors with pip; the cross-check test will be skipped" >&2
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "setup: no 'swift' on PATH. Install Swift 6 (https://www.swift.org/install) and rerun." >&2
  exit 1
fi
