// The subcommands of `evomarket` (docs/cli.md). Each host/cli/<name>_command.cpp wires one
// subcommand's options into CLI11 and runs it; main.cpp adds them in the order --help lists them.
// The rooms below see plain option structs only: this room is the only one that includes CLI11.
#pragma once

#include <functional>

#include "host/profiles/meter_ingest.h"
#include "host/profiles/synth.h"

namespace CLI {
class App;
}

namespace evomarket {

// A subcommand added to a parent App. `app` is owned by the parent; `run` executes the command
// with the options parsed into it and returns the exit status (ConfigError on invalid input,
// another std::exception on a run-time failure).
struct Subcommand {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

Subcommand add_run_command(CLI::App& parent);
Subcommand add_inspect_command(CLI::App& parent);
Subcommand add_strategies_command(CLI::App& parent);
Subcommand add_ingest_command(CLI::App& parent);
Subcommand add_synth_command(CLI::App& parent);
Subcommand add_bench_command(CLI::App& parent);
Subcommand add_solve_command(CLI::App& parent);
Subcommand add_sweep_command(CLI::App& parent);
Subcommand add_stitch_command(CLI::App& parent);
Subcommand add_clear_command(CLI::App& parent);

// The `evomarket ingest` options bound to `options`: the input files, --out (both required),
// and every field of IngestOptions (docs/ingest.md).
void add_ingest_options(CLI::App& app, IngestOptions& options);

// The `evomarket synth` options bound to `options`: --out (required), --meters, --days,
// --start-date, --time-zone (+HH:MM, -HH:MM, +HH, UTC or Z; sets both the label and the offset),
// --slot-minutes, --latitude, --pv-share, --mean-load, --mean-pv-kwp, --seed.
void add_synth_options(CLI::App& app, SynthOptions& options);

}  // namespace evomarket
