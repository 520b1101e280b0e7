// One file (over 400 lines): the run's phases (checks before any file, resume, the staged results
// file, the three modes, failure and interruption) share its staging and status protocol.
#include "host/run/driver.h"

#include <fmt/format.h>

#include <chrono>
#include <exception>
#include <filesystem>
#include <functional>
#include <new>
#include <thread>

#include "host/config/game_builder.h"
#include "host/errors.h"
#include "host/profiles/synth.h"
#include "host/progress.h"
#include "host/run/checkpoint.h"
#include "host/run/ensemble.h"
#include "host/run/ensemble_checkpoint.h"
#include "host/run/ensemble_recorder.h"
#include "host/run/input_files.h"
#include "host/run/interrupt.h"
#include "host/run/market_agents.h"
#include "host/run/market_recorder.h"
#include "host/run/market_run.h"
#include "host/run/memory_estimate.h"
#include "host/run/population_run.h"
#include "host/run/results_writers.h"
#include "host/run/stop_rules.h"
#include "host/run/temporary_store.h"
#include "host/run/tournament.h"
#include "host/staged_output.h"
#include "host/version.h"
#include "io/results_file.h"

namespace evomarket {

namespace {

constexpr const char* kDefaultCommunityTag = "default-community";  // its temporary file's name

// Where checkpoints of this run go.
std::string checkpoint_path(const ExperimentConfig& config) {
  return config.output.checkpoint_file.empty() ? config.output.file + ".checkpoint"
                                               : config.output.checkpoint_file;
}

// Files the run reads: its output must not be one of them.
std::vector<std::string> run_inputs(const RunRequest& req) {
  const ExperimentConfig& config = req.config;
  std::vector<std::string> inputs = {checkpoint_path(config)};
  if (!req.resume.empty()) inputs.push_back(req.resume);
  if (!config.market.profiles.empty()) inputs.push_back(config.market.profiles);
  if (!config.population.graph_file.empty()) inputs.push_back(config.population.graph_file);
  return inputs;
}

// The status a results file says it has, or "" when it cannot be read.
std::string readable_status(const std::string& path) {
  try {
    return io::results_status(path);
  } catch (const std::exception&) {
    return "";
  }
}

// The sizes that decide how much a run allocates, for messages.
std::string run_sizes(const ExperimentConfig& config) {
  switch (config.mode) {
    case ExperimentMode::kTournament:
      return fmt::format("{} strategies, tournament.repetitions = {}",
                         config.strategy_specs().size(), config.tournament.repetitions);
    case ExperimentMode::kMarket:
      return fmt::format("market.agents = {}, market.days = {}", config.market.agents,
                         config.market.days);
    default:
      return fmt::format("population.agents = {}, population.generations = {}",
                         config.population.agents, config.population.generations);
  }
}

std::runtime_error out_of_memory(std::string_view what, const ExperimentConfig& config) {
  return std::runtime_error(fmt::format("out of memory while {} ({})", what, run_sizes(config)));
}

// Runs `step`; a std::bad_alloc in it becomes an error saying what was being allocated and for
// which sizes (the estimate of host/run/memory_estimate.h came first, but it is an estimate).
template <class Step>
auto allocating(std::string_view what, const ExperimentConfig& config, Step&& step) {
  try {
    return step();
  } catch (const std::bad_alloc&) {
    throw out_of_memory(what, config);
  }
}

// What the run's estimate is checked against: physical memory, the device's free memory, or
// --memory-limit for both.
MemoryLimit memory_limit(const RunRequest& req, const Backend& backend) {
  MemoryLimit limit;
  const uint64_t device = backend.device_memory_free();
  if (req.memory_limit > 0) {
    limit.host_bytes = req.memory_limit;
    limit.host_source = kMemoryLimitOption;
    limit.device_bytes = device > 0 ? req.memory_limit : 0;
    limit.device_source = kMemoryLimitOption;
  } else {
    limit.host_bytes = physical_memory_bytes();
    limit.host_source = "physical memory (sysconf: _SC_PHYS_PAGES x page size)";
    limit.device_bytes = device;
    limit.device_source = "free memory of " + backend.device();
  }
  return limit;
}

// Size of the graph file the population reads (0 when it has none or it cannot be read: the
// loader then says why).
uint64_t graph_file_bytes(const ExperimentConfig& config) {
  const std::string& path = config.population.graph_file;
  std::error_code error;
  if (path.empty() || !std::filesystem::is_regular_file(path, error)) return 0;
  const uintmax_t size = std::filesystem::file_size(path, error);
  return error ? 0 : static_cast<uint64_t>(size);
}

void run_tournament_mode(const RunRequest& req, const GameSetup& game, Backend& backend,
                         io::ResultsFile& file, RunReport& report, std::FILE* out) {
  // One call plays every match: an interrupt is honoured before it and after it.
  if (interrupt_signal() != 0) {
    report.stop_reason = kStopInterrupted;
    return;
  }
  const auto start = std::chrono::steady_clock::now();
  Progress progress("tournament", tournament_matches(req.config.tournament, game.strategy_count()),
                    "matches", req.quiet);
  const TournamentResult result = run_tournament(
      req.config, game, backend, [&](uint64_t played, uint64_t) { progress.update(played); });
  progress.finish();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report.agent_turns = 2 * result.turns;
  if (interrupt_signal() != 0) {
    report.stop_reason = kStopInterrupted;
    return;
  }
  write_tournament(file, result);
  fmt::print(out, "{}", format_ranking(result));
}

// The agent snapshots an interrupted run had recorded, as its checkpoint carries them.
std::vector<std::pair<int64_t, std::vector<uint16_t>>> earlier_snapshots(
    const std::string& checkpoint, uint64_t agents) {
  std::vector<std::pair<int64_t, std::vector<uint16_t>>> kept;
  try {
    io::File file = io::File::open_read(checkpoint);
    const io::Group recorded = file.root().open_group(kRecordedGroup);
    if (!recorded.has_group("agents/strategy")) return kept;
    const io::ObservableSeries series =
        io::ObservableSeries::open(recorded.open_group("agents"), "strategy");
    if (series.width() != agents) {
      throw ConfigError(
          fmt::format("--resume {}: damaged checkpoint: agent snapshots of {} "
                      "agents, expected {}",
                      checkpoint, series.width(), agents));
    }
    const std::vector<int64_t> steps = series.steps();
    const io::Matrix<uint16_t> values = series.values<uint16_t>();
    for (size_t r = 0; r < steps.size(); ++r) {
      kept.emplace_back(steps[r],
                        std::vector<uint16_t>(values.data.begin() + r * values.cols,
                                              values.data.begin() + (r + 1) * values.cols));
    }
  } catch (const io::H5Error& e) {
    throw ConfigError(fmt::format("--resume {}: cannot read the recorded agent snapshots: {}",
                                  checkpoint, e.what()));
  }
  return kept;
}

void run_population_mode(const RunRequest& req, const std::string& identity, Simulation& sim,
                         const Checkpoint* resume,
                         const std::vector<std::pair<int64_t, std::vector<uint16_t>>>& snapshots,
                         io::ResultsFile& file, RunReport& report, std::FILE* out) {
  const ExperimentConfig& config = req.config;
  const PopulationConfig& p = config.population;
  const GameKind kind = config.game.kind;
  std::unique_ptr<PopulationRecorder> recorder;
  Progress progress("population", p.generations, "generations", req.quiet);
  const uint32_t snapshot_every = config.output.snapshot_every;
  const uint32_t checkpoint_every = config.output.checkpoint_every;
  const std::string checkpoint_file = checkpoint_path(config);

  // Lays out the file and replays what the interrupted run recorded (history and snapshots).
  const auto start_recording = [&] {
    recorder =
        std::make_unique<PopulationRecorder>(file, sim.game().strategies.names, p.counts, kind);
    if (resume) {
      for (size_t h = 0; h < resume->history.size(); ++h) {
        recorder->record(static_cast<uint32_t>(h), resume->history[h]);
      }
    }
    for (const auto& [step, strategies] : snapshots) {
      recorder->snapshot(static_cast<uint32_t>(step), strategies);
    }
  };

  PopulationHooks hooks;
  hooks.on_play = [&](uint32_t g, uint64_t done, uint64_t agents) {
    progress.update_within(g, done, agents, "agents played");
  };
  hooks.on_generation = [&](uint32_t g, const StrategyTotals& t, const Simulation& sim) {
    const bool first = !recorder;  // first generation of this process
    if (first) start_recording();
    recorder->record(g, t);
    if (snapshot_every > 0 && g % snapshot_every == 0 && !sim.asynchronous()) {
      recorder->snapshot(g, sim.agents().strategy);
    }
    file.flush();
    if (first) file.start_live();  // every series exists now: readers may follow (SWMR)
    progress.update(g + 1);
  };
  const auto checkpoint = [&](uint32_t next, const Simulation& sim,
                              const std::vector<StrategyTotals>& history) {
    const io::Group results = file.root();
    write_checkpoint(checkpoint_file,
                     Checkpoint{evomarket_version(), identity, sim.state(next), history}, &results,
                     {"agents"});
  };
  hooks.after_update = [&](uint32_t next, const Simulation& sim,
                           const std::vector<StrategyTotals>& history) {
    if (checkpoint_every > 0 && next % checkpoint_every == 0) checkpoint(next, sim, history);
  };
  // An interrupted run leaves its final state, wherever it stopped, for --resume.
  hooks.on_interrupt = [&](uint32_t next, const Simulation& sim,
                           const std::vector<StrategyTotals>& history) {
    if (checkpoint_every > 0) checkpoint(next, sim, history);
  };
  const PopulationRun run = run_population(config, sim, hooks, resume);
  progress.finish();
  // Nothing left to play (resumed from the last generation's checkpoint, e.g. a run killed
  // between its last checkpoint and renaming its results file): still write the history and
  // the agent snapshots the checkpoint carries.
  if (!recorder) start_recording();
  recorder.reset();  // its datasets closed, the file leaves SWMR writing for the last writes
  file.end_live();
  if (p.record_agents && !run.final_agents.strategy.empty())
    write_final_agents(file, run.final_agents);
  set_population_outcome(file, run.stop_reason, static_cast<uint32_t>(run.generations.size()));
  report.seconds = run.seconds;
  report.agent_turns = run.agent_turns;
  report.stop_reason = run.stop_reason;
  if (run.generations.empty()) {  // interrupted before the first generation
    fmt::print(out, "no generation played (stopped: {})\n", run.stop_reason);
    return;
  }
  fmt::print(out, "generation {} of {} (stopped: {}):\n{}", run.generations.size(), p.generations,
             run.stop_reason, format_generation(run.names, run.generations.back(), kind));
}

// An ensemble (experiment.replicates > 1): `play` runs the replicates `earlier` (a resumed
// ensemble's) has not finished, then the whole ensemble is written at once. Every
// output.checkpoint_every finished replicates, and when interrupted, a checkpoint holds every
// finished replicate.
using PlayEnsemble =
    std::function<EnsembleRun(const EnsembleHooks& hooks, std::vector<ReplicateOutcome> earlier)>;

struct EnsembleShape {
  std::vector<std::string> names;  // strategies
  std::vector<uint64_t> initial_counts;
  uint64_t agents = 0;
  EnsembleKind kind;
};

void run_ensemble_mode(const RunRequest& req, const std::string& identity,
                       const EnsembleShape& shape, const PlayEnsemble& play,
                       std::vector<ReplicateOutcome> earlier, io::ResultsFile& file,
                       RunReport& report, std::FILE* out) {
  const ExperimentConfig& config = req.config;
  const uint32_t every = config.output.checkpoint_every;
  const std::string path = checkpoint_path(config);
  uint64_t finished = 0;
  for (const ReplicateOutcome& outcome : earlier) finished += outcome.finished() ? 1 : 0;
  Progress progress("ensemble", config.replicates, "replicates", req.quiet);
  progress.update(finished);
  uint64_t since_checkpoint = 0;
  EnsembleHooks hooks;
  hooks.on_replicate = [&](uint32_t, const EnsembleRun& run) {
    progress.update(++finished);
    if (every > 0 && ++since_checkpoint % every == 0) {
      write_ensemble_checkpoint(path, evomarket_version(), identity, run);
    }
  };
  const EnsembleRun run = play(hooks, std::move(earlier));
  progress.finish();
  if (run.interrupted && every > 0) {
    write_ensemble_checkpoint(path, evomarket_version(), identity, run);
  }
  write_ensemble(file, shape.names, shape.initial_counts, shape.agents, shape.kind, run);
  report.seconds = run.seconds;
  report.agent_turns = run.agent_turns;
  report.stop_reason = run.interrupted ? kStopInterrupted : "replicates";
  fmt::print(out, "ensemble of {} replicates of {} agents:\n{}", config.replicates, shape.agents,
             format_ensemble(shape.names, run, shape.agents));
}

// Resuming a market run: the state at the start of a generation and what the interrupted run
// had recorded (host/run/market_recorder.h).
struct MarketResume {
  SimulationState state;
  std::vector<RecordedSeries> history;
  std::vector<RecordedSeries> snapshots;  // output.snapshot_every
};

void run_market_mode(const RunRequest& req, const std::string& identity, const MarketInputs& inputs,
                     const MarketResume* resume, Backend& backend, io::ResultsFile& file,
                     RunReport& report, std::FILE* out) {
  const ExperimentConfig& config = req.config;
  const MarketConfig& m = config.market;
  const uint32_t every = config.output.checkpoint_every;
  const std::string path = checkpoint_path(config);
  SlotClock clock;
  clock.start_utc = inputs.start_utc;
  clock.utc_offset_seconds = inputs.utc_offset_seconds;
  clock.slot_seconds = inputs.slot_seconds;
  clock.slots_per_day = inputs.setup.slots_per_day;
  clock.first_day = m.first_day;
  clock.days = m.days;
  auto recorder =
      std::make_unique<MarketRecorder>(file, inputs.setup, m.counts, inputs.profiles, clock,
                                       m.per_community, config.output.community_counts);
  std::unique_ptr<MarketSnapshots> snapshots;
  if (config.output.snapshot_every > 0) {
    snapshots = std::make_unique<MarketSnapshots>(file, inputs.setup, config.output.snapshot_every);
  }
  if (resume) {
    recorder->replay(resume->history);
    if (snapshots) snapshots->replay(resume->snapshots);
  }
  file.start_live();  // every series exists now: readers may follow (SWMR)
  Progress progress("market", m.generations, "generations", req.quiet);
  MarketHooks hooks;
  hooks.on_day = [&](uint32_t sim_day, const MarketDay& day) {
    recorder->record_day(sim_day, day);
    progress.update_within(sim_day / m.days_per_generation, sim_day % m.days_per_generation + 1,
                           m.days_per_generation, "days");
  };
  hooks.on_played = [&](uint32_t g, const MarketEngine& engine, const MarketAgents& last) {
    if (inputs.setup.genome.enabled) recorder->record_genomes(g, engine.genomes());
    if (snapshots && snapshots->wanted(g)) snapshots->record(played_agents(last, engine));
  };
  hooks.on_generation = [&](uint32_t g, const MarketTotals& totals,
                            const MarketGenerationSums& sums) {
    recorder->record_generation(g, totals, sums);
    file.flush();
    progress.update(g + 1);
  };
  const auto checkpoint = [&](uint32_t next, const MarketEngine& engine, const MarketAgents& last) {
    Checkpoint c{evomarket_version(), identity, {}, {}, true};
    c.state.generation = next;
    c.state.strategies = engine.strategies();
    c.state.battery_charge = engine.battery_charge();
    c.state.genome = engine.genomes();
    c.state.last_played = played_agents(last, engine);
    const io::Group results = file.root();
    // The series and agent snapshots recorded so far.
    write_checkpoint(path, c, &results, {"observables", "agents"});
  };
  hooks.after_update = [&](uint32_t next, const MarketEngine& engine, const MarketAgents& last) {
    if (every > 0 && next % every == 0) checkpoint(next, engine, last);
  };
  hooks.on_interrupt = [&](uint32_t next, const MarketEngine& engine, const MarketAgents& last) {
    if (every > 0) checkpoint(next, engine, last);
  };
  hooks.keep_agents = true;
  const MarketRunResult run =
      run_market(config, inputs, backend, resume ? &resume->state : nullptr, hooks);
  const uint32_t first_generation = resume ? resume->state.generation : 0;
  recorder.reset();  // its datasets closed, the file leaves SWMR writing for the last writes
  snapshots.reset();
  file.end_live();
  write_market_agents(file, inputs.setup, run.last_played);
  set_market_outcome(file, run.stop_reason,
                     first_generation + static_cast<uint32_t>(run.generations.size()));
  progress.finish();
  report.seconds = run.seconds;
  report.agent_turns = run.agent_slots;
  report.stop_reason = run.stop_reason;
  fmt::print(out, "{} generations (stopped: {}) of {} agents in {} communities ({}):\n{}",
             run.generations.size(), run.stop_reason, run.setup.agents, run.setup.communities(),
             mechanism_name(run.setup.mechanism), format_market_summary(run));
}

}  // namespace

RunReport run_experiment(const RunRequest& req, std::FILE* out) {
  const ExperimentConfig& config = req.config;
  std::unique_ptr<Backend> backend = make_backend(req.backend, req.threads);
  const bool cuda = backend->name() == "cuda";
  const MemoryLimit limit = memory_limit(req, *backend);
  RunReport report{backend->name(), backend->device(), config.output.file, 0, 0, ""};
  check_output_may_be_written(config.output.file, "results file", run_inputs(req), req.overwrite,
                              io::results_file_status);  // never overwrite unasked
  // Everything that can fail on bad input fails before the results file exists.
  if (!req.resume.empty() && config.mode == ExperimentMode::kTournament) {
    throw ConfigError("--resume: tournaments have no checkpoints");
  }
  if (config.mode != ExperimentMode::kTournament && config.output.checkpoint_every > 0) {
    try {  // written in place (with its own rotation): its directory must exist now
      io::check_output_target(checkpoint_path(config), "checkpoint");
    } catch (const io::H5Error& e) {
      throw ConfigError(fmt::format("output.checkpoint_every: {}", e.what()));
    }
  }
  std::unique_ptr<GameSetup> game;         // tournament
  std::unique_ptr<Simulation> simulation;  // population (reads the graph file, places agents)
  std::unique_ptr<TemporarySyntheticStore> synthetic;  // market on the default community
  std::unique_ptr<MarketInputs> market;                // market (setup and the store's days)
  std::unique_ptr<Checkpoint> resume;                  // population --resume
  std::unique_ptr<MarketResume> market_resume;         // market --resume
  std::vector<std::pair<int64_t, std::vector<uint16_t>>> snapshots;  // population --resume
  const bool ensemble = config.replicates > 1;
  EnsembleShape ensemble_shape;                           // ensemble: what its file records
  std::shared_ptr<const SimulationSetup> ensemble_setup;  // population ensemble: shared setup
  std::vector<ReplicateOutcome> ensemble_resume;          // ensemble --resume: finished replicates
  CheckpointShape shape;
  if (config.mode == ExperimentMode::kTournament) {
    game = std::make_unique<GameSetup>(make_game_setup(config));
    if (game->strategy_count() < 2) {
      throw ConfigError("tournament.strategies: expected at least 2 strategies");
    }
    check_memory(estimate_tournament_memory(config, game->strategy_count(), cuda), limit);
  } else if (config.mode == ExperimentMode::kMarket) {
    if (config.market.profiles.empty()) {
      synthetic =
          std::make_unique<TemporarySyntheticStore>(default_community(), kDefaultCommunityTag);
    }
    market = allocating("loading the market's profiles", config, [&] {
      return std::make_unique<MarketInputs>(
          load_market_inputs(config, synthetic ? synthetic->path() : config.market.profiles));
    });
    const int threads =
        req.threads > 0 ? req.threads : static_cast<int>(std::thread::hardware_concurrency());
    check_memory(estimate_market_memory(market->setup, threads, cuda), limit);
    // The temporary store is gone after the run; record what it was.
    if (synthetic) market->profiles = "synthetic default community (evomarket synth defaults)";
    ensemble_shape = {market->setup.names, config.market.counts, market->setup.agents,
                      EnsembleKind{false, market->setup.days_per_generation}};
    shape.market = true;
    shape.agents = market->setup.agents;
    shape.strategies = market->setup.strategy_count();
    shape.batteries = market->setup.battery.owners > 0;
    shape.genome = market->setup.genome.enabled;
  } else if (ensemble) {
    const int threads =
        req.threads > 0 ? req.threads : static_cast<int>(std::thread::hardware_concurrency());
    check_memory(estimate_ensemble_memory(config, cuda, graph_file_bytes(config), threads), limit);
    // Built once for every replicate; with replicate 0 placed here, bad input (a graph file, say)
    // is found before the results file exists.
    ensemble_setup = allocating("building the population", config,
                                [&] { return make_simulation_setup(config); });
    const std::unique_ptr<Simulation> first = allocating("building the population", config, [&] {
      return std::make_unique<Simulation>(replicate_config(config, 0), *backend, ensemble_setup);
    });
    ensemble_shape = {first->game().strategies.names, config.population.counts,
                      config.population.agents,
                      EnsembleKind{config.game.kind != GameKind::kMatrix, 0,
                                   config.game.kind == GameKind::kGroup}};
  } else {
    check_memory(estimate_population_memory(config, cuda, graph_file_bytes(config)), limit);
    simulation = allocating("building the population", config,
                            [&] { return std::make_unique<Simulation>(config, *backend); });
    const PopulationConfig& p = config.population;
    shape.agents = p.agents;
    shape.strategies = simulation->game().strategy_count();
    shape.asynchronous = simulation->asynchronous();
    if (config.output.community_counts && p.community_size > 0 && !shape.asynchronous) {
      shape.communities = (p.agents + p.community_size - 1) / p.community_size;
    }
  }
  // What checkpoints record and a resume must match: the run identity, computed once since it
  // reads and hashes the input files, and only where checkpoints are written or read.
  const std::string identity = config.output.checkpoint_every > 0 || !req.resume.empty()
                                   ? run_identity(config)
                                   : std::string();
  if (!req.resume.empty() && ensemble) {
    ensemble_resume = read_ensemble_checkpoint(
        req.resume, evomarket_version(), identity, config.replicates,
        static_cast<uint32_t>(ensemble_shape.names.size()), ensemble_shape.agents);
  } else if (!req.resume.empty()) {
    // The checkpoint alone: the interrupted run's results file is never read.
    resume = std::make_unique<Checkpoint>(
        read_checkpoint(req.resume, evomarket_version(), identity, shape));
    if (market) {
      market_resume = std::make_unique<MarketResume>();
      market_resume->state = resume->state;
      io::Group recorded;
      try {
        recorded = io::File::open_read(req.resume).root().open_group(kRecordedGroup);
        recorded.open_group("observables");
      } catch (const io::H5Error& e) {
        throw ConfigError(fmt::format("--resume {}: damaged checkpoint: {}", req.resume, e.what()));
      }
      market_resume->history = read_market_history(
          recorded.open_group("observables"), req.resume, resume->state.generation,
          uint64_t{market->setup.days_per_generation} * market->setup.slots_per_day);
      if (config.output.snapshot_every > 0) {
        market_resume->snapshots =
            read_market_snapshots(recorded, req.resume, resume->state.generation,
                                  config.output.snapshot_every, market->setup.agents);
      }
    } else {
      snapshots = earlier_snapshots(req.resume, shape.agents);
    }
  }

  io::RunMetadata meta;
  meta.version = evomarket_version();
  meta.git_commit = evomarket_git_commit();
  meta.backend = backend->name();
  meta.device = backend->device();
  meta.mode = mode_name(config.mode);
  meta.config_toml = to_toml(config);
  meta.seed = config.seed;
  // Written beside the target and renamed when finished: a run that fails keeps what was there.
  const std::unique_ptr<io::StagedOutput> staged =
      stage_output(config.output.file, "results file", run_inputs(req));
  std::exception_ptr error;
  bool marked_failed = false;
  bool interrupted = false;
  {
    io::ResultsFile file = io::ResultsFile::create(staged->temporary(), meta);
    if (req.replicate >= 0) {  // one replicate of an ensemble, re-run alone
      io::set_attr(file.root(), "replicate", req.replicate);
      io::set_attr(file.root(), "ensemble_seed", req.ensemble_seed);
    }
    fmt::print(out, "evomarket {}: {} \"{}\" on {} ({})\n", evomarket_version(),
               mode_name(config.mode), config.name, backend->name(), backend->device());
    if (resume) {
      fmt::print(out, "resuming from {} at generation {}\n", req.resume, resume->state.generation);
    } else if (!req.resume.empty()) {
      uint64_t finished = 0;
      for (const ReplicateOutcome& outcome : ensemble_resume) finished += outcome.finished();
      fmt::print(out, "resuming from {} with {} of {} replicates finished\n", req.resume, finished,
                 config.replicates);
    }
    try {
      try {
        if (config.mode == ExperimentMode::kTournament) {
          run_tournament_mode(req, *game, *backend, file, report, out);
        } else if (config.mode == ExperimentMode::kMarket) {
          if (synthetic) {
            const SynthOptions community = default_community();
            fmt::print(out, "profiles: the synthetic default community ({} homes, {} days)\n",
                       community.meters, community.days);
          }
          if (ensemble) {
            const PlayEnsemble play = [&](const EnsembleHooks& hooks,
                                          std::vector<ReplicateOutcome> earlier) {
              return run_market_ensemble(config, *market, *backend, hooks, std::move(earlier));
            };
            run_ensemble_mode(req, identity, ensemble_shape, play, std::move(ensemble_resume), file,
                              report, out);
          } else {
            run_market_mode(req, identity, *market, market_resume.get(), *backend, file, report,
                            out);
          }
        } else if (ensemble) {
          const PlayEnsemble play = [&](const EnsembleHooks& hooks,
                                        std::vector<ReplicateOutcome> earlier) {
            return run_ensemble(config, *backend, req.threads, hooks, std::move(earlier),
                                ensemble_setup);
          };
          run_ensemble_mode(req, identity, ensemble_shape, play, std::move(ensemble_resume), file,
                            report, out);
        } else {
          run_population_mode(req, identity, *simulation, resume.get(), snapshots, file, report,
                              out);
        }
      } catch (const std::bad_alloc&) {
        throw out_of_memory(fmt::format("running the {}", mode_name(config.mode)), config);
      }
      interrupted = report.stop_reason == kStopInterrupted;
      if (interrupted) {
        file.interrupt(signal_name(interrupt_signal()));
      } else {
        file.complete();
      }
    } catch (const std::exception& e) {
      error = std::current_exception();
      try {
        file.fail(e.what());
        marked_failed = true;
      } catch (const std::exception&) {  // e.g. the disk is full: the file goes below
      }
    }
  }  // the file is closed here, before it is renamed
  if (error) {
    // A failed run's file takes the target only when nothing was there and it says "failed";
    // bad input found late leaves nothing, like bad input found early.
    bool bad_input = false;
    std::string message;
    try {
      std::rethrow_exception(error);
    } catch (const ConfigError&) {
      bad_input = true;
    } catch (const std::exception& e) {
      message = e.what();
    }
    if (marked_failed && !bad_input && !staged->target_existed() &&
        readable_status(staged->temporary()) == io::kStatusFailed) {
      staged->commit();
    }
    if (bad_input || message.empty()) std::rethrow_exception(error);
    // Users know the results file by its name, not by the temporary one it was written under.
    for (size_t at = message.find(staged->temporary()); at != std::string::npos;
         at = message.find(staged->temporary(), at + config.output.file.size())) {
      message.replace(at, staged->temporary().size(), config.output.file);
    }
    throw std::runtime_error(message);
  }
  if (interrupted) {
    // Like a failed run: the file takes the target only when nothing was there, so the user
    // can inspect what was recorded; a file that was there is kept.
    const int signal = interrupt_signal();
    std::string where;
    if (!staged->target_existed()) {
      staged->commit();
      where = fmt::format("what was recorded is in {} (status \"interrupted\")", report.output);
    } else {
      where = fmt::format("{} was there before and is kept as it was", report.output);
    }
    if (config.mode != ExperimentMode::kTournament && config.output.checkpoint_every > 0) {
      where += fmt::format("; resume with --resume {}", checkpoint_path(config));
    }
    throw RunInterrupted(fmt::format("interrupted by {}: {}", signal_name(signal), where), signal);
  }
  staged->commit();
  const char* unit = config.mode == ExperimentMode::kMarket    ? "agent-slots"
                     : config.game.kind == GameKind::kIterated ? "agent-turns"
                                                               : "agent-rounds";
  fmt::print(out, "{:.3g} {} in {:.2f} s ({:.3g} {}/s) -> {}\n", double(report.agent_turns), unit,
             report.seconds, report.seconds > 0 ? report.agent_turns / report.seconds : 0.0, unit,
             report.output);
  return report;
}

}  // namespace evomarket
