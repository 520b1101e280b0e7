// kernels/update.h's pairwise-comparison evaluator, which the synchronous update step and the
// asynchronous process both call.
#include <gtest/gtest.h>

#include "kernels/update.h"

namespace evomarket {
namespace {

UpdateParams params(UpdateRule rule, const uint64_t* fermi) {
  UpdateParams p{};
  p.rule = rule;
  p.fermi = FermiTableView{fermi, 1, kFitnessOne};
  p.delta_max_q16 = 4 * kFitnessOne;
  return p;
}

TEST(ImitationThreshold, FermiReadsTheTable) {
  const uint64_t table[3] = {100, 200, 400};
  const UpdateParams p = params(UpdateRule::kFermi, table);
  EXPECT_EQ(imitation_threshold(p, 0), 200u);
  EXPECT_EQ(imitation_threshold(p, kFitnessOne / 2), 300u);  // interpolated
  EXPECT_EQ(imitation_threshold(p, -10 * kFitnessOne), 100u);
  EXPECT_EQ(imitation_threshold(p, 10 * kFitnessOne), 400u);
}

TEST(ImitationThreshold, ProportionalToTheGainUpToCertainty) {
  const uint64_t table[3] = {100, 200, 400};
  const UpdateParams p = params(UpdateRule::kProportional, table);
  EXPECT_EQ(imitation_threshold(p, -kFitnessOne), 0u);
  EXPECT_EQ(imitation_threshold(p, 0), 0u);
  EXPECT_EQ(imitation_threshold(p, kFitnessOne), kCertain / 4);
  EXPECT_EQ(imitation_threshold(p, 2 * kFitnessOne), kCertain / 2);
  EXPECT_EQ(imitation_threshold(p, 4 * kFitnessOne), kCertain);
  EXPECT_EQ(imitation_threshold(p, 9 * kFitnessOne), kCertain);
}

}  // namespace
}  // namespace evomarket
