// Experiment configuration: TOML files (experiments/*.toml), command-line overrides, defaults,
// validation with errors that name the file, line and key. docs/config.md describes every key.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "host/config/market_config.h"
#include "host/setup/strategy_catalog.h"
#include "kernels/game.h"
#include "kernels/payoff.h"
#include "kernels/population.h"

namespace evomarket {

struct GameConfig {
  GameKind kind = GameKind::kIterated;
  // kMatrix: a one-shot n x n game between pure strategies (integer payoffs, row-major).
  std::vector<std::string> matrix_strategies;
  std::vector<int64_t> matrix;
  // kIterated:
  PayoffMatrix payoffs = kAxelrodPayoffs;
  uint32_t turns = 200;           // match length when prob_end is 0
  double prob_end = 0.0;          // > 0: geometric match lengths (Axelrod's prob_end)
  uint32_t max_turns = 1u << 20;  // cap on geometric match lengths
  double noise = 0.0;             // probability that an intended move is flipped
  bool shortcuts = true;          // tabulate deterministic noise-free matches (exact)
};

struct TournamentConfig {
  std::vector<std::string> strategies;
  uint32_t repetitions = 10;
  bool self_play = true;
};

struct PopulationConfig {
  uint64_t agents = 0;
  std::vector<std::string> strategies;
  std::vector<double> shares;    // fractions summing to 1 (or empty when counts are given)
  std::vector<uint64_t> counts;  // exact counts summing to agents (resolved from shares)
  PartnerMode partners = PartnerMode::kRandom;
  uint32_t matches_per_agent = 10;
  uint32_t community_size = 100;
  uint32_t lattice_width = 0;     // kLattice; 0 = square
  uint32_t neighbourhood = 4;     // kLattice: 4 (von Neumann) or 8 (Moore)
  std::string graph_file;         // kGraph: edge list, resolved relative to the config file
  double migration = 0.0;         // kCommunity: probability that a random pair swaps places
  bool self_interaction = false;  // every agent also plays itself once per generation
  uint32_t generations = 1;
  bool record_agents = false;  // write the final per-agent arrays under /agents
};

// How strategies change between generations (docs/dynamics.md).
enum class DynamicsRule { kNone, kFermi, kProportional, kImitateBest, kDeathBirth, kBirthDeath };
enum class Schedule { kSynchronous, kAsynchronous };

struct DynamicsConfig {
  DynamicsRule rule = DynamicsRule::kNone;
  Schedule schedule = Schedule::kSynchronous;
  double beta = 1.0;      // Fermi selection intensity
  double w = 1.0;         // Moran selection strength: fitness 1 - w + w * payoff per round
  double revise = 1.0;    // synchronous: probability that an agent revises per generation
  double mutation = 0.0;  // probability of mutating to another strategy, per agent and update
  // Asynchronous birth_death: the offspring replaces one of all Z agents, its parent included
  // (Axelrod's MoranProcess), instead of one of the other Z - 1.
  bool replace_parent = false;
};

// Most agents of an asynchronous iterated game whose matches are not all tabulated: every pair
// plays a match in every event, Z (Z - 1) / 2 matches.
inline constexpr uint64_t kMaxAsyncMatchAgents = 1024;

struct StopConfig {
  bool at_fixation = true;  // stop when one strategy is left (only without mutation)
  double max_seconds = 0;   // > 0: stop after this much wall time (at a generation boundary)
};

struct OutputConfig {
  std::string file;               // results file; defaults to "<name>.h5"
  uint32_t snapshot_every = 0;    // > 0: per-agent strategies every K generations
  bool community_counts = false;  // strategy counts per community every generation
  uint32_t checkpoint_every = 0;  // > 0: checkpoint every K generations
  std::string checkpoint_file;    // defaults to "<file>.checkpoint"
};

// Most replicates one ensemble runs (experiment.replicates).
inline constexpr int64_t kMaxReplicates = 100'000'000;

enum class ExperimentMode { kTournament, kPopulation, kMarket };

struct ExperimentConfig {
  std::string name = "experiment";
  std::string description;
  ExperimentMode mode = ExperimentMode::kPopulation;
  uint64_t seed = 1;
  // > 1: an ensemble of independent replicates in one process (host/run/ensemble.h); replicate r
  // runs with derived_seed(seed, r, Purpose::kReplicate) (kernels/rng.h).
  uint32_t replicates = 1;
  GameConfig game;
  TournamentConfig tournament;
  PopulationConfig population;
  MarketConfig market;  // market mode
  DynamicsConfig dynamics;
  StopConfig stop;
  CustomStrategies custom_strategies;
  OutputConfig output;
  std::string source;  // where the config came from (file name or "built-in default")

  // The strategies the experiment uses (a matrix game's own, or the mode's list).
  const std::vector<std::string>& strategy_specs() const {
    if (game.kind == GameKind::kMatrix) return game.matrix_strategies;
    return mode == ExperimentMode::kTournament ? tournament.strategies : population.strategies;
  }
};

// Parses and validates a config. `overrides` are "dotted.key=value" strings (--set); values are
// TOML (numbers, booleans, arrays, quoted strings) or else taken as a bare string.
// Throws ConfigError naming `source_name`, the line and the key.
ExperimentConfig parse_config(std::string_view text, const std::string& source_name,
                              const std::vector<std::string>& overrides = {});
ExperimentConfig load_config(const std::string& path,
                             const std::vector<std::string>& overrides = {});

// Only the [game] table of a config file (`evomarket solve --game FILE.toml`): the other tables
// are neither read nor checked. Throws ConfigError naming the file, the line and the key.
GameConfig load_game_table(const std::string& path);

// Throws ConfigError naming `what` (e.g. "--out") unless `file` names a file: not empty, not a
// directory ("out/"), not only an extension (".h5", what experiment.name = "" used to give).
void check_output_file_name(const std::string& file, const std::string& what);

// The fully resolved config (every default filled in) as TOML; runs from it reproduce the run.
std::string to_toml(const ExperimentConfig& config);

// The same without the keys that may change when a run is resumed or extended (output paths,
// generations, stop conditions, recording intervals): equal for a checkpoint and its resume.
std::string simulation_identity(const ExperimentConfig& config);

// The built-in default job: the P2P market game on the synthetic default community.
std::string_view default_config_text();

const char* mode_name(ExperimentMode mode);

}  // namespace evomarket
