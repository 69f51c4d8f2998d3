#!/usr/bin/env bash
# usage: measure.sh LABEL STORE -- command...   evicts STORE's files from the page cache, runs the command under
# /usr/bin/time -v, prints label, wall s, max RSS MB, file-system input MB (block reads)
label="$1"; store="$2"; shift 3
python3 - "$store" <<'PY'
import os, sys
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        fd = os.open(os.path.join(root, f), os.O_RDONLY)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        os.close(fd)
PY
/usr/bin/time -v -o /tmp/measure.$$ "$@" > /tmp/measure.out.$$ 2>/tmp/measure.err.$$
rc=$?
wall=$(grep "Elapsed (wall" /tmp/measure.$$ | awk '{print $NF}')
rss=$(grep "Maximum resident" /tmp/measure.$$ | awk '{print $NF/1024}')
inb=$(grep "File system inputs" /tmp/measure.$$ | awk '{print $NF*512/1e6}')
echo "$label rc=$rc wall=$wall maxRSS_MB=$rss fsInput_MB=$inb"
tail -c 300 /tmp/measure.err.$$ | tr '\r' '\n' | tail -2
head -c 400 /tmp/measure.out.$$; echo
rm -f /tmp/measure.$$ /tmp/measure.out.$$ /tmp/measure.err.$$
