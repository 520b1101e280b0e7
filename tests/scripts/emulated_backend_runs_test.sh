#!/usr/bin/env bash
# Whole runs of the evomarket executable whose CUDA backend runs on the host emulation of CUDA
# (tests/support/cuda_emulator), each with --backend cuda and with --backend cpu from a folder of
# its own: the two results files must be bit-identical (scripts/compare-results leaves out only
# the build and machine attributes). Scenarios of every mode, cut to seconds.
# Usage: emulated_backend_runs_test.sh SOURCE_DIR EVOMARKET_EMULATED. Exit 77 (skipped) without a
# Python with h5py.
set -euo pipefail
source_dir=$1
binary=$2
"$source_dir/scripts/lib/find-python" >/dev/null 2>&1 || exit 77
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# same NAME CONFIG [OPTION...]: runs CONFIG on both backends and compares the results.
same() {
  local name=$1 config=$2 backend
  shift 2
  for backend in cuda cpu; do
    mkdir -p "$work/$backend"
    if ! (cd "$work/$backend" && "$binary" run "$source_dir/$config" --backend "$backend" \
      --out "$name.h5" "$@" >"$name.log" 2>&1); then
      echo "FAIL: $name on $backend:"
      cat "$work/$backend/$name.log"
      return 1
    fi
  done
  grep -q "CUDA emulated on the host" "$work/cuda/$name.log" ||
    { echo "FAIL: $name did not run on the emulated device:"; cat "$work/cuda/$name.log"; return 1; }
  "$source_dir/scripts/compare-results" "$work/cuda/$name.h5" "$work/cpu/$name.h5"
  echo "same: $name"
}

same ensemble_well_mixed experiments/bench/ensemble_well_mixed_1000.toml \
  --set experiment.replicates=40 --set population.agents=200 --set population.generations=30
same ensemble_lattice experiments/bench/ensemble_lattice.toml \
  --set experiment.replicates=5 --set population.generations=6
same tournament experiments/axelrod_tournament.toml
same population experiments/default_population.toml \
  --set population.agents=20000 --set population.generations=3
same public_goods experiments/public_goods.toml \
  --set population.agents=2000 --set population.generations=5
same market experiments/default_market.toml \
  --set market.agents=3000 --set market.days=3
same market_genome experiments/market_genome.toml \
  --set market.agents=2000 --set market.days=2 --set market.generations=4
