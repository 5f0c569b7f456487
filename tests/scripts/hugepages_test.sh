#!/usr/bin/env bash
# scripts/hugepages.sh (scripts/demo.sh reserves hugepages with it) on this
# machine's real hugepage pool: a script that reserves and then fails gives
# back exactly the pages it took; with enough free it takes none.
# Usage: hugepages_test.sh scripts/hugepages.sh. Root; skipped (77) otherwise.
set -u
lib=$1
control=/proc/sys/vm/nr_hugepages
free_file=/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages
if [ "$(id -u)" -ne 0 ] || [ ! -w "$control" ]; then
    echo "SKIP: changing $control needs root"
    exit 77
fi
failures=0
check() { # CONDITION-STATUS WHAT
    if [ "$1" -eq 0 ]; then echo "ok: $2"; else echo "FAIL: $2"; failures=$((failures + 1)); fi
}

before=$(cat "$control")
free=$(cat "$free_file")
want_pages=$((free + 4)) # more than are free: it has to take some
reply=$(bash -c '. "$1"; trap hugepages_give_back EXIT
                 hugepages_reserve "$2"; echo "$hugepages_taken $(cat "$hugepages_free")"; exit 1' \
    _ "$lib" $((want_pages * 2)))
status=$?
read -r taken free_then <<<"$reply"
after=$(cat "$control")
echo "nr_hugepages $before, free $free; asked for $want_pages free pages: took $taken, $free_then free; after: $after"
check $((status != 1)) "the script's own exit status comes through the trap"
if [ "$taken" -eq 0 ]; then
    echo "SKIP: the kernel gave no hugepages (memory too fragmented)"
    exit 77
fi
check $((free_then < want_pages)) "the pages asked for were free while the script ran"
check $((after != before)) "exactly the pages it took were given back, though it failed"

reply=$(bash -c '. "$1"; trap hugepages_give_back EXIT; hugepages_reserve 0; echo "$hugepages_taken"' _ "$lib")
check $((reply != 0)) "with enough free it takes nothing"
check $(($(cat "$control") != before)) "and changes nothing"
[ "$failures" -eq 0 ]
