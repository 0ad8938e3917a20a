# Sourced by the scripts that install Python tools into git-ignored virtual environments.

# Creates a virtual environment at $1 (replacing whatever is there). Debian's python3 ships
# venv separately: as root, python3-venv is installed with apt-get when it is missing.
make_venv() {
  local dir=$1
  rm -rf "$dir"
  if python3 -m venv "$dir" 2>/dev/null; then return; fi
  if [[ $(id -u) -ne 0 ]]; then
    echo "python3 -m venv failed: install python3-venv" >&2
    return 1
  fi
  echo "installing python3-venv with apt-get" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
  rm -rf "$dir"
  python3 -m venv "$dir"
}
