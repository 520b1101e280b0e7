// Agents driven by profiles (kernels/profile.h): the per-agent profile, scale and shift draws,
// where a shifted slot lies in a batch, and the one rounding of scaled energy.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/profile.h"

namespace evomarket {
namespace {

TEST(AgentProfileRule, DrawsStayInRangeAndCoverThem) {
  const AgentProfileRule rule{9, 300, 1u << 15, 2u << 16, 4};
  std::vector<int> profiles(300, 0), shifts(9, 0);
  for (uint64_t agent = 0; agent < 30000; ++agent) {
    const AgentProfile a = agent_profile(rule, agent);
    ASSERT_LT(a.profile, 300u);
    ASSERT_GE(a.scale_q16, 1u << 15);
    ASSERT_LE(a.scale_q16, 2u << 16);
    ASSERT_GE(a.shift_slots, -4);
    ASSERT_LE(a.shift_slots, 4);
    ++profiles[a.profile];
    ++shifts[a.shift_slots + 4];
  }
  for (int n : profiles) EXPECT_GT(n, 40);
  for (int n : shifts) EXPECT_NEAR(n, 30000 / 9, 300);
}

}  // namespace
}  // namespace evomarket
