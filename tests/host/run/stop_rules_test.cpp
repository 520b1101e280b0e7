// The stop rules both generation loops share: the wall-clock budget and fixation.
#include "host/run/stop_rules.h"

#include <gtest/gtest.h>

namespace evomarket {
namespace {

StopConfig stop(bool at_fixation, double max_seconds) {
  StopConfig s;
  s.at_fixation = at_fixation;
  s.max_seconds = max_seconds;
  return s;
}

TEST(StopRules, NoBudgetNeverSpendsTime) {
  const StopRules rules(stop(true, 0), 0.0);
  EXPECT_FALSE(rules.time_spent(0));
  EXPECT_FALSE(rules.time_spent(1e9));
}

TEST(StopRules, BudgetIsSpentFromItsLimitOn) {
  const StopRules rules(stop(true, 2.5), 0.0);
  EXPECT_FALSE(rules.time_spent(0));
  EXPECT_FALSE(rules.time_spent(2.4999));
  EXPECT_TRUE(rules.time_spent(2.5));
  EXPECT_TRUE(rules.time_spent(100));
}

TEST(StopRules, FixationWhenOneStrategyHoldsEveryAgent) {
  const StopRules rules(stop(true, 0), 0.0);
  EXPECT_TRUE(rules.fixated({0, 10, 0}, 10));
  EXPECT_TRUE(rules.fixated({10}, 10));
  EXPECT_FALSE(rules.fixated({1, 9, 0}, 10));
  EXPECT_FALSE(rules.fixated({0, 0, 0}, 10));
}

TEST(StopRules, NoFixationStopWithMutationOrWhenTurnedOff) {
  EXPECT_FALSE(StopRules(stop(true, 0), 0.01).fixated({0, 10}, 10));
  EXPECT_FALSE(StopRules(stop(false, 0), 0.0).fixated({0, 10}, 10));
}

TEST(StopRules, ReadsStopAndMutationFromTheConfig) {
  ExperimentConfig c;
  c.stop = stop(true, 3);
  c.dynamics.mutation = 0;
  EXPECT_TRUE(StopRules(c).fixated({4, 0}, 4));
  EXPECT_TRUE(StopRules(c).time_spent(3));
  c.dynamics.mutation = 0.5;
  EXPECT_FALSE(StopRules(c).fixated({4, 0}, 4));
}

}  // namespace
}  // namespace evomarket
