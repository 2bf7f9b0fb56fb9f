# Shared by scripts/serve, scripts/test and scripts/bench: create .venv and install the
# project into it (again only when pyproject.toml changed). Source it; do not run it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NO_MKDOCS_2_WARNING=1  # Material's end-of-life banner, named by Material itself

ensure_venv() {
  local extras="${1:-}"
  local python="${PYTHON:-python3}"
  local new_enough='import sys; sys.exit(sys.version_info < (3, 11))'  # as requires-python
  if [ -x .venv/bin/python ] && ! .venv/bin/python -c "$new_enough"; then
    echo "Recreating .venv: it was made with $(.venv/bin/python --version 2>&1)" >&2
    rm -rf .venv
  fi
  if [ ! -x .venv/bin/python ]; then
    "$python" -c "$new_enough" || {
      echo "Python >= 3.11 is needed (found: $("$python" --version 2>&1))" >&2; exit 1; }
    "$python" -m venv .venv
  fi
  local stamp=".venv/.installed${extras:+-$extras}"
  local wanted
  wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    echo "Installing into .venv (log: .venv/install.log)..." >&2
    if ! { .venv/bin/python -m pip install --upgrade pip &&
           .venv/bin/python -m pip install -e ".${extras:+[$extras]}"; } > .venv/install.log 2>&1; then
      tail -n 30 .venv/install.log >&2
      echo "Installing failed; the whole log is in .venv/install.log" >&2
      exit 1
    fi
    echo "$wanted" > "$stamp"
  fi
}

# The map (/peta/) is drawn at build time from Natural Earth data in the npm package
# world-atlas, pinned in package.json and package-lock.json.
ensure_geodata() {
  local wanted
  wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ -f node_modules/.installed ] && [ "$(cat node_modules/.installed)" = "$wanted" ]; then
    return
  fi
  if ! command -v npm > /dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
      echo "Installing Debian's npm (for the map data)..." >&2
      { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends npm; } \
        > /tmp/lumbung-apt-npm.log 2>&1 || {
        tail -n 20 /tmp/lumbung-apt-npm.log >&2; echo "Installing npm failed" >&2; exit 1; }
    else
      echo "npm is needed to install the map data (package world-atlas): install Node.js and npm" >&2
      exit 1
    fi
  fi
  echo "Installing the map data with npm ci..." >&2
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2
  echo "$wanted" > node_modules/.installed
}
