// Tournaments and populations on the CPU backend: thread-count independence, exactness of the
// match shortcuts, exact strategy counts, and known tournament results.
#include <gtest/gtest.h>

#include "host/backend/backend.h"
#include "host/config/config.h"
#include "host/config/game_builder.h"
#include "host/run/population_run.h"
#include "host/run/tournament.h"

namespace evomarket {
namespace {

ExperimentConfig tournament_config(const std::vector<std::string>& overrides = {}) {
  return parse_config(R"TOML(
[experiment]
mode = "tournament"
seed = 17
[tournament]
strategies = ["Cooperator", "Defector", "TitForTat", "Grudger", "Alternator", "WSLS",
              "Random(0.4)", "GTFT(0.2)", "GoByMajority", "Cycler(CCD)"]
repetitions = 6
)TOML",
                      "t.toml", overrides);
}

ExperimentConfig population_config(const std::vector<std::string>& overrides = {}) {
  return parse_config(R"TOML(
[experiment]
seed = 99
[game]
noise = 0.02
turns = 50
[population]
agents = 20000
strategies = ["Cooperator", "Defector", "TitForTat", "Grudger", "Joss", "GTFT", "Cycler(CDD)"]
counts = [3000, 3000, 3000, 3000, 2000, 3000, 3000]
matches_per_agent = 3
generations = 2
record_agents = true
)TOML",
                      "p.toml", overrides);
}

void expect_same(const TournamentResult& a, const TournamentResult& b) {
  EXPECT_EQ(a.scores, b.scores);
  EXPECT_EQ(a.wins, b.wins);
  EXPECT_EQ(a.payoff_matrix, b.payoff_matrix);
  EXPECT_EQ(a.cooperation_rate, b.cooperation_rate);
  EXPECT_EQ(a.ranking, b.ranking);
  EXPECT_EQ(a.turns, b.turns);
}

TournamentResult play(const ExperimentConfig& c, int threads) {
  auto backend = make_cpu_backend(threads);
  return run_tournament(c, make_game_setup(c), *backend);
}

TEST(Tournament, SameResultsForOneAndTwoThreads) {
  for (const char* noise : {"game.noise=0", "game.noise=0.05"}) {
    const ExperimentConfig c = tournament_config({noise, "game.prob_end=0.01"});
    expect_same(play(c, 1), play(c, 2));
  }
}

TEST(Tournament, ShortcutsGiveTheSameScoresAsPlayingEveryTurn) {
  const TournamentResult with = play(tournament_config({"game.shortcuts=true"}), 2);
  const TournamentResult without = play(tournament_config({"game.shortcuts=false"}), 2);
  expect_same(with, without);
}

TEST(Tournament, DeterministicRoundRobinMatchesHandScores) {
  // TFT, Defector, Cooperator, 200 turns, no self-play: TFT gets 600 (vs ALLC) + 199 (vs
  // ALLD); ALLD gets 204 + 1000; ALLC gets 600 + 0.
  const ExperimentConfig c =
      tournament_config({"tournament.strategies=[\"TitForTat\", \"Defector\", \"Cooperator\"]",
                         "tournament.self_play=false", "tournament.repetitions=2"});
  const TournamentResult r = play(c, 2);
  EXPECT_EQ(r.scores, (std::vector<int64_t>{799, 1204, 600, 799, 1204, 600}));
  EXPECT_EQ(r.wins, (std::vector<int32_t>{0, 2, 0, 0, 2, 0}));
  EXPECT_DOUBLE_EQ(r.normalised_scores[0], (3.0 + 199.0 / 200) / 2);
  EXPECT_EQ(r.ranking, (std::vector<uint32_t>{1, 0, 2}));
  EXPECT_DOUBLE_EQ(r.payoff_matrix[0 * 3 + 1], 199.0 / 200);
  EXPECT_DOUBLE_EQ(r.payoff_matrix[1 * 3 + 0], 204.0 / 200);
  EXPECT_DOUBLE_EQ(r.cooperation_rate[2], 1.0);
  EXPECT_EQ(r.matches, 6u);
}

TEST(Tournament, SelfPlayFillsTheDiagonalButNotTheScores) {
  const ExperimentConfig c = tournament_config(
      {"tournament.strategies=[\"TitForTat\", \"Defector\"]", "tournament.repetitions=1"});
  const TournamentResult r = play(c, 1);
  EXPECT_DOUBLE_EQ(r.payoff_matrix[0], 3.0);  // TFT vs TFT
  EXPECT_DOUBLE_EQ(r.payoff_matrix[3], 1.0);  // ALLD vs ALLD
  EXPECT_EQ(r.scores, (std::vector<int64_t>{199, 204}));
  EXPECT_EQ(r.matches, 3u);
}

PopulationRun run(const ExperimentConfig& c, int threads) {
  auto backend = make_cpu_backend(threads);
  return run_population(c, *backend);
}

void expect_same(const PopulationRun& a, const PopulationRun& b) {
  ASSERT_EQ(a.generations.size(), b.generations.size());
  for (size_t g = 0; g < a.generations.size(); ++g) {
    EXPECT_EQ(a.generations[g].agents, b.generations[g].agents);
    EXPECT_EQ(a.generations[g].payoff, b.generations[g].payoff);
    EXPECT_EQ(a.generations[g].turns, b.generations[g].turns);
    EXPECT_EQ(a.generations[g].cooperations, b.generations[g].cooperations);
  }
  EXPECT_EQ(a.final_agents.strategy, b.final_agents.strategy);
  EXPECT_EQ(a.final_agents.payoff, b.final_agents.payoff);
  EXPECT_EQ(a.final_agents.turns, b.final_agents.turns);
}

TEST(Population, SameResultsForOneAndTwoThreads) {
  expect_same(run(population_config(), 1), run(population_config(), 2));
  const auto community =
      population_config({"population.partners=\"community\"", "population.community_size=37"});
  expect_same(run(community, 1), run(community, 2));
}

TEST(Population, ShortcutsAreExact) {
  const auto base = {std::string("game.noise=0")};
  std::vector<std::string> on(base), off(base);
  on.push_back("game.shortcuts=true");
  off.push_back("game.shortcuts=false");
  expect_same(run(population_config(on), 2), run(population_config(off), 2));
}

TEST(Population, PlacesExactCountsAndEveryMatchCountsForBothSeats) {
  const ExperimentConfig c = population_config();
  const PopulationRun r = run(c, 2);
  const StrategyTotals& t = r.generations[0];
  EXPECT_EQ(t.agents, (std::vector<uint64_t>{3000, 3000, 3000, 3000, 2000, 3000, 3000}));
  uint64_t turns = 0;
  for (uint64_t x : t.turns) turns += x;
  EXPECT_EQ(turns, 2ull * 20000 * 3 * 50);  // every match: 50 turns for each of two agents
  EXPECT_EQ(t.matches, 20000u * 3);
  // Placement is random: the first 3000 agents are not all Cooperators.
  int cooperators = 0;
  for (int i = 0; i < 3000; ++i) cooperators += r.final_agents.strategy[i] == 0;
  EXPECT_LT(cooperators, 1000);
  // Different generations draw different partners.
  EXPECT_NE(r.generations[0].payoff, r.generations[1].payoff);
}

TEST(Population, AgentPayoffsAddUpToTheStrategyTotals) {
  const PopulationRun r = run(population_config({"population.generations=1"}), 2);
  std::vector<int64_t> payoff(7, 0);
  for (size_t i = 0; i < r.final_agents.strategy.size(); ++i) {
    payoff[r.final_agents.strategy[i]] += r.final_agents.payoff[i];
  }
  EXPECT_EQ(payoff, r.generations[0].payoff);
}

TEST(Population, CommunityRoundRobinPlaysEveryPairOnce) {
  const auto c =
      population_config({"population.partners=\"community\"", "population.community_size=10",
                         "population.generations=1", "game.noise=0"});
  const PopulationRun r = run(c, 2);
  // 2000 communities of 10: 45 matches each.
  EXPECT_EQ(r.generations[0].matches, 2000u * 45);
  for (uint32_t turns : r.final_agents.turns) EXPECT_EQ(turns, 9u * 50);
}

}  // namespace
}  // namespace evomarket
