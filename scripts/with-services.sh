#!/usr/bin/env bash
# Runs a command with the local services up and the project's environment set:
# variables already in the environment win over the local defaults.
set -euo pipefail
here=$(dirname "${BASH_SOURCE[0]}")
"$here/services.sh" up
eval "$("$here/services.sh" env)"
exec "$@"
