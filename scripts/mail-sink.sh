#!/usr/bin/env bash
# A local SMTP server for seeing the mails of `make run-mail` (or any `pipeline serve` pointed at
# it): it delivers nothing, keeps every message in data/mail/ (NNNN.eml to open in a mail program,
# NNNN.json with the headers and both parts as text) and prints one line per message.
#
# Usage: scripts/mail-sink.sh [PORT]          (default 2525; MAIL_FOLDER=... for another folder)
# then, in another terminal:
#   make run-mail
# which runs
#   swift run pipeline serve --webhook-allow-network 127.0.0.0/8 --smtp-url smtp://127.0.0.1:2525 \
#       --smtp-from "Innovatiepijplijn <pipeline@localhost>" --public-url http://127.0.0.1:8080
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-2525}
folder=${MAIL_FOLDER:-data/mail}
mkdir -p "$folder"
echo "mail sink: every message is kept in $folder/ (open the .eml files in a mail program)"
exec python3 scripts/smtp-sink.py --port "$port" --folder "$folder" --print
