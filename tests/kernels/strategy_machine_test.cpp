// Strategy machines (kernels/strategy_machine.h): Moore-machine moves and transitions by the
// outcome seen from the player's own side, threshold draws, and the majority rules' tallies over
// the whole history or a sliding window of up to 64 turns, and the dispatch to counting rules.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernels/strategy_machine.h"

namespace evomarket {
namespace {

TEST(StrategyMachine, MovesAndOutcomeIndicesFollowTheAxelrodLibrary) {
  EXPECT_EQ(kCooperate, 0u);
  EXPECT_EQ(kDefect, 1u);
  EXPECT_EQ(outcome_index(kCooperate, kCooperate), 0u);
  EXPECT_EQ(outcome_index(kCooperate, kDefect), 1u);
  EXPECT_EQ(outcome_index(kDefect, kCooperate), 2u);
  EXPECT_EQ(outcome_index(kDefect, kDefect), 3u);
}

TEST(StrategyMachine, StartPlayerEntersTheInitialStateWithEmptyTallies) {
  const StrategyInfo info{7, StrategyKind::kMachine, 0, 0, 0};
  const PlayerState p = start_player(info);
  EXPECT_EQ(p.state, 7u);
  EXPECT_EQ(p.tally, 0);
  EXPECT_EQ(p.window, 0u);
  EXPECT_EQ(p.seen, 0u);
}

// A state cooperates when the draw is strictly below its threshold; 0 and 2^32 ignore the draw.
TEST(StrategyMachine, ThresholdsDecideTheMoveStrictlyBelow) {
  const std::vector<MachineState> states{
      {kCertain, {0, 0, 0, 0}}, {0, {1, 1, 1, 1}}, {1000, {2, 2, 2, 2}}};
  const StrategyInfo info{0, StrategyKind::kMachine, 0, 0, 0};
  const PlayerState always{0, 0, 0, 0}, never{1, 0, 0, 0}, sometimes{2, 0, 0, 0};
  EXPECT_EQ(intended_move(info, states.data(), always, 0xFFFFFFFFu), kCooperate);
  EXPECT_EQ(intended_move(info, states.data(), never, 0), kDefect);
  EXPECT_EQ(intended_move(info, states.data(), sometimes, 999), kCooperate);
  EXPECT_EQ(intended_move(info, states.data(), sometimes, 1000), kDefect);
}

// Each of the four outcomes leads to its own successor, indexed from the player's side.
TEST(StrategyMachine, TransitionsAreIndexedByOwnMoveThenOpponentMove) {
  const std::vector<MachineState> states{
      {kCertain, {1, 2, 3, 4}}, {0, {}}, {0, {}}, {0, {}}, {0, {}}};
  const StrategyInfo info{0, StrategyKind::kMachine, 0, 0, 0};
  const uint32_t expected[2][2] = {{1, 2}, {3, 4}};
  for (uint32_t own : {kCooperate, kDefect}) {
    for (uint32_t opponent : {kCooperate, kDefect}) {
      PlayerState p = start_player(info);
      observe_turn(info, states.data(), p, own, opponent);
      EXPECT_EQ(p.state, expected[own][opponent]) << own << opponent;
    }
  }
}

// Win-stay lose-shift against C, D, C, D: R (stay C), S (shift to D), T (stay D), P (shift to C).
TEST(StrategyMachine, WinStayLoseShiftTrace) {
  const std::vector<MachineState> states{{kCertain, {0, 1, 1, 0}}, {0, {0, 1, 1, 0}}};
  const StrategyInfo info{0, StrategyKind::kMachine, 0, 0, 0};
  PlayerState p = start_player(info);
  const uint32_t opponent[] = {kCooperate, kDefect, kCooperate, kDefect, kCooperate};
  const uint32_t moves[] = {kCooperate, kCooperate, kDefect, kDefect, kCooperate};
  for (int t = 0; t < 5; ++t) {
    const uint32_t move = intended_move(info, states.data(), p, 0);
    EXPECT_EQ(move, moves[t]) << "turn " << t;
    observe_turn(info, states.data(), p, move, opponent[t]);
  }
}

StrategyInfo majority(uint32_t memory, bool soft) {
  return StrategyInfo{0, StrategyKind::kMajority, memory, soft ? 1u : 0u, 0};
}

TEST(MajorityRule, TiesFollowTheSoftFlagIncludingTheFirstMove) {
  for (bool soft : {true, false}) {
    const StrategyInfo info = majority(0, soft);
    PlayerState p = start_player(info);
    const uint32_t tie = soft ? kCooperate : kDefect;
    EXPECT_EQ(intended_move(info, nullptr, p, 0), tie);
    observe_turn(info, nullptr, p, kCooperate, kCooperate);
    EXPECT_EQ(intended_move(info, nullptr, p, 0), kCooperate);
    observe_turn(info, nullptr, p, kCooperate, kDefect);
    EXPECT_EQ(p.tally, 0);
    EXPECT_EQ(intended_move(info, nullptr, p, 0), tie);
    observe_turn(info, nullptr, p, kCooperate, kDefect);
    EXPECT_EQ(intended_move(info, nullptr, p, 0), kDefect);
  }
}

// The tally counts only the opponent's moves; its own moves make no difference.
TEST(MajorityRule, IgnoresItsOwnMoves) {
  const StrategyInfo info = majority(3, true);
  PlayerState a = start_player(info), b = start_player(info);
  const uint32_t opponent[] = {kDefect, kCooperate, kDefect, kDefect, kCooperate};
  for (uint32_t move : opponent) {
    observe_turn(info, nullptr, a, kCooperate, move);
    observe_turn(info, nullptr, b, kDefect, move);
    EXPECT_EQ(a.tally, b.tally);
    EXPECT_EQ(a.window, b.window);
  }
}

// Window of 3 over C C C D D D C C: tallies 1 2 3 1 -1 -3 -1 1, defections newest in bit 0.
TEST(MajorityRule, WindowOfThreeForgetsTheOldestMove) {
  const StrategyInfo info = majority(3, true);
  PlayerState p = start_player(info);
  const uint32_t opponent[] = {kCooperate, kCooperate, kCooperate, kDefect,
                               kDefect,    kDefect,    kCooperate, kCooperate};
  const int32_t tally[] = {1, 2, 3, 1, -1, -3, -1, 1};
  const uint64_t window[] = {0, 0, 0, 1, 3, 7, 6, 4};
  const uint32_t seen[] = {1, 2, 3, 3, 3, 3, 3, 3};
  for (int t = 0; t < 8; ++t) {
    observe_turn(info, nullptr, p, kCooperate, opponent[t]);
    EXPECT_EQ(p.tally, tally[t]) << "turn " << t;
    EXPECT_EQ(p.window, window[t]) << "turn " << t;
    EXPECT_EQ(p.seen, seen[t]) << "turn " << t;
  }
}

// A window of one turn is tit for tat with a cooperative first move.
TEST(MajorityRule, WindowOfOneIsTitForTat) {
  const StrategyInfo info = majority(1, true);
  PlayerState p = start_player(info);
  EXPECT_EQ(intended_move(info, nullptr, p, 0), kCooperate);
  const uint32_t opponent[] = {kDefect, kDefect, kCooperate, kDefect, kCooperate, kCooperate};
  for (uint32_t move : opponent) {
    observe_turn(info, nullptr, p, kCooperate, move);
    EXPECT_EQ(intended_move(info, nullptr, p, 0), move);
  }
}

// The 64-turn window uses every bit of the word: the 65th move pushes out the first.
TEST(MajorityRule, WindowOfSixtyFourUsesTheWholeWord) {
  const StrategyInfo info = majority(64, true);
  PlayerState p = start_player(info);
  for (int t = 0; t < 64; ++t) observe_turn(info, nullptr, p, kCooperate, kDefect);
  EXPECT_EQ(p.tally, -64);
  EXPECT_EQ(p.window, ~uint64_t{0});
  EXPECT_EQ(p.seen, 64u);
  observe_turn(info, nullptr, p, kCooperate, kCooperate);
  EXPECT_EQ(p.tally, -62);
  EXPECT_EQ(p.window, ~uint64_t{1});
  for (int t = 0; t < 63; ++t) observe_turn(info, nullptr, p, kCooperate, kCooperate);
  EXPECT_EQ(p.tally, 64);
  EXPECT_EQ(p.window, 0u);
}

// A counting strategy decides from its registers without changing them in intended_move, and
// observe_turn records the opponent's move as played; its own (possibly noise-flipped) move
// changes nothing.
TEST(CountingKind, PlaysTheRuleThroughTheMachineInterface) {
  StrategyInfo info{0, StrategyKind::kCounting, 0, 0, 0, CountingRule::kGradual};
  PlayerState p = start_player(info), flipped = start_player(info);
  const uint32_t opponent[] = {kDefect,    kDefect,    kCooperate, kCooperate, kDefect,
                               kCooperate, kCooperate, kCooperate, kCooperate, kCooperate};
  const char expected[] = "CDCCCDDDCC";  // tests/kernels/counting_rules_test.cpp
  for (int t = 0; t < 10; ++t) {
    const uint32_t move = intended_move(info, nullptr, p, 0);
    EXPECT_EQ(move, intended_move(info, nullptr, p, 0xFFFFFFFFu)) << "turn " << t;
    EXPECT_EQ(move == kCooperate ? 'C' : 'D', expected[t]) << "turn " << t;
    EXPECT_EQ(intended_move(info, nullptr, flipped, 0), move) << "turn " << t;
    observe_turn(info, nullptr, p, move, opponent[t]);
    observe_turn(info, nullptr, flipped, 1u - move, opponent[t]);
  }
}

TEST(CountingKind, StartPlayerSetsTheRulesInitialRegisters) {
  const StrategyInfo info{0, StrategyKind::kCounting, 0, 0, 0, CountingRule::kPunisher};
  const PlayerState p = start_player(info);
  EXPECT_EQ(p.counting.count, 1u);
  EXPECT_EQ(p.counting.limit, 1u);
  EXPECT_EQ(p.counting.turns, 0u);
}

}  // namespace
}  // namespace evomarket
