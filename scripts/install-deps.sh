#!/usr/bin/env bash
# Installs every Debian 12 package that hammer's build, tests and demo need.
# Idempotent and quiet: a second run changes nothing and prints little.
set -euo pipefail

packages=(
    # build
    build-essential meson ninja-build pkg-config
    # libraries hammer links
    dpdk dpdk-dev libdpdk-dev
    libnl-3-dev libnl-route-3-dev libnl-genl-3-dev
    nlohmann-json3-dev libcli11-dev libspdlog-dev libgtest-dev libgmock-dev
    # results: SHA-256 of the hash chain (OpenSSL), the result store (SQLite, PostgreSQL client)
    libssl-dev libsqlite3-dev libpq-dev
    # the store tests start a real PostgreSQL server on a unix socket of their own
    postgresql
    # hammer run --metrics serves Prometheus' text format (prometheus-cpp); its
    # test has a real Prometheus server scrape a run
    prometheus-cpp-dev prometheus
    # testbed and demo: namespaces, veth, ethtool for humans checking by hand
    iproute2 ethtool
    # scripts/test.sh summarises the GoogleTest reports with it (meson needs it too)
    python3
    # scripts/test.sh --full: the libFuzzer targets of tests/fuzz need clang and its fuzzer runtime
    clang libclang-rt-14-dev
    # the HTML report's test renders it in a real browser, headless
    chromium
    # the output tests validate junit.xml against the rules of Jenkins' junit-10.xsd (xmllint --schema)
    libxml2-utils
    # ... and the CSIT-model documents against the rules of CSIT's test case model (JSON Schema 2020-12)
    python3-jsonschema
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages (${missing[*]}); run as root" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${missing[*]}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# apt's chatter goes to a log that is shown only when something fails.
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "install-deps: apt-get failed" >&2
    exit 1
fi
