#!/usr/bin/env bash
# Checks scaledql on an NVIDIA GPU machine, end to end, and prints what it found (docs/cuda.md):
#   1. the driver and GPU (nvidia-smi) and the CUDA 11 libraries ND4J 1.0.0-M2.1 links against (ldconfig);
#   2. the gpu-tagged tests: forward pass and gradient steps on CUDA against the CPU (mvn -Pcuda -Dgroups=gpu);
#   3. the backend report (what ND4J sees);
#   4. the step benchmark: forward + backward + Adam, C51 heads for 40 games, ResNet-50 and ResNet-101, batch 256,
#      warm-up then medians, printed as a table.
# Usage: scaledql-cuda/bin/gpu-check.sh [extra StepBenchmark options, e.g. --steps 50 --encoders resnet50]
# Environment: MAVEN_PROFILES (default cuda; e.g. cuda,cudnn or cuda,cuda-redist), SKIP_TESTS=1, SKIP_BENCH=1.
# Exit status: 0 if every step that ran passed; the summary at the end says which ran.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
profiles="${MAVEN_PROFILES:-cuda}"
out="$root/scaledql-cuda/target/gpu-check"
mkdir -p "$out"
status=0
summary=()

echo "== 1. driver, GPU, CUDA libraries"
if command -v nvidia-smi >/dev/null; then
  nvidia-smi --query-gpu=index,name,driver_version,compute_cap,memory.total --format=csv 2>/dev/null \
    || nvidia-smi --query-gpu=index,name,driver_version,memory.total --format=csv
  caps=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null || true)
  for c in $caps; do
    major=${c%%.*}
    if [ "$major" -ge 9 ] 2>/dev/null; then
      echo "WARNING: compute capability $c: ND4J 1.0.0-M2.1's CUDA natives hold kernels for sm_37..sm_86 only and no PTX;"
      echo "         expect 'no kernel image is available for execution on the device' (docs/cuda.md)."
    fi
  done
  summary+=("nvidia-smi: ok")
else
  echo "nvidia-smi not found: no NVIDIA driver on this machine; the GPU tests will skip."
  summary+=("nvidia-smi: missing")
fi
for lib in libcuda.so.1 libcudart.so.11.0 libcublas.so.11 libcublasLt.so.11 libcusolver.so.11 libcudnn.so.8; do
  if ldconfig -p 2>/dev/null | grep -q "$lib"; then echo "found   $lib"; else echo "missing $lib (system install, LD_LIBRARY_PATH, or MAVEN_PROFILES=cuda,cuda-redist)"; fi
done

if [ "${SKIP_TESTS:-0}" != 1 ]; then
  echo "== 2. GPU tests (mvn -P$profiles -Dgroups=gpu; log: $out/gpu-tests.log)"
  if mvn -B -P"$profiles" -pl scaledql-cuda -am verify -Dgroups=gpu > "$out/gpu-tests.log" 2>&1; then
    summary+=("gpu tests: build passed")
  else
    summary+=("gpu tests: FAILED (see $out/gpu-tests.log)"); status=1
  fi
  for f in scaledql-cuda/target/surefire-reports/org.scaledql.cuda.Gpu*.txt; do
    [ -f "$f" ] && grep -h "Tests run" "$f"
  done
  grep -h -o 'message="[^"]*no GPU run[^"]*"' scaledql-cuda/target/surefire-reports/TEST-*.xml 2>/dev/null | head -1
fi

echo "== 3. class path and backend report"
# outputFile is relative, so each module of the reactor writes its own; scaledql-cuda's is the one used.
if ! mvn -B -q -P"$profiles" -pl scaledql-cuda -am -DskipTests package dependency:build-classpath \
      -DincludeScope=runtime -Dmdep.outputFile=target/gpu-check/classpath.txt > "$out/build.log" 2>&1; then
  echo "build failed; see $out/build.log"; exit 1
fi
cp="$root/scaledql-cuda/target/classes:$(cat "$out/classpath.txt")"
if SCALEDQL_BACKEND=cuda java -cp "$cp" org.scaledql.cuda.Backends 2> "$out/report.log"; then
  summary+=("backend report: cuda")
else
  tail -3 "$out/report.log"; summary+=("backend report: FAILED (see $out/report.log)"); status=1
fi

if [ "${SKIP_BENCH:-0}" != 1 ] && [ $status -eq 0 ]; then
  echo "== 4. step benchmark (progress: $out/bench.log)"
  if SCALEDQL_BACKEND=cuda java -Xmx16g -cp "$cp" org.scaledql.cuda.bench.StepBenchmark "$@" 2> "$out/bench.log" | tee "$out/bench.md"; then
    summary+=("benchmark: $out/bench.md")
  else
    tail -5 "$out/bench.log"; summary+=("benchmark: FAILED (see $out/bench.log)"); status=1
  fi
fi

echo "== summary"
printf '%s\n' "${summary[@]}"
exit $status
