// Axelrod's Moran process: the asynchronous processes with an iterated game, every pair of
// agents playing a match in each event. Deterministic matches against the exact fixation
// probabilities of the birth-death chain, along both paths (tabulated matches and matches played
// event by event); stochastic matches against the Axelrod library's own fixation frequencies
// (tests/fixtures/axelrod/moran_fixation.tsv).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "host/config/config.h"
#include "host/config/game_builder.h"
#include "host/errors.h"
#include "host/run/async_process.h"
#include "host/theory/finite_population.h"

namespace evomarket {
namespace {

ExperimentConfig moran_config(const std::string& strategies, uint64_t z, uint32_t turns,
                              const std::vector<std::string>& extra) {
  std::vector<std::string> set = {"population.strategies=" + strategies,
                                  "population.agents=" + std::to_string(z),
                                  "game.turns=" + std::to_string(turns)};
  set.insert(set.end(), extra.begin(), extra.end());
  return parse_config(R"(
[game]
kind = "iterated"
[population]
partners = "all"
shares = [0.5, 0.5]
[dynamics]
schedule = "asynchronous"
rule = "birth_death"
w = 1.0
)",
                      "moran.toml", set);
}

// How often strategy 0 takes over from `start` agents of it (the rest strategy 1) in `runs`
// runs seeded first_seed, first_seed + 1, ...
double fixation_frequency(ExperimentConfig config, uint64_t start, int runs,
                          uint64_t first_seed = 1000) {
  const uint64_t z = config.population.agents;
  int fixed = 0;
  for (int r = 0; r < runs; ++r) {
    config.seed = first_seed + r;
    const GameSetup game = make_game_setup(config);
    const EvolutionSetup evolution = make_evolution_setup(config, game);
    AsyncProcess process(game, evolution, z);
    process.set_counts({start, z - start});
    for (uint32_t g = 0; process.counts()[0] != 0 && process.counts()[0] != z; ++g) {
      process.run_generation(g);
    }
    fixed += process.counts()[0] == z ? 1 : 0;
  }
  return double(fixed) / runs;
}

// TitForTat against Defector over 10 turns: per turn 3 (TFT-TFT), 0.9 (TFT against D: 0, then
// nine mutual defections), 1.4 (D against TFT), 1.
const theory::Matrix kTftDefector{{3.0, 0.9}, {1.4, 1.0}};

struct Case {
  const char* rule;
  theory::Process process;
  bool replace_parent;
};

TEST(AsyncIterated, DeterministicMatchesFixLikeTheChain) {
  const uint64_t z = 8, start = 3;
  for (const Case& c : {Case{"birth_death", theory::Process::kMoranBirthDeath, false},
                        Case{"birth_death", theory::Process::kMoranBirthDeath, true},
                        Case{"death_birth", theory::Process::kMoranDeathBirth, false},
                        Case{"fermi", theory::Process::kFermi, false}}) {
    const double intensity = c.process == theory::Process::kFermi ? 2.0 : 1.0;
    // Replacing the parent scales T+ and T- alike, so the absorption probabilities stay.
    const double expected = theory::absorption_probability(
        theory::birth_death_chain(c.process, kTftDefector, z, intensity), start);
    for (const char* shortcuts : {"true", "false"}) {  // tabulated, or played event by event
      SCOPED_TRACE(std::string(c.rule) + (c.replace_parent ? " replacing the parent" : "") +
                   ", shortcuts " + shortcuts);
      std::vector<std::string> extra = {std::string("dynamics.rule=\"") + c.rule + "\"",
                                        std::string("game.shortcuts=") + shortcuts};
      if (c.replace_parent) extra.push_back("dynamics.replace_parent=true");
      if (c.process == theory::Process::kFermi) {
        extra.push_back("dynamics.beta=2.0");
        extra.push_back("dynamics.w=1.0");
      }
      const int runs = 1500;
      const double p = fixation_frequency(
          moran_config("[\"TitForTat\", \"Defector\"]", z, 10, extra), start, runs);
      const double sigma = std::sqrt(expected * (1 - expected) / runs);
      EXPECT_NEAR(p, expected, 4 * sigma) << "expected " << expected;
    }
  }
}

TEST(AsyncIterated, StochasticMatchesFixAsInTheAxelrodLibrary) {
  std::ifstream in(std::string(EVOMARKET_SOURCE_DIR) +
                   "/tests/fixtures/axelrod/moran_fixation.tsv");
  ASSERT_TRUE(in) << "tests/fixtures/axelrod/moran_fixation.tsv is missing";
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("case\t", 0) == 0) continue;
    std::istringstream fields(line);
    std::string name, first, second;
    uint32_t turns = 0;
    double noise = 0;
    int runs = 0, first_fixed = 0;
    std::getline(fields, name, '\t');
    std::getline(fields, first, '\t');
    std::getline(fields, second, '\t');
    fields >> turns >> noise >> runs >> first_fixed;
    SCOPED_TRACE(name);
    const double axelrod = double(first_fixed) / runs;
    const int our_runs = 4000;
    const double ours = fixation_frequency(
        moran_config("[\"" + first + "\", \"" + second + "\"]", 6, turns,
                     {"game.noise=" + std::to_string(noise), "dynamics.replace_parent=true"}),
        3, our_runs);
    const double pooled = (axelrod * runs + ours * our_runs) / (runs + our_runs);
    const double sigma = std::sqrt(pooled * (1 - pooled) * (1.0 / runs + 1.0 / our_runs));
    EXPECT_NEAR(ours, axelrod, 4 * sigma);
    ++cases;
  }
  EXPECT_EQ(cases, 2);
}

TEST(AsyncIterated, SameSeedSameTrajectory) {
  const ExperimentConfig c =
      moran_config("[\"TitForTat\", \"Random\"]", 12, 20, {"game.noise=0.02"});
  std::vector<std::vector<uint64_t>> runs[2];
  for (auto& run : runs) {
    const GameSetup game = make_game_setup(c);
    const EvolutionSetup evolution = make_evolution_setup(c, game);
    AsyncProcess process(game, evolution, 12);
    process.set_counts({6, 6});
    for (uint32_t g = 0; g < 30; ++g) {
      process.run_generation(g);
      run.push_back(process.counts());
    }
  }
  EXPECT_EQ(runs[0], runs[1]);
}

TEST(AsyncIterated, ConfigsAreChecked) {
  const auto error_of = [](const std::vector<std::string>& set) -> std::string {
    try {
      moran_config("[\"TitForTat\", \"Defector\"]", 10, 10, set);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(
      error_of({"dynamics.schedule=\"synchronous\""}).find("\"asynchronous\" for an iterated"),
      std::string::npos);
  EXPECT_NE(
      error_of({"dynamics.rule=\"fermi\"", "dynamics.replace_parent=true"}).find("replace_parent"),
      std::string::npos);
  EXPECT_NE(error_of({"population.agents=2000", "game.noise=0.1"}).find("at most 1024 agents"),
            std::string::npos);
  EXPECT_EQ(error_of({}), "");
}

}  // namespace
}  // namespace evomarket
