// Replicates of two ensembles that must be the same bit for bit: every generation's totals, the
// stop reason and the seed (threads, batches, backends and resumed runs change none of them).
#pragma once

#include <gtest/gtest.h>

#include <cstddef>

#include "host/run/ensemble.h"

namespace evomarket::testing {

inline void expect_same_replicate(const ReplicateOutcome& a, const ReplicateOutcome& b, size_t r) {
  ASSERT_EQ(a.generations.size(), b.generations.size()) << "replicate " << r;
  EXPECT_EQ(a.stop_reason, b.stop_reason) << "replicate " << r;
  EXPECT_EQ(a.seed, b.seed) << "replicate " << r;
  for (size_t g = 0; g < a.generations.size(); ++g) {
    const StrategyTotals& x = a.generations[g];
    const StrategyTotals& y = b.generations[g];
    EXPECT_EQ(x.agents, y.agents) << "replicate " << r << ", generation " << g;
    EXPECT_EQ(x.payoff, y.payoff) << "replicate " << r << ", generation " << g;
    EXPECT_EQ(x.turns, y.turns) << "replicate " << r << ", generation " << g;
    EXPECT_EQ(x.cooperations, y.cooperations) << "replicate " << r << ", generation " << g;
    EXPECT_EQ(x.matches, y.matches) << "replicate " << r << ", generation " << g;
  }
}

// Every replicate, the rounds played and whether the ensemble was interrupted.
inline void expect_same_ensemble(const EnsembleRun& a, const EnsembleRun& b) {
  ASSERT_EQ(a.replicates.size(), b.replicates.size());
  for (size_t r = 0; r < a.replicates.size(); ++r) {
    expect_same_replicate(a.replicates[r], b.replicates[r], r);
  }
  EXPECT_EQ(a.agent_turns, b.agent_turns);
  EXPECT_EQ(a.interrupted, b.interrupted);
}

}  // namespace evomarket::testing
