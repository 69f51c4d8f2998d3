#!/usr/bin/env bash
cd "$(dirname "$0")/../.."
in=${1:?usage: import-bench.sh DQN_REPLAY_DIR}
for mode in single spark1 spark2; do
  rm -rf runs/imp-$mode
  case $mode in
    single) cmd=(./scaledql import-dqn-replay --input $in --output runs/imp-$mode --json) ;;
    spark1) cmd=(./scaledql spark import-dqn-replay --master 'local[1]' --input $in --output runs/imp-$mode --json) ;;
    spark2) cmd=(./scaledql spark import-dqn-replay --master 'local[2]' --input $in --output runs/imp-$mode --json) ;;
  esac
  SCALEDQL_SKIP_BUILD=1 /usr/bin/time -f "$mode wall=%e s maxRSS=%M KB" "${cmd[@]}" > runs/imp-$mode.json 2> runs/imp-$mode.err
  tail -1 runs/imp-$mode.err
  python3 -c "import json; d=json.load(open('runs/imp-$mode.json')); print('$mode', d['compressedBytes']/1e6, 'MB', round(d['seconds'],1), 's', round(d['compressedMBPerSecond'],1), 'MB/s', d['games'][0]['rowsKept'], 'rows')"
  if [ $mode != single ]; then
    SCALEDQL_SKIP_BUILD=1 ./scaledql inspect runs/imp-$mode --episodes --json > runs/imp-$mode.inspect 2>/dev/null
    SCALEDQL_SKIP_BUILD=1 ./scaledql inspect runs/imp-single --episodes --json > runs/imp-single.inspect 2>/dev/null
    python3 -c "
import json; a=json.load(open('runs/imp-single.inspect'))['games']; b=json.load(open('runs/imp-$mode.inspect'))['games']; print('$mode inspect --episodes games identical to single:', a==b)"
    rm -rf runs/imp-$mode
  fi
done
rm -rf runs/imp-single
