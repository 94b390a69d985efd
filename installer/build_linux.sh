#!/usr/bin/env bash
# Build the one-folder program with PyInstaller and print the folder it made.
#
#   installer/build_linux.sh [--distpath DIR] [--workpath DIR]
#
# Defaults: dist/ and build/ in the repository. Uses $PYTHON, else .venv/bin/python (made by
# scripts/setup.sh, which installs PyInstaller with the "build" extra).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$REPO/.venv/bin/python}"
DIST="$REPO/dist"
WORK="$REPO/build"

while (($#)); do
    case "$1" in
        --distpath) DIST="$2"; shift 2 ;;
        --workpath) WORK="$2"; shift 2 ;;
        -h | --help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "build_linux.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done

if ! "$PYTHON" -c 'import PyInstaller' >/dev/null 2>&1; then
    echo "build_linux.sh: PyInstaller is not installed for $PYTHON." >&2
    echo "  Run scripts/setup.sh test once (it installs the build extra), or: pip install pyinstaller" >&2
    exit 1
fi

cd "$REPO"
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" installer/aimak.spec >&2
echo "$DIST/AimakDesktop"
