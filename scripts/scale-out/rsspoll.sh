#!/usr/bin/env bash
# runs a command, polls /proc/PID/status of its java child every 0.5 s, prints peak RssAnon/RssFile (MB)
"$@" > /tmp/rsspoll.out 2>&1 &
pid=$!
pa=0; pf=0
while kill -0 $pid 2>/dev/null; do
  j=$(pgrep -P $pid java || echo $pid)
  if [ -r /proc/$j/status ]; then
    a=$(awk '/RssAnon/{print $2}' /proc/$j/status); f=$(awk '/RssFile/{print $2}' /proc/$j/status)
    [ -n "$a" ] && [ "$a" -gt "$pa" ] && pa=$a; [ -n "$f" ] && [ "$f" -gt "$pf" ] && pf=$f
  fi
  sleep 0.5
done
echo "peak RssAnon_MB=$((pa/1024)) peak RssFile_MB=$((pf/1024))"; tail -c 200 /tmp/rsspoll.out
