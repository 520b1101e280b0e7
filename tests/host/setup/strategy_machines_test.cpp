// Building blocks of the strategy compiler (host/setup/strategy_machines.h): reactive and
// memory-one machines, counting placeholders, and the enumeration of history summaries.
#include <gtest/gtest.h>

#include <stdexcept>

#include "host/setup/strategy_machines.h"

namespace evomarket {
namespace {

// The move of a local machine's state, and its successor after an outcome.
uint32_t move_of(const LocalMachine& m, uint32_t s) {
  return m.coop_threshold.at(s) == kCertain ? kCooperate : kDefect;
}

TEST(StrategyMachines, ReactiveMachinesAnswerTheOpponentsLastMove) {
  const LocalMachine bully = reactive(kDefect, kDefect, kCooperate);
  EXPECT_EQ(move_of(bully, bully.initial), static_cast<uint32_t>(kDefect));
  for (uint32_t s = 0; s < bully.next.size(); ++s) {
    for (uint32_t own : {kCooperate, kDefect}) {
      EXPECT_EQ(move_of(bully, bully.next[s][outcome_index(own, kCooperate)]),
                static_cast<uint32_t>(kDefect));
      EXPECT_EQ(move_of(bully, bully.next[s][outcome_index(own, kDefect)]),
                static_cast<uint32_t>(kCooperate));
    }
  }
}

TEST(StrategyMachines, CountingMachinesCarryTheirRule) {
  const LocalMachine m = counting(CountingRule::kForgiver);
  EXPECT_EQ(m.kind, StrategyKind::kCounting);
  EXPECT_EQ(m.counting_rule, CountingRule::kForgiver);
  EXPECT_EQ(m.coop_threshold.size(), 1u);
}

// Hard Tit For Tat over the opponent's last three moves: one state per 3-bit window.
TEST(StrategyMachines, EnumerationMakesOneStatePerReachableSummary) {
  const LocalMachine m = enumerate_machine(
      {0, 3, 0}, [](Recall& r) { return r.opponent != 0 ? kDefect : kCooperate; }, "test");
  EXPECT_EQ(m.coop_threshold.size(), 8u);
  EXPECT_EQ(move_of(m, m.initial), static_cast<uint32_t>(kCooperate));
  // D, then three Cs: D for three turns after the D, then C.
  uint32_t s = m.next[m.initial][outcome_index(kCooperate, kDefect)];
  for (int t = 0; t < 3; ++t) {
    EXPECT_EQ(move_of(m, s), static_cast<uint32_t>(kDefect)) << t;
    s = m.next[s][outcome_index(kDefect, kCooperate)];
  }
  EXPECT_EQ(move_of(m, s), static_cast<uint32_t>(kCooperate));
}

// The decision's own updates (here a counter of its defections) happen once per turn, whatever
// the outcome; the turn counter stops at its cap.
TEST(StrategyMachines, EnumerationAppliesTheDecisionsUpdatesEveryTurn) {
  // Defects on its first two turns (count < 2), then cooperates forever.
  const LocalMachine m = enumerate_machine(
      {0, 0, 0},
      [](Recall& r) {
        if (r.count >= 2) return kCooperate;
        ++r.count;
        return kDefect;
      },
      "test");
  EXPECT_EQ(m.coop_threshold.size(), 3u);
  uint32_t s = m.initial;
  const uint32_t want[] = {kDefect, kDefect, kCooperate, kCooperate};
  for (uint32_t w : want) {
    EXPECT_EQ(move_of(m, s), w);
    s = m.next[s][outcome_index(kDefect, kDefect)];
  }
}

TEST(StrategyMachines, AnUnboundedSummaryIsALogicError) {
  EXPECT_THROW(enumerate_machine(
                   {0, 0, 0},
                   [](Recall& r) {
                     ++r.count;
                     return kCooperate;
                   },
                   "Unbounded", 100),
               std::logic_error);
}

}  // namespace
}  // namespace evomarket
