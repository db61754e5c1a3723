#!/usr/bin/env bash
# Installs the system packages score-verify needs on Debian 12 (run as root).
# Idempotent: safe to run again.
set -euo pipefail
packages=(libgmp-dev libseccomp-dev libopenblas-dev pkg-config python3 python3-venv)
if [ "$(id -u)" -ne 0 ]; then
  echo "setup.sh: run as root (it calls apt-get install)" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "setup.sh: installed ${packages[*]}" >&2
