// The tournament's derived outputs: Axelrod's ecological variant and normalised state
// distribution against the library's own numbers (tests/fixtures/axelrod), per-repetition pair
// scores and move histories against each other and by hand, their config checks, and their
// independence of the thread count.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "host/backend/backend.h"
#include "host/config/config.h"
#include "host/config/game_builder.h"
#include "host/errors.h"
#include "host/run/tournament.h"
#include "tests/support/axelrod_fixture.h"

namespace evomarket {
namespace {

ExperimentConfig tournament_config(const std::vector<std::string>& strategies,
                                   const std::vector<std::string>& overrides = {}) {
  std::string list;
  for (const std::string& s : strategies) list += (list.empty() ? "\"" : ", \"") + s + "\"";
  return parse_config(
      "[experiment]\nmode = \"tournament\"\nseed = 5\n[tournament]\nstrategies = [" + list + "]\n",
      "t.toml", overrides);
}

TournamentResult play(const ExperimentConfig& c, int threads) {
  auto backend = make_cpu_backend(threads);
  return run_tournament(c, make_game_setup(c), *backend);
}

// The fixture tournament: its strategies are the columns of ecosystem.tsv after "step".
struct AxelrodTournament {
  test::AxelrodFixture ecosystem = test::read_axelrod_fixture("ecosystem.tsv");
  std::vector<std::string> names{ecosystem.columns.begin() + 1, ecosystem.columns.end()};
  TournamentResult result;

  AxelrodTournament() {
    EXPECT_EQ(ecosystem.version, "4.14.0");
    const uint32_t steps = static_cast<uint32_t>(ecosystem.rows.size() - 1);
    result = play(tournament_config(names, {"tournament.repetitions=2",
                                            "game.turns=" + std::to_string(ecosystem.turns),
                                            "tournament.ecosystem_steps=" + std::to_string(steps)}),
                  2);
  }
};

TEST(TournamentOutputs, EcosystemReproducesAxelrodsShares) {
  const AxelrodTournament t;
  const size_t n = t.names.size();
  ASSERT_EQ(n, 10u);
  ASSERT_EQ(t.result.ecosystem.size(), t.ecosystem.rows.size() * n);
  for (size_t k = 0; k < t.ecosystem.rows.size(); ++k) {
    const auto& row = t.ecosystem.rows[k];
    ASSERT_EQ(row.size(), n + 1);
    for (size_t i = 0; i < n; ++i) {
      const double expected = std::stod(row[i + 1]);
      // Relative: shares of dying strategies fall by orders of magnitude.
      EXPECT_NEAR(t.result.ecosystem[k * n + i], expected, 1e-12 * expected)
          << "step " << k << ", " << t.names[i];
    }
  }
}

TEST(TournamentOutputs, EcosystemSharesStayOnTheSimplexAndADominatedStrategyFalls) {
  const AxelrodTournament t;
  const size_t n = t.names.size(), states = t.result.ecosystem.size() / n;
  for (size_t k = 0; k < states; ++k) {
    const double* x = &t.result.ecosystem[k * n];
    EXPECT_NEAR(std::accumulate(x, x + n, 0.0), 1.0, 1e-14) << "step " << k;
    for (size_t i = 0; i < n; ++i) EXPECT_GE(x[i], 0.0);
  }
  // One-shot prisoner's dilemma: C is strictly dominated, its share falls at every step, by
  // the map's own formula (and so fast that ten steps take it to about 1e-36).
  const ExperimentConfig c = parse_config(R"TOML(
[experiment]
mode = "tournament"
[game]
kind = "matrix"
matrix.strategies = ["C", "D"]
matrix.payoffs = [[3, 0], [5, 1]]
[tournament]
repetitions = 1
ecosystem_steps = 10
)TOML",
                                          "pd.toml");
  const TournamentResult pd = play(c, 1);
  ASSERT_EQ(pd.ecosystem.size(), 11u * 2);
  EXPECT_EQ(pd.ecosystem[0], 0.5);
  for (size_t k = 1; k <= 10; ++k) {
    const double x = pd.ecosystem[2 * (k - 1)];
    const double fc = 3 * x, fd = 5 * x + (1 - x);
    EXPECT_LT(pd.ecosystem[2 * k], x) << "step " << k;
    EXPECT_GT(pd.ecosystem[2 * k], 0.0) << "step " << k;
    EXPECT_NEAR(pd.ecosystem[2 * k], x * fc / (x * fc + (1 - x) * fd), 1e-15 * x);
  }
}

TEST(TournamentOutputs, StateDistributionIsAxelrods) {
  const AxelrodTournament t;
  const test::AxelrodFixture f = test::read_axelrod_fixture("state_distribution.tsv");
  const size_t n = t.names.size();
  ASSERT_EQ(t.result.state_distribution.size(), n * n * 4);
  ASSERT_EQ(f.rows.size(), n * n + n);
  const auto index = [&](const std::string& name) {
    for (size_t i = 0; i < n; ++i) {
      if (t.names[i] == name) return i;
    }
    ADD_FAILURE() << "no strategy " << name;
    return size_t{0};
  };
  for (const auto& row : f.rows) {
    const size_t i = index(row[0]);
    const bool per_player = row[1] == "(all)";
    const double* got = per_player ? &t.result.player_state_distribution[i * 4]
                                   : &t.result.state_distribution[(i * n + index(row[1])) * 4];
    for (int s = 0; s < 4; ++s) {
      EXPECT_NEAR(got[s], std::stod(row[2 + s]), 1e-15) << row[0] << " vs " << row[1] << " " << s;
    }
  }
}

TEST(TournamentOutputs, StatesPairScoresAndMovesAgreeWithNoiseAndRandomLengths) {
  const std::vector<std::string> names = {"Cooperator", "Defector", "TitForTat", "Random(0.4)",
                                          "WSLS"};
  const ExperimentConfig c = tournament_config(
      names, {"tournament.repetitions=3", "game.noise=0.05", "game.prob_end=0.02",
              "game.max_turns=400", "tournament.record_moves=true", "tournament.self_play=false"});
  const TournamentResult r = play(c, 2);
  const size_t n = names.size(), reps = 3, turns = r.move_turns;
  ASSERT_GT(turns, 0u);
  ASSERT_LE(turns, 400u);
  ASSERT_EQ(r.moves.size(), reps * n * n * turns);
  std::vector<double> counts(n * n * 4, 0.0);
  bool some_padding = false;
  for (size_t rep = 0; rep < reps; ++rep) {
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = 0; j < n; ++j) {
        const int8_t* mine = &r.moves[((rep * n + i) * n + j) * turns];
        const int8_t* theirs = &r.moves[((rep * n + j) * n + i) * turns];
        int64_t score = 0;
        for (size_t t = 0; t < turns; ++t) {
          if (i == j) {
            EXPECT_EQ(mine[t], kNoMove);  // no self-play
            continue;
          }
          if (mine[t] == kNoMove) {
            some_padding = true;
            EXPECT_EQ(theirs[t], kNoMove);
            if (t + 1 < turns) EXPECT_EQ(mine[t + 1], kNoMove);  // padding only at the end
            continue;
          }
          ASSERT_TRUE(mine[t] == 0 || mine[t] == 1);
          score += kAxelrodPayoffs(mine[t], theirs[t]);
          counts[(i * n + j) * 4 + 2 * mine[t] + theirs[t]] += 1;
        }
        EXPECT_EQ(r.pair_scores[(rep * n + i) * n + j], score) << rep << " " << i << " " << j;
      }
    }
  }
  EXPECT_TRUE(some_padding);  // geometric lengths differ
  for (size_t i = 0; i < n; ++i) {
    int64_t against_others = 0;
    for (size_t j = 0; j < n; ++j) against_others += r.pair_scores[i * n + j];
    EXPECT_EQ(r.scores[i], against_others);  // repetition 0
    double player[4] = {0, 0, 0, 0};
    for (size_t j = 0; j < n; ++j) {
      const double* c4 = &counts[(i * n + j) * 4];
      const double total = c4[0] + c4[1] + c4[2] + c4[3];
      for (int s = 0; s < 4; ++s) {
        const double expected = i == j ? 0.0 : c4[s] / total;
        EXPECT_DOUBLE_EQ(r.state_distribution[(i * n + j) * 4 + s], expected);
        player[s] += expected / (n - 1);
      }
    }
    // Every opponent weighs the same, however long its matches were (Axelrod's summarise).
    for (int s = 0; s < 4; ++s) {
      EXPECT_NEAR(r.player_state_distribution[i * 4 + s], player[s], 1e-15);
    }
  }
}

TEST(TournamentOutputs, MovesOfADeterministicTournamentByHand) {
  const ExperimentConfig c = tournament_config(
      {"TitForTat", "Alternator"},
      {"tournament.repetitions=2", "game.turns=5", "tournament.record_moves=true"});
  const TournamentResult r = play(c, 1);
  ASSERT_EQ(r.move_turns, 5u);
  // [rep][row][column][turn]; 0 = C, 1 = D. TFT copies Alternator's C D C D C one turn late.
  const std::vector<int8_t> one_repetition = {
      0, 0, 0, 0, 0,  // TFT vs TFT (first seat)
      0, 0, 1, 0, 1,  // TFT vs Alternator
      0, 1, 0, 1, 0,  // Alternator vs TFT
      0, 1, 0, 1, 0,  // Alternator vs Alternator
  };
  std::vector<int8_t> both = one_repetition;
  both.insert(both.end(), one_repetition.begin(), one_repetition.end());
  EXPECT_EQ(r.moves, both);
  // TFT vs Alternator: CC, CD, DC, CD, DC: 3 + 0 + 5 + 0 + 5.
  EXPECT_EQ(r.pair_scores[1], 13);
  EXPECT_EQ(r.pair_scores[2], 3 + 5 + 0 + 5 + 0);
  EXPECT_EQ(r.pair_scores[0], 15);  // the self-interaction's first seat
  EXPECT_EQ(r.pair_scores[4 + 1], 13);
}

TEST(TournamentOutputs, SameOutputsForOneAndTwoThreads) {
  const ExperimentConfig c = tournament_config(
      {"Cooperator", "Defector", "TitForTat", "Random(0.4)", "GTFT(0.2)", "Grudger"},
      {"tournament.repetitions=4", "game.noise=0.05", "game.prob_end=0.01", "game.max_turns=1000",
       "tournament.record_moves=true", "tournament.ecosystem_steps=50"});
  const TournamentResult a = play(c, 1), b = play(c, 2);
  EXPECT_EQ(a.state_distribution, b.state_distribution);
  EXPECT_EQ(a.player_state_distribution, b.player_state_distribution);
  EXPECT_EQ(a.pair_scores, b.pair_scores);
  EXPECT_EQ(a.moves, b.moves);
  EXPECT_EQ(a.move_turns, b.move_turns);
  EXPECT_EQ(a.ecosystem, b.ecosystem);
  ASSERT_EQ(a.ecosystem.size(), 51u * 6);
}

TEST(TournamentOutputs, OffByDefaultAndMatrixGamesHaveNoStates) {
  const TournamentResult r = play(tournament_config({"TitForTat", "Defector"}), 1);
  EXPECT_TRUE(r.ecosystem.empty());
  EXPECT_TRUE(r.moves.empty());
  EXPECT_EQ(r.move_turns, 0u);
  EXPECT_EQ(r.pair_scores.size(), 10u * 2 * 2);
  const TournamentResult m = play(parse_config(R"TOML(
[experiment]
mode = "tournament"
[game]
kind = "matrix"
matrix.strategies = ["A", "B"]
matrix.payoffs = [[1, 2], [3, 4]]
)TOML",
                                               "m.toml"),
                                  1);
  EXPECT_TRUE(m.state_distribution.empty());
  EXPECT_TRUE(m.player_state_distribution.empty());
  EXPECT_EQ(m.pair_scores[1], 2);
}

void expect_config_error(const std::vector<std::string>& overrides, const std::string& message,
                         const std::vector<std::string>& strategies = {"TitForTat", "Defector"}) {
  try {
    tournament_config(strategies, overrides);
    ADD_FAILURE() << "accepted: " << overrides.back();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
  }
}

TEST(TournamentOutputs, BadSettingsAreRefusedByName) {
  expect_config_error({"tournament.ecosystem_steps=-1"}, "tournament.ecosystem_steps");
  expect_config_error({"tournament.ecosystem_steps=1000001"}, "tournament.ecosystem_steps");
  expect_config_error({"game.payoffs={R=3,S=-1,T=5,P=1}", "tournament.ecosystem_steps=5"},
                      "negative payoff (-1 in game.payoffs)");
  // 10 x 2^2 x 200 = 8000 bytes is fine; 2^20 repetitions x 4 x 200 is not.
  EXPECT_NO_THROW(tournament_config({"TitForTat", "Defector"}, {"tournament.record_moves=true"}));
  expect_config_error({"tournament.repetitions=1048576", "tournament.record_moves=true"},
                      "above the limit of 134217728");
  // Geometric lengths are bounded by max_turns, whose default is far too long to record.
  expect_config_error(
      {"tournament.repetitions=100", "game.prob_end=0.01", "tournament.record_moves=true"},
      "game.max_turns");
  expect_config_error({"tournament.record_moves=yes"}, "tournament.record_moves");
}

TEST(TournamentOutputs, EcosystemWithNobodyEarningIsAClearError) {
  // A = [[0, 1], [0, 0]]: from (1/2, 1/2) only the first survives, then nobody earns.
  const ExperimentConfig c = parse_config(R"TOML(
[experiment]
mode = "tournament"
[game]
kind = "matrix"
matrix.strategies = ["A", "B"]
matrix.payoffs = [[0, 1], [0, 0]]
[tournament]
repetitions = 1
self_play = true
ecosystem_steps = 3
)TOML",
                                          "zero.toml");
  try {
    play(c, 1);
    ADD_FAILURE() << "accepted";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("at step 2 every strategy left earns 0"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace evomarket
