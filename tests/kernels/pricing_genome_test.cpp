// Evolving prices (kernels/pricing_genome.h): mutation steps stay within their bound and clamp
// to [0, 1], initial genomes are uniform or fixed, and the update copies the genome of the agent
// updated_source() names.
#include "kernels/pricing_genome.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace evomarket {
namespace {

TEST(PricingGenome, StepsStayWithinTheirBoundAndReachBothEnds) {
  std::mt19937 rng(5);
  const uint32_t step = 50000;
  int64_t lowest = 0, highest = 0, sum = 0;
  const int draws = 200000;
  for (int i = 0; i < draws; ++i) {
    const int64_t move =
        int64_t(stepped_markup(500000, step, uint32_t(rng()), uint32_t(rng()))) - 500000;
    ASSERT_LE(move, int64_t{step});
    ASSERT_GE(move, -int64_t{step});
    lowest = std::min(lowest, move);
    highest = std::max(highest, move);
    sum += move;
  }
  EXPECT_LT(lowest, -int64_t{step} * 99 / 100);
  EXPECT_GT(highest, int64_t{step} * 99 / 100);
  // Mean 0 within 4 standard errors (s.d. of a uniform step: step / sqrt(3)).
  EXPECT_LT(std::abs(double(sum) / draws), 4 * step / 1.7320508 / std::sqrt(double(draws)));
}

TEST(PricingGenome, StepsClampToZeroAndOne) {
  EXPECT_EQ(stepped_markup(0, 50000, 0, 0), 0u);  // the lowest draw moves by -step
  EXPECT_EQ(stepped_markup(kMarkupOne, 50000, 0xFFFFFFFFu, 0xFFFFFFFFu), kMarkupOne);
  EXPECT_EQ(stepped_markup(10, 50000, 0, 0), 0u);
  EXPECT_EQ(stepped_markup(123, 0, 0xFFFFFFFFu, 7), 123u);  // step 0: unchanged
}

TEST(PricingGenome, InitialGenomesAreUniformOrFixed) {
  const uint32_t fixed[2] = {250000, 750000};
  uint32_t g[2];
  initial_genome(false, fixed, 9, 3, g);
  EXPECT_EQ(g[0], 250000u);
  EXPECT_EQ(g[1], 750000u);
  double mean[2] = {0, 0};
  const int n = 20000;
  for (int a = 0; a < n; ++a) {
    initial_genome(true, fixed, 9, uint64_t(a), g);
    ASSERT_LE(g[0], kMarkupOne);
    ASSERT_LE(g[1], kMarkupOne);
    mean[0] += g[0];
    mean[1] += g[1];
  }
  for (double m : mean) EXPECT_NEAR(m / n / kMarkupOne, 0.5, 4 * 0.2887 / std::sqrt(double(n)));
}

// Three agents in one community; agent 2 is the fittest. Under imitate-best everyone copies its
// genome; without mutation nothing else changes, and with rule kNone everyone keeps its own.
TEST(PricingGenome, TheUpdateCopiesTheSourcesGenome) {
  const PopulationLayout layout{3, PartnerMode::kCommunity, 0, 3, 0, 0, nullptr, nullptr, 0};
  const std::vector<uint64_t> packed = {pack_fitness(0, 10), pack_fitness(0, 20),
                                        pack_fitness(0, 30)};
  const AgentsView agents{packed.data()};
  const std::vector<uint32_t> genome = {100, 200, 300, 400, 500, 600};
  UpdateParams p{};
  p.rule = UpdateRule::kImitateBest;
  p.revise = Probability{kCertain};
  p.strategies = 1;
  const GenomeParams g{Probability{0}, 50000};
  for (uint64_t a = 0; a < 3; ++a) {
    EXPECT_EQ(updated_source(layout, agents, p, 1, a, 0), 2u);
    uint32_t out[2];
    next_genome(layout, agents, p, g, 1, a, 0, genome.data(), out);
    EXPECT_EQ(out[0], 500u);
    EXPECT_EQ(out[1], 600u);
  }
  p.rule = UpdateRule::kNone;
  uint32_t out[2];
  next_genome(layout, agents, p, g, 1, 1, 0, genome.data(), out);
  EXPECT_EQ(out[0], 300u);
  EXPECT_EQ(out[1], 400u);
  // Certain mutation moves both coordinates by at most the step.
  const GenomeParams always{Probability{kCertain}, 50};
  next_genome(layout, agents, p, always, 1, 1, 0, genome.data(), out);
  EXPECT_LE(std::abs(int64_t(out[0]) - 300), 50);
  EXPECT_LE(std::abs(int64_t(out[1]) - 400), 50);
}

}  // namespace
}  // namespace evomarket
