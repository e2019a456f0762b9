#!/usr/bin/env bash
# Make sure the infrastructure the platform talks to is running on this machine:
#   scripts/ensure-infra.sh [postgresql] [rabbitmq] [redis] [pdf] [browser] [wrk]
# Each one that is installed but stopped is started the way the machine image starts it;
# one that is missing is installed from Debian's packages when we are root with apt-get.
set -euo pipefail

log() { printf '[infra] %s\n' "$*"; }

wait_for() {  # wait_for <name> <command...>
  local name=$1; shift
  for _ in $(seq 1 60); do
    if "$@" >/dev/null 2>&1; then log "$name is up"; return 0; fi
    sleep 1
  done
  log "$name did not come up"; return 1
}

APT_UPDATED=
apt_install() {  # apt_install <debian package>: the package lists are read fresh once (a new machine has none)
  if [ -z "$APT_UPDATED" ]; then apt-get update -q >/dev/null; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >/dev/null
}

install_if_missing() {  # install_if_missing <command> <debian package>
  if command -v "$1" >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "$1 not found: installing $2"
    apt_install "$2"
  else
    log "$1 not found: install $2 (or point the settings at a running one)"; return 1
  fi
}

ensure_postgresql() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then log "postgresql is up"; return 0; fi
  install_if_missing pg_ctlcluster postgresql
  log "starting postgresql"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  wait_for postgresql pg_isready -q -h 127.0.0.1 -p 5432
}

ensure_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then log "redis is up"; return 0; fi
  install_if_missing redis-server redis-server
  log "starting redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  wait_for redis sh -c 'redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG'
}

rabbit_up() {
  python3 -c "import socket; socket.create_connection(('127.0.0.1', 5672), 2).close()" 2>/dev/null
}

ensure_rabbitmq() {
  if rabbit_up && { ! command -v rabbitmqctl >/dev/null 2>&1 || rabbitmqctl -q status >/dev/null 2>&1; }; then
    log "rabbitmq is up"; return 0
  fi
  install_if_missing rabbitmq-server rabbitmq-server
  log "starting rabbitmq"
  rabbitmq-server -detached || true
  wait_for rabbitmq sh -c 'rabbitmqctl -q await_startup'
}

# the completed-works act (support, S5) embeds DejaVu Sans; its tests read the PDF back with pdftotext
ensure_pdf() {
  if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      log "DejaVu Sans not found: installing fonts-dejavu-core"
      apt_install fonts-dejavu-core
    else
      log "DejaVu Sans not found: install fonts-dejavu-core (or set ACT_FONT_PATH)"; return 1
    fi
  fi
  install_if_missing pdftotext poppler-utils
  log "pdf tools are there"
}

# the API reference pages' test (gateway/tests/test_docs_pages.py) opens them in a real headless browser
ensure_browser() {
  install_if_missing chromium chromium
  install_if_missing chromedriver chromium-driver
  log "chromium is there"
}

# the bench command (bench/, issue 14) drives the gateway with Debian's wrk
ensure_wrk() {
  install_if_missing wrk wrk
  log "wrk is there"
}

for component in "$@"; do
  "ensure_$component"
done
