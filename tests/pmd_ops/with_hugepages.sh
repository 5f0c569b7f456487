#!/bin/sh
# Runs a pmd_ops test binary with 2 MiB hugepages reserved when this machine
# lets us (root, writable /proc/sys/vm/nr_hugepages), and puts the previous
# reservation back afterwards, even when the binary fails. Without hugepages
# the binary still runs: EAL falls back to --no-huge.
# Usage: with_hugepages.sh PAGES BINARY [ARGS...]
pages=$1
shift
control=/proc/sys/vm/nr_hugepages
previous=$(cat "$control" 2>/dev/null || echo "")
if [ -n "$previous" ] && [ "$previous" -lt "$pages" ] && [ -w "$control" ]; then
    echo "$pages" > "$control" 2>/dev/null || true
    trap 'echo "$previous" > "$control"' EXIT INT TERM
fi
"$@"
