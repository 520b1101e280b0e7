// Experiment configuration: TOML files (experiments/*.toml), command-line overrides, defaults,
// validation with errors that name the file, line and key. docs/config.md describes every key.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "host/strategy_catalog.h"
#include "kernels/payoff.h"
#include "kernels/population.h"

namespace evomarket {

struct GameConfig {
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
  uint32_t generations = 1;
  bool record_agents = false;  // write the final per-agent arrays under /agents
};

enum class ExperimentMode { kTournament, kPopulation };

struct ExperimentConfig {
  std::string name = "experiment";
  std::string description;
  ExperimentMode mode = ExperimentMode::kPopulation;
  uint64_t seed = 1;
  GameConfig game;
  TournamentConfig tournament;
  PopulationConfig population;
  CustomStrategies custom_strategies;
  std::string output;  // results file; defaults to "<name>.h5"
  std::string source;  // where the config came from (file name or "built-in default")

  // The strategies the experiment's mode uses.
  const std::vector<std::string>& strategy_specs() const {
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

// The fully resolved config (every default filled in) as TOML; runs from it reproduce the run.
std::string to_toml(const ExperimentConfig& config);

// The built-in default job: a population of 10^6 agents playing the classic strategies.
std::string_view default_config_text();

const char* mode_name(ExperimentMode mode);

}  // namespace evomarket
