#!/usr/bin/env bash
# Set up Aimak Desktop from a checkout and run it or its tests.
#
#   scripts/setup.sh run  [aimak arguments]    set up, then start the program (or a CLI command)
#   scripts/setup.sh test [pytest arguments]   set up, then run the whole test suite
#
# Safe to run again and again: each step checks first and does nothing when all is in place, so a
# second run takes well under a second before handing over to the program or to pytest.
# Pytest arguments are relative to the repository root (the script changes into it).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$REPO/.venv"
EXTRAS="test,build"
STAMP="$VENV/.aimak-install-stamp"
MIN_PY="3.11"

# Shared libraries Qt (PySide6) loads on Linux, with the Debian/Ubuntu package that ships each.
# The first group is needed by every Qt program (also offscreen, as in the tests); the xcb group
# by a real window on an X11 desktop (Qt 6.5+ refuses to start the xcb platform without them).
QT_LIBS=(
    "libEGL.so.1:libegl1"
    "libGL.so.1:libgl1"
    "libxkbcommon.so.0:libxkbcommon0"
    "libfontconfig.so.1:libfontconfig1"
    "libfreetype.so.6:libfreetype6"
    "libglib-2.0.so.0:libglib2.0-0"
    "libdbus-1.so.3:libdbus-1-3"
    "libX11.so.6:libx11-6"
    "libX11-xcb.so.1:libx11-xcb1"
    "libxkbcommon-x11.so.0:libxkbcommon-x11-0"
    "libxcb.so.1:libxcb1"
    "libxcb-cursor.so.0:libxcb-cursor0"
    "libxcb-icccm.so.4:libxcb-icccm4"
    "libxcb-keysyms.so.1:libxcb-keysyms1"
    "libxcb-shape.so.0:libxcb-shape0"
    "libxcb-randr.so.0:libxcb-randr0"
    "libxcb-render.so.0:libxcb-render0"
    "libxcb-render-util.so.0:libxcb-render-util0"
    "libxcb-image.so.0:libxcb-image0"
    "libxcb-shm.so.0:libxcb-shm0"
    "libxcb-sync.so.1:libxcb-sync1"
    "libxcb-util.so.1:libxcb-util1"
    "libxcb-xfixes.so.0:libxcb-xfixes0"
    "libxcb-xinerama.so.0:libxcb-xinerama0"
    "libxcb-xkb.so.1:libxcb-xkb1"
)

say() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

usage() {
    cat >&2 <<'EOF'
Usage:
  scripts/setup.sh run  [aimak arguments]    set up and start Aimak Desktop
  scripts/setup.sh test [pytest arguments]   set up and run the whole test suite

Examples:
  scripts/setup.sh run                            start the program (demo office on first start)
  scripts/setup.sh run --data-dir /tmp/o status   any aimak command (see: scripts/setup.sh run --help)
  scripts/setup.sh test -x -q tests/unit          some of the tests
EOF
}

# Print the first Python >= 3.11 found: $PYTHON if set, else python3, python3.13, python3.12 ...
find_python() {
    local candidates=() cand
    if [[ -n "${PYTHON:-}" ]]; then
        candidates=("$PYTHON")
    else
        candidates=(python3 python3.13 python3.12 python3.11)
    fi
    for cand in "${candidates[@]}"; do
        if command -v "$cand" >/dev/null 2>&1 &&
            "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
            command -v "$cand"
            return 0
        fi
    done
    return 1
}

check_python() {
    if ! PY="$(find_python)"; then
        local found="none"
        if command -v python3 >/dev/null 2>&1; then
            found="$(python3 -c 'import platform; print(platform.python_version())' 2>/dev/null || echo '?')"
        fi
        die "Aimak Desktop needs Python $MIN_PY or newer; python3 here is $found.
  Install Python $MIN_PY+ (Debian/Ubuntu: sudo apt-get install python3 python3-venv;
  elsewhere: https://www.python.org/downloads/), or point PYTHON at one: PYTHON=/path/to/python3.12 $0 ..."
    fi
}

is_root() { [[ "$(id -u)" == "0" ]]; }

# Install Debian packages as root, or print the exact command and stop. Args: packages.
apt_install() {
    if is_root && command -v apt-get >/dev/null 2>&1; then
        say "installing: $*"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "$@"
    elif command -v apt-get >/dev/null 2>&1; then
        die "missing system packages. Install them with:
  sudo apt-get update && sudo apt-get install -y --no-install-recommends $*
then run this script again."
    else
        die "missing system packages (Debian names: $*). Install the matching packages with your
  system's package manager, then run this script again."
    fi
}

check_qt_libs() {
    [[ "$(uname -s)" == "Linux" ]] || return 0  # Windows and macOS wheels carry what Qt needs
    local ldconfig cache entry lib pkg missing_libs=() missing_pkgs=()
    ldconfig="$(command -v ldconfig || true)"
    [[ -z "$ldconfig" && -x /sbin/ldconfig ]] && ldconfig=/sbin/ldconfig
    if [[ -z "$ldconfig" ]]; then
        say "ldconfig not found: cannot check Qt's system libraries, going on."
        return 0
    fi
    cache="$("$ldconfig" -p | awk 'NR > 1 {print $1}')"
    for entry in "${QT_LIBS[@]}"; do
        lib="${entry%%:*}"
        pkg="${entry#*:}"
        if ! grep -qxF "$lib" <<<"$cache"; then
            missing_libs+=("$lib")
            missing_pkgs+=("$pkg")
        fi
    done
    if ((${#missing_libs[@]})); then
        say "Qt needs these system libraries: ${missing_libs[*]}"
        apt_install "${missing_pkgs[@]}"
    fi
}

# The PostgreSQL server the consolidation tests use (tests/integration/conftest.py `pg_url`).
ensure_postgresql_server() {
    # The consolidation tests need a real PostgreSQL on 127.0.0.1 (Debian's package) with a role
    # aimak/aimak that may create databases. Idempotent: does only what is missing.
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
        if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
            echo "postgresql: installing the Debian package"
            apt-get update -q >/dev/null
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
        else
            echo "postgresql: not installed and cannot install (not root): its tests will skip"
            return 0
        fi
    fi
    local version
    version=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $1}')
    if [ -z "$version" ]; then
        version=$(ls /usr/lib/postgresql | sort -n | tail -1)
        echo "postgresql: creating cluster $version/main"
        pg_createcluster "$version" main >/dev/null
    fi
    if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' \
        | grep -q online; then
        echo "postgresql: starting cluster $version/main on 127.0.0.1"
        if [ "$(id -u)" = "0" ]; then
            pg_ctlcluster "$version" main start -o "-c listen_addresses=127.0.0.1"
        else
            echo "postgresql: cluster is down and cannot be started (not root)"
            return 0
        fi
    fi
    local as_postgres=(runuser -u postgres --)
    [ "$(id -u)" = "0" ] || as_postgres=(sudo -n -u postgres)
    if "${as_postgres[@]}" psql -tAqc "SELECT 1 FROM pg_roles WHERE rolname='aimak'" \
        | grep -q 1; then
        echo "postgresql: role aimak exists"
    else
        echo "postgresql: creating role aimak (CREATEDB)"
        "${as_postgres[@]}" psql -qc "CREATE ROLE aimak LOGIN PASSWORD 'aimak' CREATEDB"
    fi
    echo "postgresql: ready on 127.0.0.1:5432 (user aimak)"
}

ensure_venv() {
    if [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
        return 0
    fi
    [[ -e "$VENV" ]] && say "the virtual environment in .venv is broken; making a new one"
    rm -rf "$VENV"
    if ! "$PY" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        # Debian splits venv/ensurepip out of the system Python.
        local ver
        ver="$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
        apt_install "python$ver-venv"
    fi
    say "creating .venv with $PY"
    "$PY" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
}

# pip install only when pyproject.toml (or the extras, or the Python) changed since the last one.
ensure_install() {
    local want have=""
    want="$("$VENV/bin/python" - "$REPO/pyproject.toml" "$EXTRAS" <<'EOF'
import hashlib, sys
data = open(sys.argv[1], "rb").read() + sys.argv[2].encode() + sys.version.encode()
print(hashlib.sha256(data).hexdigest())
EOF
)"
    [[ -f "$STAMP" ]] && have="$(<"$STAMP")"
    if [[ "$want" == "$have" ]]; then
        return 0
    fi
    say "installing Aimak Desktop and its dependencies into .venv (pyproject.toml changed)"
    local progress=()
    [[ -n "${CI:-}" ]] && progress=(--progress-bar off)
    PIP_NO_INPUT=1 "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        ${progress[@]+"${progress[@]}"} -e "${REPO}[${EXTRAS}]"
    printf '%s\n' "$want" >"$STAMP"
}

setup_common() {
    check_python
    check_qt_libs
    ensure_venv
    ensure_install
}

# True when the aimak arguments start the window: no command, no --help/--version.
opens_window() {
    while (($#)); do
        case "$1" in
            --data-dir | --lang | --user) shift ;;  # skip the option's value too
            -h | --help | --version) return 1 ;;
            -*) ;;
            *) return 1 ;;  # a command such as demo or status
        esac
        (($#)) && shift
    done
    return 0
}

main() {
    local cmd="${1:-}"
    case "$cmd" in
        run)
            shift
            cd "$REPO"
            setup_common
            if [[ "$(uname -s)" == "Linux" && -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" \
                && -z "${QT_QPA_PLATFORM:-}" ]] && opens_window "$@"; then
                say "no screen found (DISPLAY and WAYLAND_DISPLAY are empty). The window needs a"
                say "desktop session; without one, try a command such as"
                say "  scripts/setup.sh run screenshot --out /tmp/aimak-shots"
            fi
            exec "$VENV/bin/aimak" "$@"
            ;;
        test)
            shift
            cd "$REPO"
            setup_common
            ensure_postgresql_server
            # exec keeps pytest's exit code, including 5 (no tests collected).
            exec "$VENV/bin/python" -m pytest "$@"
            ;;
        -h | --help | help)
            usage
            ;;
        *)
            usage
            exit 2
            ;;
    esac
}

main "$@"
