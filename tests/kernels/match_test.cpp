// One iterated match (kernels/match.h): the hand traces of docs/strategies.md on hand-compiled
// machines, match lengths (fixed, geometric, capped), noise as played, and the shortcut table.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernels/match.h"
#include "support/classic_machines.h"

namespace evomarket {
namespace {

using testing::ClassicMachines;

MatchRules fixed_turns(uint32_t turns, Probability noise = Probability{0}) {
  return MatchRules{kAxelrodPayoffs, turns, noise, Probability{0}, 1u << 30};
}

MatchOutcome play(uint32_t a, uint32_t b, uint32_t turns = 200) {
  const ClassicMachines m;
  return play_match(m.view(), fixed_turns(turns), a, b, 1, 0, 0);
}

void expect_scores(uint32_t a, uint32_t b, int64_t sa, int64_t sb) {
  const MatchOutcome o = play(a, b);
  EXPECT_EQ(o.score[0], sa) << a << " vs " << b;
  EXPECT_EQ(o.score[1], sb) << a << " vs " << b;
  EXPECT_EQ(o.turns, 200u);
}

// Axelrod's documented example: CD, then DD x199.
TEST(Match, TitForTatVersusDefectorIs199To204) {
  expect_scores(testing::kTitForTat, testing::kAllD, 199, 204);
  const MatchOutcome o = play(testing::kTitForTat, testing::kAllD);
  EXPECT_EQ(o.cooperations[0], 1u);
  EXPECT_EQ(o.cooperations[1], 0u);
}

// CC, CD, then D vs C on odd turns (99x) and D vs D on even turns (99x).
TEST(Match, GrudgerVersusAlternatorIs597To107) {
  expect_scores(testing::kGrudger, testing::kAlternator, 597, 107);
}

TEST(Match, HandTracesOfDocsStrategies) {
  expect_scores(testing::kTitForTat, testing::kTitForTat, 600, 600);
  expect_scores(testing::kAllC, testing::kAllD, 0, 1000);
  expect_scores(testing::kTitForTat, testing::kAlternator, 498, 503);
  expect_scores(testing::kWinStayLoseShift, testing::kAllD, 100, 600);
  expect_scores(testing::kSuspiciousTitForTat, testing::kTitForTat, 500, 500);
  expect_scores(testing::kGoByMajority, testing::kAlternator, 300, 800);
  expect_scores(testing::kHardGoByMajority, testing::kAlternator, 500, 500);
  expect_scores(testing::kGrudger, testing::kAllC, 600, 600);
}

TEST(Match, SwappingSeatsSwapsTheOutcome) {
  for (uint32_t a = 0; a < testing::kClassicCount; ++a) {
    if (a == testing::kRandomHalf) continue;
    for (uint32_t b = 0; b < testing::kClassicCount; ++b) {
      if (b == testing::kRandomHalf) continue;
      const MatchOutcome ab = play(a, b, 37), ba = play(b, a, 37);
      EXPECT_EQ(ab.score[0], ba.score[1]) << a << " vs " << b;
      EXPECT_EQ(ab.score[1], ba.score[0]) << a << " vs " << b;
      EXPECT_EQ(ab.cooperations[0], ba.cooperations[1]) << a << " vs " << b;
    }
  }
}

TEST(Match, ScoresUseTheRulesPayoffMatrix) {
  const ClassicMachines m;
  MatchRules rules = fixed_turns(10);
  rules.payoffs = PayoffMatrix{{4, -2, 7, 0}};  // R, S, T, P
  const MatchOutcome o = play_match(m.view(), rules, testing::kAllC, testing::kAllD, 1, 0, 0);
  EXPECT_EQ(o.score[0], -20);
  EXPECT_EQ(o.score[1], 70);
}

TEST(MatchLength, FixedCertainAndCapped) {
  MatchRules rules = fixed_turns(17);
  EXPECT_EQ(match_length(rules, 1, 0, 0), 17u);
  rules.prob_end = Probability{kCertain};  // ends after the first turn
  for (uint64_t m = 0; m < 50; ++m) EXPECT_EQ(match_length(rules, 1, m, 0), 1u);
  rules.prob_end = Probability{1};  // 2^-32 per turn: the cap decides
  rules.max_turns = 10;
  for (uint64_t m = 0; m < 50; ++m) EXPECT_EQ(match_length(rules, 1, m, 0), 10u);
}

// The length is the first turn whose draw (four per Philox block of kMatchLength) ends it.
TEST(MatchLength, FollowsTheDocumentedDrawStream) {
  MatchRules rules = fixed_turns(0);
  rules.prob_end = Probability{kCertain / 3};
  rules.max_turns = 1000;
  for (uint64_t m = 0; m < 200; ++m) {
    uint32_t expected = 0;
    for (uint32_t turn = 1; expected == 0; ++turn) {
      const Draw4 d = draw4(9, m, Purpose::kMatchLength, 4, (turn - 1) / 4);
      if (d.v[(turn - 1) % 4] < rules.prob_end.threshold) expected = turn;
    }
    EXPECT_EQ(match_length(rules, 9, m, 4), expected) << "match " << m;
  }
}

// P(L = n) = (1 - q)^(n - 1) q: with q = 1/4 the mean is 4 and P(L = 1) = 1/4.
TEST(MatchLength, GeometricWithTheRightMean) {
  MatchRules rules = fixed_turns(0);
  rules.prob_end = Probability{kCertain / 4};
  rules.max_turns = 1u << 30;
  const int n = 20000;
  double total = 0;
  int ones = 0;
  for (uint64_t m = 0; m < n; ++m) {
    const uint32_t length = match_length(rules, 2, m, 0);
    total += length;
    ones += length == 1;
  }
  EXPECT_NEAR(total / n, 4.0, 0.1);  // sd of the mean ~ 0.025
  EXPECT_NEAR(ones, n / 4, 250);     // sd ~ 61
}

TEST(Match, NeedsDrawsOnlyForNoiseOrStochasticStrategies) {
  const ClassicMachines m;
  EXPECT_FALSE(match_needs_draws(m.view(), fixed_turns(5), testing::kTitForTat, testing::kAllD));
  EXPECT_TRUE(match_needs_draws(m.view(), fixed_turns(5, Probability{1}), testing::kTitForTat,
                                testing::kAllD));
  EXPECT_TRUE(
      match_needs_draws(m.view(), fixed_turns(5), testing::kRandomHalf, testing::kTitForTat));
  EXPECT_TRUE(
      match_needs_draws(m.view(), fixed_turns(5), testing::kTitForTat, testing::kRandomHalf));
}

// Deterministic states ignore their draws, so the fast path is exact.
TEST(Match, FastPathEqualsPlayingWithDraws) {
  const ClassicMachines m;
  const MatchRules rules = fixed_turns(50);
  for (uint32_t a = 0; a < testing::kClassicCount; ++a) {
    for (uint32_t b = 0; b < testing::kClassicCount; ++b) {
      if (a == testing::kRandomHalf || b == testing::kRandomHalf) continue;
      const MatchOutcome slow = play_turns<true>(m.view(), rules, a, b, 5, 3, 1, 50);
      const MatchOutcome fast = play_turns<false>(m.view(), rules, a, b, 5, 3, 1, 50);
      EXPECT_EQ(slow.score[0], fast.score[0]) << a << " vs " << b;
      EXPECT_EQ(slow.score[1], fast.score[1]) << a << " vs " << b;
      EXPECT_EQ(slow.cooperations[1], fast.cooperations[1]) << a << " vs " << b;
    }
  }
}

// Noise that always fires flips every move, and players react to the moves as played: two
// cooperators always defect; two tit-for-tats alternate DD, CC, DD, ...
TEST(Match, CertainNoiseFlipsEveryMoveAndPlayersSeeMovesAsPlayed) {
  const ClassicMachines m;
  const MatchRules rules = fixed_turns(200, Probability{kCertain});
  const MatchOutcome allc = play_match(m.view(), rules, testing::kAllC, testing::kAllC, 1, 0, 0);
  EXPECT_EQ(allc.score[0], 200);
  EXPECT_EQ(allc.cooperations[0] + allc.cooperations[1], 0u);
  const MatchOutcome tft =
      play_match(m.view(), rules, testing::kTitForTat, testing::kTitForTat, 1, 0, 0);
  EXPECT_EQ(tft.score[0], 400);
  EXPECT_EQ(tft.score[1], 400);
  EXPECT_EQ(tft.cooperations[0], 100u);
}

TEST(Match, StochasticStrategiesAreReproducibleAndCooperateAtTheirRate) {
  const ClassicMachines m;
  const MatchRules rules = fixed_turns(100);
  uint64_t cooperations = 0;
  int differ = 0;
  for (uint64_t id = 0; id < 200; ++id) {
    const MatchOutcome o =
        play_match(m.view(), rules, testing::kRandomHalf, testing::kAllC, 6, id, 2);
    const MatchOutcome again =
        play_match(m.view(), rules, testing::kRandomHalf, testing::kAllC, 6, id, 2);
    const MatchOutcome other =
        play_match(m.view(), rules, testing::kRandomHalf, testing::kAllC, 7, id, 2);
    ASSERT_EQ(o.score[0], again.score[0]);
    ASSERT_EQ(o.cooperations[0], again.cooperations[0]);
    EXPECT_EQ(o.score[1], 3 * int64_t(o.cooperations[0]));  // ALLC earns R or S = 0
    differ += o.cooperations[0] != other.cooperations[0];
    cooperations += o.cooperations[0];
  }
  EXPECT_NEAR(double(cooperations) / 20000, 0.5, 0.015);  // sd ~ 0.0035
  EXPECT_GT(differ, 150);
}

TEST(ScoreMatch, UsesTheShortcutTableWhereItIsKnown) {
  const ClassicMachines m;
  const MatchRules rules = fixed_turns(200);
  const uint32_t n = testing::kClassicCount;
  std::vector<MatchOutcome> outcomes(n * n, MatchOutcome{{0, 0}, {0, 0}, 0, 0});
  std::vector<uint8_t> known(n * n, 0);
  const uint32_t tft = testing::kTitForTat, alld = testing::kAllD;
  outcomes[tft * n + alld] = MatchOutcome{{11, 22}, {3, 4}, 5, 2};  // a marker, not a real match
  known[tft * n + alld] = 1;
  const MatchTableView table{outcomes.data(), known.data(), n};
  const MatchOutcome tabulated = score_match(m.view(), table, rules, tft, alld, 1, 0, 0);
  EXPECT_EQ(tabulated.score[0], 11);
  EXPECT_EQ(tabulated.turns, 5u);
  const MatchOutcome played = score_match(m.view(), table, rules, alld, tft, 1, 0, 0);
  EXPECT_EQ(played.score[0], 204);  // not tabulated for this order of seats
  const MatchTableView none{nullptr, nullptr, n};
  EXPECT_EQ(score_match(m.view(), none, rules, tft, alld, 1, 0, 0).score[0], 199);
}

// The recording variant plays the same match, and its moves give back the outcome: scores,
// cooperations and turns on which both cooperated; past the last turn it writes kNoMove.
TEST(Match, RecordedMovesReproduceTheOutcome) {
  const ClassicMachines m;
  const MatchRules noisy{kAxelrodPayoffs, 0, Probability{0x10000000u}, Probability{0x04000000u},
                         300};
  for (uint32_t a = 0; a < testing::kClassicCount; ++a) {
    for (uint32_t b = 0; b < testing::kClassicCount; ++b) {
      std::vector<int8_t> first(300, 7), second(300, 7);
      const MatchOutcome plain = play_match(m.view(), noisy, a, b, 9, a * 31 + b, 2);
      const MatchOutcome recorded = play_match_recorded(m.view(), noisy, a, b, 9, a * 31 + b, 2,
                                                        first.data(), second.data(), 300);
      ASSERT_EQ(plain.turns, recorded.turns);
      MatchOutcome replay{{0, 0}, {0, 0}, plain.turns, 0};
      for (uint32_t t = 0; t < 300; ++t) {
        if (t >= plain.turns) {
          EXPECT_EQ(first[t], kNoMove);
          EXPECT_EQ(second[t], kNoMove);
          continue;
        }
        ASSERT_TRUE((first[t] | second[t]) >> 1 == 0) << int(first[t]) << " " << int(second[t]);
        replay.score[0] += kAxelrodPayoffs(first[t], second[t]);
        replay.score[1] += kAxelrodPayoffs(second[t], first[t]);
        replay.cooperations[0] += first[t] == 0;
        replay.cooperations[1] += second[t] == 0;
        replay.mutual_cooperations += first[t] == 0 && second[t] == 0;
      }
      for (const MatchOutcome& o : {plain, recorded}) {
        EXPECT_EQ(o.score[0], replay.score[0]) << a << " vs " << b;
        EXPECT_EQ(o.score[1], replay.score[1]) << a << " vs " << b;
        EXPECT_EQ(o.cooperations[0], replay.cooperations[0]) << a << " vs " << b;
        EXPECT_EQ(o.cooperations[1], replay.cooperations[1]) << a << " vs " << b;
        EXPECT_EQ(o.mutual_cooperations, replay.mutual_cooperations) << a << " vs " << b;
      }
    }
  }
}

}  // namespace
}  // namespace evomarket
