// Match scores of named strategies against hand traces and the Axelrod library's conventions.
#include <gtest/gtest.h>

#include "host/errors.h"
#include "host/setup/probability.h"
#include "host/setup/strategy_catalog.h"
#include "kernels/match.h"

namespace evomarket {
namespace {

MatchRules fixed_turns(uint32_t turns, double noise = 0.0) {
  return MatchRules{kAxelrodPayoffs, turns, probability_threshold(noise, "noise"), Probability{0},
                    1u << 30};
}

MatchOutcome play(const std::string& a, const std::string& b, uint32_t turns = 200,
                  const CustomStrategies& custom = {}) {
  if (a == b) {  // self-play: one strategy in both seats
    const StrategySet set = compile_strategies({a}, custom, kAxelrodPayoffs);
    return play_match(set.view(), fixed_turns(turns), 0, 0, 1, 0, 0);
  }
  const StrategySet set = compile_strategies({a, b}, custom, kAxelrodPayoffs);
  return play_match(set.view(), fixed_turns(turns), 0, 1, 1, 0, 0);
}

void expect_scores(const std::string& a, const std::string& b, int64_t sa, int64_t sb) {
  const MatchOutcome o = play(a, b);
  EXPECT_EQ(o.score[0], sa) << a << " vs " << b;
  EXPECT_EQ(o.score[1], sb) << a << " vs " << b;
  EXPECT_EQ(o.turns, 200u);
}

// Hand traces, 200 turns, R,S,T,P = 3,0,5,1 (derivations in docs/strategies.md).
TEST(StrategyMatch, TitForTatVersusDefectorIs199To204) {
  expect_scores("TitForTat", "Defector", 199, 204);
}
TEST(StrategyMatch, GrudgerVersusAlternatorFollowsTheHandTrace) {
  // CC, then C vs D, then Grudger defects: odd turns D vs C (5, 0), even turns D vs D (1, 1).
  expect_scores("Grudger", "Alternator", 3 + 0 + 99 * 5 + 99, 3 + 5 + 0 + 99);
}
TEST(StrategyMatch, HandTracesOfTheClassicStrategies) {
  expect_scores("TitForTat", "TitForTat", 600, 600);
  expect_scores("Cooperator", "Defector", 0, 1000);
  expect_scores("TitForTat", "Alternator", 3 + 99 * 5, 3 + 100 * 5);
  expect_scores("WinStayLoseShift", "Defector", 100, 600);
  expect_scores("SuspiciousTitForTat", "TitForTat", 500, 500);
  expect_scores("TitFor2Tats", "Defector", 198, 208);
  expect_scores("TwoTitsForTat", "Alternator", 597, 107);
  expect_scores("Cycler(CCD)", "TitForTat", 534, 534);
  expect_scores("GoByMajority", "Alternator", 300, 800);
  expect_scores("HardGoByMajority", "Alternator", 500, 500);
  expect_scores("Grudger", "Cooperator", 600, 600);
  expect_scores("Joss(1)", "Defector", 199, 204);  // Joss with p = 1 is Tit For Tat
}

TEST(StrategyMatch, WinStayLoseShiftRecoversFromAnAlternator) {
  // WSLS: CC -> C, then vs D it shifts to D; DC (win) -> stays D; DD (lose) -> shifts to C.
  const MatchOutcome o = play("WSLS", "Alternator", 4);
  // t1 C/C (3,3); t2 C/D (0,5); t3 D/C (5,0); t4 D/D (1,1).
  EXPECT_EQ(o.score[0], 9);
  EXPECT_EQ(o.score[1], 9);
}

TEST(StrategyMatch, AliasesAndCanonicalNames) {
  const StrategySet set =
      compile_strategies({"TFT", "ALLD", "Cycler(CDD)", "GTFT", "GoByMajority(5)", "Random(0.25)"},
                         {}, kAxelrodPayoffs);
  EXPECT_EQ(set.names[0], "TitForTat");
  EXPECT_EQ(set.names[1], "Defector");
  EXPECT_EQ(set.names[2], "Cycler(CDD)");
  EXPECT_EQ(set.names[3], "GTFT(0.333333)");  // min(1 - (T-R)/(R-S), (R-P)/(T-P)) = 1/3
  EXPECT_EQ(set.names[4], "GoByMajority(5)");
  EXPECT_EQ(set.names[5], "Random(0.25)");
  EXPECT_EQ(set.infos[5].stochastic, 1u);
  EXPECT_EQ(set.infos[0].stochastic, 0u);
}

TEST(StrategyMatch, GoByMajorityWithMemoryForgetsOldMoves) {
  // Opponent: Cycler(CCCDDDDD...) -- with a window of 3 the majority follows the last 3 moves.
  const MatchOutcome windowed = play("GoByMajority(3)", "Cycler(CCCCDDDD)", 8);
  const MatchOutcome whole = play("GoByMajority", "Cycler(CCCCDDDD)", 8);
  // Whole history: tallies after t1..t7 are 1,2,3,4,3,2,1 -> always C.
  EXPECT_EQ(whole.cooperations[0], 8u);
  // Window 3: after t6 the window is C,D,D -> D at t7; after t7 D,D,D -> D at t8. t6: window
  // C,C,D -> C.
  EXPECT_EQ(windowed.cooperations[0], 6u);
}

TEST(StrategyMatch, FiniteStateMachineTitForTatMatchesTheBuiltin) {
  CustomStrategies custom;
  CustomStrategy fsm;
  fsm.transitions = {{1, kCooperate, 1, kCooperate}, {1, kDefect, 1, kDefect}};
  fsm.initial_state = 1;
  fsm.initial_move = kCooperate;
  custom["FsmTFT"] = fsm;
  for (const char* opponent : {"Alternator", "Defector", "Cycler(CCDDD)", "WSLS"}) {
    const MatchOutcome a = play("FsmTFT", opponent, 200, custom);
    const MatchOutcome b = play("TitForTat", opponent, 200);
    EXPECT_EQ(a.score[0], b.score[0]) << opponent;
    EXPECT_EQ(a.score[1], b.score[1]) << opponent;
  }
}

TEST(StrategyMatch, FiniteStateMachineWithMissingTransitionIsRejected) {
  CustomStrategies custom;
  CustomStrategy fsm;
  fsm.transitions = {{1, kCooperate, 2, kCooperate}, {1, kDefect, 1, kDefect}};
  fsm.initial_state = 1;
  custom["Broken"] = fsm;
  try {
    compile_strategies({"Broken"}, custom, kAxelrodPayoffs);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("Broken"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("state 2"), std::string::npos);
  }
}

TEST(StrategyMatch, BadSpecificationsNameTheProblem) {
  const auto message = [](const std::vector<std::string>& specs) {
    try {
      compile_strategies(specs, {}, kAxelrodPayoffs);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message({"TitForTwat"}).find("unknown strategy \"TitForTwat\""), std::string::npos);
  EXPECT_NE(message({"Random(1.5)"}).find("probability"), std::string::npos);
  EXPECT_NE(message({"Cycler(CXD)"}).find("Cycler"), std::string::npos);
  EXPECT_NE(message({}).find("empty"), std::string::npos);
  EXPECT_NE(message({"TFT", "TitForTat"}).find("twice"), std::string::npos);
  EXPECT_NE(message({"MemoryOne(1, 0)"}).find("arguments"), std::string::npos);
}

TEST(StrategyMatch, NoiseFlipsMovesAtTheConfiguredRate) {
  const StrategySet set = compile_strategies({"Cooperator"}, {}, kAxelrodPayoffs);
  uint64_t cooperations = 0, turns = 0;
  for (uint64_t m = 0; m < 200; ++m) {
    const MatchOutcome o = play_match(set.view(), fixed_turns(1000, 0.1), 0, 0, 7, m, 0);
    cooperations += o.cooperations[0] + o.cooperations[1];
    turns += 2 * o.turns;
  }
  const double rate = 1.0 - double(cooperations) / double(turns);
  EXPECT_NEAR(rate, 0.1, 0.003);  // 4e5 moves: sd of the rate ~ 4.7e-4
}

TEST(StrategyMatch, GeometricLengthsHaveTheRightMean) {
  const StrategySet set = compile_strategies({"Cooperator", "Defector"}, {}, kAxelrodPayoffs);
  MatchRules rules = fixed_turns(0);
  rules.prob_end = probability_threshold(0.05, "prob_end");
  double total = 0;
  uint32_t shortest = 1u << 31;
  const int n = 20000;
  for (uint64_t m = 0; m < n; ++m) {
    const MatchOutcome o = play_match(set.view(), rules, 0, 1, 3, m, 0);
    total += o.turns;
    shortest = std::min(shortest, o.turns);
    ASSERT_EQ(o.score[1], 5 * int64_t(o.turns));
  }
  // Mean 1/q = 20, sd of the mean sqrt((1-q)/q^2 / n) ~ 0.14.
  EXPECT_NEAR(total / n, 20.0, 0.7);
  EXPECT_EQ(shortest, 1u);
}

TEST(StrategyMatch, SameSeedSameMatchDifferentSeedDifferentMatch) {
  const StrategySet set = compile_strategies({"Random(0.5)", "TFT"}, {}, kAxelrodPayoffs);
  const MatchOutcome a = play_match(set.view(), fixed_turns(200, 0.05), 0, 1, 11, 4, 2);
  const MatchOutcome b = play_match(set.view(), fixed_turns(200, 0.05), 0, 1, 11, 4, 2);
  const MatchOutcome c = play_match(set.view(), fixed_turns(200, 0.05), 0, 1, 12, 4, 2);
  EXPECT_EQ(a.score[0], b.score[0]);
  EXPECT_EQ(a.score[1], b.score[1]);
  EXPECT_NE(a.score[0] * 1000 + a.score[1], c.score[0] * 1000 + c.score[1]);
}

}  // namespace
}  // namespace evomarket

namespace evomarket {
namespace {

// Told the horizon of a fixed-length match, Alexei defects on the last turn and BackStabber on
// the last two (even in a match shorter than that); told nothing with geometric lengths, they
// play their rules throughout: Alexei is then Tit For Tat move for move.
TEST(StrategyMatch, StrategiesThatUseTheLengthDefectAtTheEndOnlyWhenTheyKnowIt) {
  expect_scores("Alexei", "Cooperator", 199 * 3 + 5, 199 * 3);
  expect_scores("BackStabber", "Cooperator", 198 * 3 + 2 * 5, 198 * 3);
  expect_scores("DoubleCrosser", "TitForTat", 198 * 3 + 5 + 1, 198 * 3 + 0 + 1);
  EXPECT_EQ(play("BackStabber", "Cooperator", 1).score[0], 5);  // its only turn is a last one
  const StrategySet set =
      compile_strategies({"Alexei", "TitForTat", "Alternator", "Random(0.7)"}, {}, kAxelrodPayoffs);
  MatchRules geometric = fixed_turns(0, 0.05);
  geometric.prob_end = probability_threshold(0.02, "prob_end");
  geometric.max_turns = 1000;
  for (uint32_t opponent : {2u, 3u}) {
    for (uint64_t id = 0; id < 50; ++id) {
      const MatchOutcome alexei = play_match(set.view(), geometric, 0, opponent, 3, id, 0);
      const MatchOutcome tft = play_match(set.view(), geometric, 1, opponent, 3, id, 0);
      EXPECT_EQ(alexei.score[0], tft.score[0]) << opponent << " " << id;
      EXPECT_EQ(alexei.score[1], tft.score[1]) << opponent << " " << id;
      EXPECT_EQ(alexei.turns, tft.turns);
    }
  }
}

}  // namespace
}  // namespace evomarket
