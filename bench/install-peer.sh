#!/usr/bin/env bash
# Installs the PyTorch peer for `./scaledql bench --compare pytorch`: Debian's python3-torch (1.13) and the
# OpenMP build of OpenBLAS. Without OpenBLAS, Debian's torch links the slow reference BLAS (libblas.so.3) and
# runs 1.5-6x slower, which would flatter scaledql. Never needed by `mvn verify`. Needs root (or sudo).
set -euo pipefail
sudo_cmd=""
if [ "$(id -u)" != 0 ]; then sudo_cmd="sudo"; fi
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-torch libopenblas0-openmp
# Make sure the BLAS alternative points at OpenBLAS (the package normally does this itself).
blas=$(update-alternatives --query libblas.so.3-x86_64-linux-gnu 2>/dev/null | awk '/^Value:/ {print $2}')
echo "libblas.so.3 -> ${blas:-unknown}" >&2
/usr/bin/python3 -c 'import torch; print("torch", torch.__version__, "threads", torch.get_num_threads())' >&2
