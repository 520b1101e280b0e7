#include "host/driver.h"

#include <fmt/format.h>

#include "host/game_builder.h"
#include "host/population_run.h"
#include "host/progress.h"
#include "host/results_writers.h"
#include "host/tournament.h"
#include "io/results_file.h"

namespace evomarket {

const char* evomarket_version() {
  return EVOMARKET_VERSION;
}
const char* evomarket_git_commit() {
  return EVOMARKET_GIT_COMMIT;
}

namespace {

void run_tournament_mode(const RunRequest& req, const GameSetup& game, Backend& backend,
                         io::ResultsFile& file, RunReport& report, std::FILE* out) {
  const auto start = std::chrono::steady_clock::now();
  const TournamentResult result = run_tournament(req.config, game, backend);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report.agent_turns = 2 * result.turns;
  write_tournament(file, result);
  fmt::print(out, "{}", format_ranking(result));
}

void run_population_mode(const RunRequest& req, const GameSetup& game, Backend& backend,
                         io::ResultsFile& file, RunReport& report, std::FILE* out) {
  const PopulationConfig& p = req.config.population;
  PopulationRecorder recorder(file, game.strategies.names, p.counts);
  Progress progress("population", p.generations, "generations", req.quiet);
  const PopulationRun run =
      run_population(req.config, game, backend, [&](uint32_t g, const StrategyTotals& t) {
        recorder.record(g, t);
        file.flush();
        progress.update(g + 1);
      });
  progress.finish();
  if (p.record_agents) recorder.write_agents(file, run.final_agents);
  report.seconds = run.seconds;
  report.agent_turns = run.agent_turns;
  fmt::print(out, "generation {} of {}:\n{}", p.generations, p.generations,
             format_generation(run.names, run.generations.back()));
}

}  // namespace

RunReport run_experiment(const RunRequest& req, std::FILE* out) {
  const ExperimentConfig& config = req.config;
  std::unique_ptr<Backend> backend = make_backend(req.backend, req.threads);
  const GameSetup game = make_game_setup(config);
  RunReport report{backend->name(), backend->device(), config.output, 0, 0};

  io::RunMetadata meta;
  meta.version = evomarket_version();
  meta.git_commit = evomarket_git_commit();
  meta.backend = backend->name();
  meta.device = backend->device();
  meta.mode = mode_name(config.mode);
  meta.config_toml = to_toml(config);
  meta.seed = config.seed;
  io::ResultsFile file = io::ResultsFile::create(config.output, meta);
  fmt::print(out, "evomarket {}: {} \"{}\" on {} ({})\n", evomarket_version(),
             mode_name(config.mode), config.name, backend->name(), backend->device());
  try {
    if (config.mode == ExperimentMode::kTournament) {
      run_tournament_mode(req, game, *backend, file, report, out);
    } else {
      run_population_mode(req, game, *backend, file, report, out);
    }
    file.complete();
  } catch (const std::exception& e) {
    file.fail(e.what());
    throw;
  }
  fmt::print(out, "{:.3g} agent-turns in {:.2f} s ({:.3g} agent-turns/s) -> {}\n",
             double(report.agent_turns), report.seconds,
             report.seconds > 0 ? report.agent_turns / report.seconds : 0.0, report.output);
  return report;
}

}  // namespace evomarket
