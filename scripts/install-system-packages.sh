#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, with apt-get, when any is missing.
# Later issues add to PACKAGES (libcurl, PostgreSQL, ...). Swift itself must already be installed.
set -euo pipefail

# pkg-config finds system libraries for SwiftPM; git fetches the Swift packages; GRDB links SQLite; webhooks are sent with libcurl.
# python3-aiosmtpd runs scripts/smtp-sink.py, the SMTP server the mail tests send to (for /usr/bin/python3).
PACKAGES=(pkg-config git libsqlite3-dev libcurl4-openssl-dev python3-aiosmtpd)

if ! command -v swift >/dev/null 2>&1; then
    echo "error: swift is not on PATH; install Swift 6.1 or newer first (https://www.swift.org/install/linux/)" >&2
    exit 2
fi

missing=()
for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing system packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}"
