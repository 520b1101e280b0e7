// The named strategies against the Axelrod library's own numbers (tests/fixtures/axelrod,
// written once by its `generate` script, which records the library's version in each file):
// deterministic match scores exactly, stochastic and noisy matches in distribution. The fixtures
// name players as the library prints them, so they exercise the Axelrod-name aliases too.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "host/errors.h"
#include "host/setup/probability.h"
#include "host/setup/strategy_catalog.h"
#include "host/setup/strategy_library.h"
#include "kernels/match.h"
#include "tests/support/axelrod_fixture.h"

namespace evomarket {
namespace {

using Fixture = test::AxelrodFixture;

Fixture read_fixture(const std::string& file) {
  return test::read_axelrod_fixture(file);
}

// The fixture's player names in first-seen order, compiled as one strategy set.
struct Players {
  std::vector<std::string> names;
  std::map<std::string, uint32_t> index;
  StrategySet set;
};

Players compile_players(const Fixture& f) {
  Players p;
  for (const auto& row : f.rows) {
    for (int c = 0; c < 2; ++c) {
      if (p.index.emplace(row[c], static_cast<uint32_t>(p.names.size())).second) {
        p.names.push_back(row[c]);
      }
    }
  }
  p.set = compile_strategies(p.names, {}, kAxelrodPayoffs);
  return p;
}

MatchRules rules_of(const Fixture& f) {
  return MatchRules{kAxelrodPayoffs, f.turns, probability_threshold(f.noise, "noise"),
                    Probability{0}, f.turns};
}

TEST(AxelrodFixture, DeterministicMatchScoresAreExact) {
  const Fixture f = read_fixture("match_scores.tsv");
  ASSERT_FALSE(f.version.empty()) << "the fixture must record the Axelrod version";
  ASSERT_EQ(f.turns, 200u);
  const Players p = compile_players(f);
  ASSERT_GE(p.names.size(), 40u);
  for (uint32_t i = 0; i < p.set.size(); ++i) {
    EXPECT_EQ(p.set.infos[i].stochastic, 0u) << p.names[i] << " (" << p.set.names[i] << ")";
  }
  const MatchRules rules = rules_of(f);
  int mismatches = 0;
  for (const auto& row : f.rows) {
    ASSERT_EQ(row.size(), 4u);
    const uint32_t a = p.index.at(row[0]), b = p.index.at(row[1]);
    const int64_t score_a = std::stoll(row[2]), score_b = std::stoll(row[3]);
    // Both seatings: the first seat has no advantage in a simultaneous game.
    const MatchOutcome ab = play_match(p.set.view(), rules, a, b, 1, 0, 0);
    const MatchOutcome ba = play_match(p.set.view(), rules, b, a, 1, 0, 0);
    const bool same = ab.score[0] == score_a && ab.score[1] == score_b && ba.score[0] == score_b &&
                      ba.score[1] == score_a;
    EXPECT_TRUE(same) << row[0] << " vs " << row[1] << ": Axelrod " << f.version << " " << score_a
                      << " vs " << score_b << ", evomarket " << ab.score[0] << " vs " << ab.score[1]
                      << " (reversed seats " << ba.score[1] << " vs " << ba.score[0] << ")";
    mismatches += same ? 0 : 1;
  }
  EXPECT_EQ(mismatches, 0) << "of " << f.rows.size() << " matches";
}

// Compares mean scores over seeded matches with the library's: |ours - Axelrod's| must stay
// within 5 combined standard errors, sqrt(sd_a^2 / n_a + sd_e^2 / n_e), of the two sample means
// (a false alarm about once in 1.7 million comparisons; equal when both sides are constant).
void expect_means_agree(const std::string& file, uint32_t matches) {
  const Fixture f = read_fixture(file);
  ASSERT_FALSE(f.version.empty()) << "the fixture must record the Axelrod version";
  ASSERT_GT(f.turns, 0u);
  ASSERT_FALSE(f.rows.empty());
  const Players p = compile_players(f);
  const MatchRules rules = rules_of(f);
  for (const auto& row : f.rows) {
    ASSERT_EQ(row.size(), 7u);
    const uint32_t a = p.index.at(row[0]), b = p.index.at(row[1]);
    const double n_ax = std::stod(row[2]);
    double sum[2] = {0, 0}, squares[2] = {0, 0};
    for (uint32_t m = 0; m < matches; ++m) {
      const MatchOutcome o = play_match(p.set.view(), rules, a, b, 2024, m, 0);
      for (int s = 0; s < 2; ++s) {
        sum[s] += double(o.score[s]);
        squares[s] += double(o.score[s]) * double(o.score[s]);
      }
    }
    for (int s = 0; s < 2; ++s) {
      const double mean = sum[s] / matches;
      const double var = std::max(0.0, (squares[s] - matches * mean * mean) / (matches - 1));
      const double ax_mean = std::stod(row[3 + 2 * s]), ax_sd = std::stod(row[4 + 2 * s]);
      const double tolerance = 5 * std::sqrt(ax_sd * ax_sd / n_ax + var / matches) + 1e-6;
      EXPECT_NEAR(mean, ax_mean, tolerance)
          << (s == 0 ? row[0] : row[1]) << " in " << row[0] << " vs " << row[1] << " (" << file
          << ", Axelrod " << f.version << ")";
    }
  }
}

TEST(AxelrodFixture, StochasticMeanScoresAgreeInDistribution) {
  expect_means_agree("stochastic_means.tsv", 2000);
}

// With noise every strategy is stochastic: the library's noisy means check that a strategy's
// memory follows the moves as played and its own attributes the moves it intended.
TEST(AxelrodFixture, NoisyMeanScoresAgreeInDistribution) {
  expect_means_agree("noisy_means.tsv", 2000);
}

// Every built-in strategy that compiles without arguments has reference numbers: the
// deterministic ones in match_scores.tsv, the stochastic ones in stochastic_means.tsv.
TEST(AxelrodFixture, EveryBuiltinHasReferenceNumbers) {
  std::set<std::string> deterministic, stochastic;
  for (const auto& [file, into] : {std::make_pair("match_scores.tsv", &deterministic),
                                   std::make_pair("stochastic_means.tsv", &stochastic)}) {
    const Players p = compile_players(read_fixture(file));
    for (uint32_t i = 0; i < p.set.size(); ++i) {
      (p.set.infos[i].stochastic ? stochastic : deterministic).insert(p.set.names[i]);
    }
  }
  size_t covered = 0;
  for (const BuiltinStrategy& b : builtin_strategies()) {
    StrategySet one;
    try {
      one = compile_strategies({b.name}, {}, kAxelrodPayoffs);
    } catch (const ConfigError&) {
      continue;  // needs arguments (MemoryOne)
    }
    const auto& have = one.infos[0].stochastic ? stochastic : deterministic;
    EXPECT_TRUE(have.count(one.names[0])) << one.names[0] << " has no Axelrod reference numbers";
    ++covered;
  }
  EXPECT_GE(covered, 40u);
}

}  // namespace
}  // namespace evomarket
