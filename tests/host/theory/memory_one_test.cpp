// Exact memory-one payoffs: known answers, closed forms, the two Cesàro methods against each
// other, and Monte Carlo agreement with the engine's own play_match.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/setup/probability.h"
#include "host/setup/strategy_catalog.h"
#include "host/theory/memory_one.h"
#include "kernels/match.h"

namespace evomarket {
namespace {

constexpr double kExact = 1e-12;

const MemoryOne kTft{{1, 0, 1, 0}, 1};
const MemoryOne kStft{{1, 0, 1, 0}, 0};
const MemoryOne kAllc{{1, 1, 1, 1}, 1};
const MemoryOne kAlld{{0, 0, 0, 0}, 0};
const MemoryOne kWsls{{1, 0, 0, 1}, 1};
const MemoryOne kAlternator{{0, 0, 1, 1}, 1};

void expect_payoff(PairPayoff got, double first, double second, double tol = kExact) {
  EXPECT_NEAR(got.first, first, tol);
  EXPECT_NEAR(got.second, second, tol);
}

void expect_distribution(const OutcomeDistribution& got, const OutcomeDistribution& want,
                         double tol) {
  for (int o = 0; o < 4; ++o) EXPECT_NEAR(got[o], want[o], tol) << "outcome " << o;
}

TEST(MemoryOneChain, TransitionRowsAreDistributionsSeenFromSeatOne) {
  const MemoryOne a{{0.9, 0.1, 0.8, 0.2}, 0};
  const MemoryOne b{{0.7, 0.3, 0.6, 0.4}, 1};
  const double e = 0.05;
  const OutcomeMatrix m = transition_matrix(a, b, e);
  for (int i = 0; i < 4; ++i) {
    double sum = 0;
    for (double x : m[i]) sum += x;
    EXPECT_NEAR(sum, 1.0, kExact);
  }
  // After CD (a cooperated, b defected) b sees DC and uses its p[2] = 0.6.
  const double pa = 0.1 * (1 - e) + 0.9 * e;
  const double pb = 0.6 * (1 - e) + 0.4 * e;
  EXPECT_NEAR(m[1][0], pa * pb, kExact);
  EXPECT_NEAR(m[1][1], pa * (1 - pb), kExact);
  const OutcomeDistribution v0 = first_turn_distribution(a, b, e);
  expect_distribution(v0, {e * (1 - e), e * e, (1 - e) * (1 - e), (1 - e) * e}, kExact);
}

TEST(MemoryOneChain, RejectsProbabilitiesOutOfRange) {
  EXPECT_THROW(transition_matrix(kTft, kTft, 1.5), std::invalid_argument);
  EXPECT_THROW(transition_matrix(MemoryOne{{1, -0.1, 1, 0}, 1}, kTft, 0), std::invalid_argument);
  EXPECT_THROW(finite_game_payoff(kTft, kTft, 0, 0, kAxelrodPayoffs), std::invalid_argument);
  EXPECT_THROW(discounted_game_payoff(kTft, kTft, 0, 0.0, kAxelrodPayoffs), std::invalid_argument);
}

TEST(MemoryOneKnownAnswers, NoNoise) {
  expect_payoff(infinite_game_payoff(kTft, kTft, 0, kAxelrodPayoffs), 3, 3);
  expect_payoff(finite_game_payoff(kTft, kAlld, 0, 200, kAxelrodPayoffs), 199.0 / 200, 204.0 / 200);
  expect_payoff(infinite_game_payoff(kWsls, kWsls, 0, kAxelrodPayoffs), 3, 3);
  expect_payoff(infinite_game_payoff(kAllc, kAlld, 0, kAxelrodPayoffs), 0, 5);
  expect_payoff(finite_game_payoff(kAllc, kAlld, 0, 7, kAxelrodPayoffs), 0, 5);
  // A one-turn match is the first turn alone.
  expect_payoff(finite_game_payoff(kTft, kAlld, 0, 1, kAxelrodPayoffs), 0, 5);
}

TEST(MemoryOneKnownAnswers, PeriodicChainsAverageOverTheCycle) {
  // TFT vs STFT alternates CD, DC forever: the chain has no limit, only a Cesàro limit.
  expect_payoff(infinite_game_payoff(kTft, kStft, 0, kAxelrodPayoffs), 2.5, 2.5);
  expect_distribution(limit_distribution(kTft, kStft, 0), {0, 0.5, 0.5, 0}, kExact);
  // TFT vs Alternator: CC, then CD, DC, CD, ... (strategy_match_test: 498 to 503 in 200 turns).
  expect_payoff(finite_game_payoff(kTft, kAlternator, 0, 200, kAxelrodPayoffs), 498.0 / 200,
                503.0 / 200);
  expect_payoff(finite_game_payoff(kTft, kAlternator, 0, 201, kAxelrodPayoffs), 503.0 / 201,
                503.0 / 201);
  expect_payoff(infinite_game_payoff(kTft, kAlternator, 0, kAxelrodPayoffs), 2.5, 2.5);
}

TEST(MemoryOneKnownAnswers, NoisyTitForTatPairIsUniform) {
  // With any noise e > 0, TFT vs TFT has the uniform stationary distribution (the chain is
  // doubly stochastic), so each seat gets (R + S + T + P) / 4 = 2.25.
  for (double e : {0.5, 0.05, 1e-6, 1e-12}) {
    expect_distribution(limit_distribution(kTft, kTft, e), {0.25, 0.25, 0.25, 0.25}, 1e-12);
    expect_payoff(infinite_game_payoff(kTft, kTft, e, kAxelrodPayoffs), 2.25, 2.25, 1e-12);
  }
}

TEST(MemoryOneKnownAnswers, ReducibleChainWeighsClassesByAbsorption) {
  // (1, 1/2, 1/2, 0) against itself: CC and DD are absorbing, CD and DC lead to either with
  // equal chance, so C vs D on turn 1 ends in mutual cooperation half the time: (3 + 1) / 2.
  const MemoryOne c{{1, 0.5, 0.5, 0}, 1};
  const MemoryOne d{{1, 0.5, 0.5, 0}, 0};
  expect_distribution(limit_distribution(c, d, 0), {0.5, 0, 0, 0.5}, kExact);
  expect_payoff(infinite_game_payoff(c, d, 0, kAxelrodPayoffs), 2, 2);
  // An asymmetric absorption: b cooperates after CD with 0.9, a after its CD with 0.2.
  const MemoryOne a{{1, 0.2, 0.2, 0}, 1};
  const MemoryOne b{{1, 0.9, 0.9, 0}, 0};
  const OutcomeDistribution exact = limit_distribution(a, b, 0);
  expect_distribution(average_distribution(a, b, 0, uint64_t{1} << 40), exact, 1e-10);
  EXPECT_NEAR(exact[1] + exact[2], 0, kExact);
}

TEST(MemoryOneCesaro, LinearSolveAgreesWithLongAverages) {
  const std::vector<std::pair<MemoryOne, MemoryOne>> pairs = {
      {MemoryOne{{1, 0.3, 1, 0.3}, 1}, MemoryOne{{0.6, 0.6, 0.6, 0.6}, 1}},
      {kWsls, MemoryOne{{0.9, 0, 0.9, 0}, 1}},
      {MemoryOne{{0.9, 0.1, 0.8, 0.2}, 0}, kTft},
      {kTft, kStft},
      {kTft, kAlternator},
      {kTft, kTft},
      {kAlld, kWsls}};
  for (const auto& [a, b] : pairs) {
    for (double e : {0.0, 0.05, 0.3}) {
      const OutcomeDistribution exact = limit_distribution(a, b, e);
      const OutcomeDistribution averaged = average_distribution(a, b, e, uint64_t{1} << 40);
      expect_distribution(averaged, exact, 1e-10);
      double sum = 0;
      for (double x : exact) sum += x;
      EXPECT_NEAR(sum, 1, kExact);
    }
  }
}

TEST(MemoryOneCesaro, FiniteGamesConvergeToTheInfiniteGame) {
  const MemoryOne a{{1, 0.3, 1, 0.3}, 1};
  const MemoryOne b{{0.9, 0, 0.9, 0}, 1};
  const PairPayoff limit = infinite_game_payoff(a, b, 0.05, kAxelrodPayoffs);
  const PairPayoff finite = finite_game_payoff(a, b, 0.05, 20000, kAxelrodPayoffs);
  // The gap is the transient's total excess divided by the length: O(1 / turns).
  expect_payoff(finite, limit.first, limit.second, 1e-3);
  // A match that almost never ends is the infinite game too.
  expect_payoff(discounted_game_payoff(a, b, 0.05, 1e-7, kAxelrodPayoffs), limit.first,
                limit.second, 1e-5);
}

TEST(MemoryOneDiscounted, ClosedFormsAndTotals) {
  // ALLC vs ALLD: every turn scores (0, 5); expected length 1 / q.
  expect_payoff(discounted_game_totals(kAllc, kAlld, 0, 0.1, kAxelrodPayoffs), 0, 50, 1e-12);
  expect_payoff(discounted_game_payoff(kAllc, kAlld, 0, 0.1, kAxelrodPayoffs), 0, 5, 1e-12);
  // TFT vs ALLD: the first turn (0, 5), then (1, 1) for the expected 1 / q - 1 more turns.
  const double q = 0.02;
  expect_payoff(discounted_game_totals(kTft, kAlld, 0, q, kAxelrodPayoffs), 1 / q - 1,
                5 + 1 / q - 1, 1e-10);
  // q = 1: the first turn alone.
  expect_payoff(discounted_game_totals(kTft, kAlld, 0, 1, kAxelrodPayoffs), 0, 5, kExact);
  // TFT vs STFT: CD, DC, CD, ... so seat 1 scores 5 on turns 2, 4, ...: sum (1-q)^(2k+1) 5.
  const double s = 1 - q;
  expect_payoff(discounted_game_totals(kTft, kStft, 0, q, kAxelrodPayoffs), 5 * s / (1 - s * s),
                5 / (1 - s * s), 1e-9);
}

// --- Monte Carlo agreement with the engine --------------------------------------------------

struct Moments {
  double sum = 0;
  double sum_sq = 0;
  uint64_t n = 0;
  void add(double x) {
    sum += x;
    sum_sq += x * x;
    ++n;
  }
  double mean() const { return sum / static_cast<double>(n); }
  double standard_error() const {
    const double m = mean();
    const double var = (sum_sq - static_cast<double>(n) * m * m) / static_cast<double>(n - 1);
    return std::sqrt(std::max(var, 0.0) / static_cast<double>(n));
  }
};

struct EnginePair {
  StrategySet set;
  uint32_t first = 0;
  uint32_t second = 1;
  MemoryOne a{};
  MemoryOne b{};
};

EnginePair engine_pair(const std::string& a, const std::string& b) {
  EnginePair p;
  p.set = compile_strategies({a, b}, {}, kAxelrodPayoffs);
  const auto ma = as_memory_one(p.set, 0);
  const auto mb = as_memory_one(p.set, 1);
  EXPECT_TRUE(ma.has_value()) << a;
  EXPECT_TRUE(mb.has_value()) << b;
  if (ma) p.a = *ma;
  if (mb) p.b = *mb;
  return p;
}

const std::vector<std::pair<std::string, std::string>> kMonteCarloPairs = {
    {"GTFT(0.3)", "Random(0.6)"},
    {"WSLS", "Joss(0.9)"},
    {"MemoryOne(0.9, 0.1, 0.8, 0.2, D)", "TFT"}};

constexpr double kNoise = 0.05;

// The noise exactly as the engine applies it (its threshold turned back into a probability).
double engine_noise(const MatchRules& rules) {
  return threshold_probability(rules.noise);
}

void expect_within(const Moments& m, double expected, double sigmas, const std::string& what) {
  EXPECT_NEAR(m.mean(), expected, sigmas * m.standard_error())
      << what << ": standard error " << m.standard_error();
}

TEST(MemoryOneMonteCarlo, FixedLengthMatchesMatchTheExactExpectation) {
  const uint32_t turns = 200;
  const uint32_t matches = 3000;
  uint64_t match_id = 0;
  for (const auto& [sa, sb] : kMonteCarloPairs) {
    const EnginePair p = engine_pair(sa, sb);
    const MatchRules rules{kAxelrodPayoffs, turns, probability_threshold(kNoise, "noise"),
                           Probability{0}, 1u << 30};
    Moments first, second;
    for (uint32_t i = 0; i < matches; ++i) {
      const MatchOutcome o = play_match(p.set.view(), rules, p.first, p.second, 7, match_id++, 0);
      ASSERT_EQ(o.turns, turns);
      first.add(static_cast<double>(o.score[0]) / turns);
      second.add(static_cast<double>(o.score[1]) / turns);
    }
    const PairPayoff exact =
        finite_game_payoff(p.a, p.b, engine_noise(rules), turns, kAxelrodPayoffs);
    expect_within(first, exact.first, 5, sa + " vs " + sb + " seat 1");
    expect_within(second, exact.second, 5, sa + " vs " + sb + " seat 2");
  }
}

TEST(MemoryOneMonteCarlo, GeometricMatchesMatchTheExactTotals) {
  const double q = 0.02;
  const uint32_t matches = 6000;
  uint64_t match_id = 1000000;
  for (const auto& [sa, sb] : kMonteCarloPairs) {
    const EnginePair p = engine_pair(sa, sb);
    const MatchRules rules{kAxelrodPayoffs, 0, probability_threshold(kNoise, "noise"),
                           probability_threshold(q, "prob_end"), 1u << 30};
    Moments first, second, length;
    for (uint32_t i = 0; i < matches; ++i) {
      const MatchOutcome o = play_match(p.set.view(), rules, p.first, p.second, 7, match_id++, 0);
      first.add(static_cast<double>(o.score[0]));
      second.add(static_cast<double>(o.score[1]));
      length.add(o.turns);
    }
    const double engine_q = threshold_probability(rules.prob_end);
    const PairPayoff exact =
        discounted_game_totals(p.a, p.b, engine_noise(rules), engine_q, kAxelrodPayoffs);
    expect_within(first, exact.first, 5, sa + " vs " + sb + " seat 1 total");
    expect_within(second, exact.second, 5, sa + " vs " + sb + " seat 2 total");
    expect_within(length, 1 / engine_q, 5, sa + " vs " + sb + " length");
    // Per turn as E[total] / E[L]; the ratio of sample means is close (looser: it is a ratio).
    const PairPayoff per_turn =
        discounted_game_payoff(p.a, p.b, engine_noise(rules), engine_q, kAxelrodPayoffs);
    EXPECT_NEAR(first.mean() / length.mean(), per_turn.first, 0.1);
    EXPECT_NEAR(second.mean() / length.mean(), per_turn.second, 0.1);
  }
}

TEST(MemoryOneMonteCarlo, LongMatchesApproachTheInfiniteGame) {
  const uint32_t turns = 20000;
  const uint32_t matches = 8;
  uint64_t match_id = 2000000;
  for (const auto& [sa, sb] : kMonteCarloPairs) {
    const EnginePair p = engine_pair(sa, sb);
    const MatchRules rules{kAxelrodPayoffs, turns, probability_threshold(kNoise, "noise"),
                           Probability{0}, 1u << 30};
    Moments first, second;
    for (uint32_t i = 0; i < matches; ++i) {
      const MatchOutcome o = play_match(p.set.view(), rules, p.first, p.second, 7, match_id++, 0);
      first.add(static_cast<double>(o.score[0]) / turns);
      second.add(static_cast<double>(o.score[1]) / turns);
    }
    const PairPayoff limit = infinite_game_payoff(p.a, p.b, engine_noise(rules), kAxelrodPayoffs);
    // Sampling error dominates the O(1 / turns) gap between a finite and the infinite game.
    EXPECT_NEAR(first.mean(), limit.first, 5 * first.standard_error() + 1e-3) << sa << " vs " << sb;
    EXPECT_NEAR(second.mean(), limit.second, 5 * second.standard_error() + 1e-3)
        << sa << " vs " << sb;
  }
}

// --- Recognising compiled strategies ----------------------------------------------------------

void expect_memory_one(const StrategySet& set, uint32_t index, const MemoryOne& want) {
  const auto got = as_memory_one(set, index);
  ASSERT_TRUE(got.has_value()) << set.names[index];
  for (int o = 0; o < 4; ++o) EXPECT_NEAR(got->p[o], want.p[o], 1e-9) << set.names[index];
  EXPECT_NEAR(got->first, want.first, 1e-9) << set.names[index];
}

TEST(MemoryOneRecognition, FindsTheFourVectorOfMemoryOneStrategies) {
  const StrategySet set = compile_strategies(
      {"TFT", "STFT", "WSLS", "GTFT(0.3)", "Joss(0.9)", "Random(0.6)", "Cooperator", "Defector",
       "MemoryOne(0.9, 0.1, 0.8, 0.2, D)", "Alternator"},
      {}, kAxelrodPayoffs);
  expect_memory_one(set, 0, kTft);
  expect_memory_one(set, 1, kStft);
  expect_memory_one(set, 2, kWsls);
  expect_memory_one(set, 3, MemoryOne{{1, 0.3, 1, 0.3}, 1});
  expect_memory_one(set, 4, MemoryOne{{0.9, 0, 0.9, 0}, 1});
  expect_memory_one(set, 5, MemoryOne{{0.6, 0.6, 0.6, 0.6}, 0.6});
  expect_memory_one(set, 6, kAllc);
  expect_memory_one(set, 7, kAlld);
  expect_memory_one(set, 8, MemoryOne{{0.9, 0.1, 0.8, 0.2}, 0});
  expect_memory_one(set, 9, kAlternator);
  // The recovered probabilities are the engine's thresholds exactly.
  EXPECT_EQ(as_memory_one(set, 3)->p[1], threshold_probability(probability_threshold(0.3, "p")));
}

TEST(MemoryOneRecognition, FindsMemoryOneFiniteStateMachines) {
  CustomStrategy tft_fsm;  // Tit For Tat written as Axelrod's one-state FSM
  tft_fsm.transitions = {{1, kCooperate, 1, kCooperate}, {1, kDefect, 1, kDefect}};
  tft_fsm.initial_state = 1;
  CustomStrategy grim_fsm;  // Grudger: needs to remember more than the last turn
  grim_fsm.transitions = {{1, kCooperate, 1, kCooperate},
                          {1, kDefect, 2, kDefect},
                          {2, kCooperate, 2, kDefect},
                          {2, kDefect, 2, kDefect}};
  grim_fsm.initial_state = 1;
  const StrategySet set = compile_strategies(
      {"tft_fsm", "grim_fsm"}, {{"tft_fsm", tft_fsm}, {"grim_fsm", grim_fsm}}, kAxelrodPayoffs);
  expect_memory_one(set, 0, kTft);
  EXPECT_FALSE(as_memory_one(set, 1).has_value());
}

TEST(MemoryOneRecognition, RejectsStrategiesWithLongerMemory) {
  const StrategySet set =
      compile_strategies({"Grudger", "TitFor2Tats", "TwoTitsForTat", "Cycler(CCD)", "GoByMajority",
                          "GoByMajority(1)", "HardGoByMajority(5)"},
                         {}, kAxelrodPayoffs);
  for (uint32_t i = 0; i < set.size(); ++i) {
    EXPECT_FALSE(as_memory_one(set, i).has_value()) << set.names[i];
  }
  EXPECT_THROW(as_memory_one(set, set.size()), std::out_of_range);
}

}  // namespace
}  // namespace evomarket
