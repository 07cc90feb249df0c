#!/usr/bin/env bash
# The open fonts for PDFs: FandolFang/Hei/Kai/Song, taken from Debian's texlive-lang-chinese
# package without installing TeX (only the four .otf files are extracted, about 2 s).
# They land in .fonts/ (or $GONGWEN_FONTS) and are never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
dest="${GONGWEN_FONTS:-.fonts}"
fonts="FandolFang-Regular.otf FandolHei-Regular.otf FandolKai-Regular.otf FandolSong-Regular.otf"

have_all=1
for f in $fonts; do [ -f "$dest/$f" ] || have_all=0; done
[ $have_all = 1 ] && exit 0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && apt-get download texlive-lang-chinese >/dev/null 2>&1); then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -q >/dev/null
    (cd "$work" && apt-get download texlive-lang-chinese >/dev/null)
  else
    echo "E002 无法下载 texlive-lang-chinese（字体来源）。请先运行：sudo apt-get update，然后重试。" >&2
    exit 1
  fi
fi
dpkg-deb --fsys-tarfile "$work"/texlive-lang-chinese_*.deb \
  | tar -x -C "$work" --wildcards '*/fandol/Fandol*.otf'
mkdir -p "$dest"
for f in $fonts; do
  cp "$(find "$work" -name "$f" | head -n 1)" "$dest/$f"
done
echo "字体已就绪：$dest"
