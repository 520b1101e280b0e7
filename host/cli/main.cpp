// The evomarket command line (docs/cli.md): one subcommand per host/cli/<name>_command.cpp.
#include <cstdio>
#include <new>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "host/cli/commands.h"
#include "host/errors.h"
#include "host/version.h"

namespace {

// Exit codes: 0 success, 1 runtime failure (I/O, device, out of memory, `inspect` of an
// unfinished file), 2 invalid input or usage, 128 + signal for a run stopped by SIGINT (130) or
// SIGTERM (143).
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

}  // namespace

int main(int argc, char** argv) {
  using namespace evomarket;
  CLI::App app{"evomarket: evolutionary game populations for P2P energy market research"};
  app.require_subcommand(0, 1);
  app.set_version_flag("--version",
                       std::string(evomarket_version()) + " (" + evomarket_git_commit() + ")");

  // In the order of --help.
  const std::vector<Subcommand> commands = {add_run_command(app),        add_inspect_command(app),
                                            add_strategies_command(app), add_ingest_command(app),
                                            add_synth_command(app),      add_bench_command(app),
                                            add_solve_command(app),      add_clear_command(app),
                                            add_sweep_command(app),      add_stitch_command(app)};

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kExitBadInput;
  }
  try {
    for (const Subcommand& command : commands) {
      if (*command.app) return command.run();
    }
    fmt::print("{}", app.help());
    return 0;
  } catch (const ConfigError& e) {
    fmt::print(stderr, "evomarket: error: {}\n", e.what());
    return kExitBadInput;
  } catch (const RunInterrupted& e) {  // 130 for SIGINT, 143 for SIGTERM, as a shell reports
    fmt::print(stderr, "evomarket: {}\n", e.what());
    return 128 + e.signal();
  } catch (const std::bad_alloc&) {  // the run names what it allocated; other commands do not
    fmt::print(stderr, "evomarket: error: out of memory\n");
    return kExitFailure;
  } catch (const std::exception& e) {
    fmt::print(stderr, "evomarket: error: {}\n", e.what());
    return kExitFailure;
  }
}
