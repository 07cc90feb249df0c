#!/usr/bin/env bash
# Everything the pipeline needs on a Debian machine, installed once:
#   Debian packages (as root; otherwise the exact command to run is printed),
#   the open fonts (scripts/fetch-fonts.sh), and the virtualenv at .venv.
# Usage: scripts/bootstrap.sh [--for-tests]   (also LibreOffice, Chromium and pandoc, which tests use to open
#   the DOCX as an office suite would, the diff report as a browser would, and another tool's DOCX)
set -euo pipefail
cd "$(dirname "$0")/.."

packages="python3 python3-venv python3-pip git fontconfig fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils"
if [ "${1:-}" = "--for-tests" ]; then
  packages="$packages libreoffice-writer-nogui chromium pandoc"
fi

missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "安装系统软件包：$missing"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
  else
    echo "E001 缺少系统软件包：$missing" >&2
    echo "请以管理员身份运行以下命令后重试：" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends$missing" >&2
    exit 1
  fi
fi

scripts/fetch-fonts.sh

# The venv is made from Debian's own interpreter, never from a python3 that comes first on PATH
# (pyenv and the like), so that CI and tests run exactly what a user's machine runs.
python=/usr/bin/python3
if [ ! -x .venv/bin/python ] || ! grep -qx 'home = /usr/bin' .venv/pyvenv.cfg 2>/dev/null; then
  rm -rf .venv
  "$python" -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check -e '.[test]'
