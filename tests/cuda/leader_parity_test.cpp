// Leader pricing's followers on the GPU against the CPU backend: every sum of every query, and
// the whole search, bit for bit (skips without a CUDA device).
#include <gtest/gtest.h>

#include "host/backend/backend.h"
#include "host/theory/leader_pricing.h"
#include "support/cuda_device.h"

namespace evomarket {
namespace {

// 30 profiles over two days of 48 slots, with a halo for time shifts.
EnergyBatch two_days() {
  EnergyBatch b;
  b.first_slot = 48;
  b.slots = 48;
  b.stored_first = 44;
  b.stored_slots = 52;
  b.total_slots = 96;
  b.profiles = 30;
  b.load.resize(b.profiles * b.stored_slots);
  b.pv.resize(b.profiles * b.stored_slots);
  for (uint64_t m = 0; m < b.profiles; ++m) {
    for (uint64_t s = 0; s < b.stored_slots; ++s) {
      b.load[m * b.stored_slots + s] = 50000 + int64_t((m * 31 + s * 5) % 61) * 13000;
      const uint64_t slot = (b.stored_first + s) % 48;
      b.pv[m * b.stored_slots + s] =
          slot > 12 && slot < 38 && m % 4 != 0 ? int64_t((m * 17 + s * 3) % 97) * 21000 : 0;
    }
  }
  return b;
}

FollowerSetup sampled_followers(uint64_t followers) {
  FollowerSetup s;
  s.rule.followers = followers;
  s.rule.sampled = 1;
  s.rule.seed = 11;
  s.rule.profiles = AgentProfileRule{11, 30, 1u << 14, 5u << 16, 4};
  s.rule.battery_threshold = uint64_t{3} << 30;
  s.classes = {FollowerClass{200000, 300000}, FollowerClass{500000, 700000},
               FollowerClass{1500000, 1000000}, FollowerClass{3000000, 2500000}};
  s.profile_pv.resize(30);
  for (uint64_t m = 0; m < 30; ++m) s.profile_pv[m] = m % 4 != 0;
  return s;
}

TEST(CudaLeaderParity, FollowerSumsAndTheSearchMatchTheCpu) {
  SKIP_WITHOUT_CUDA_DEVICE();
  // Every follower sum is a warp reduction, which the host emulation runs fiber by fiber.
  const FollowerSetup setup = sampled_followers(kEmulatedCudaDevice ? 601 : 200003);
  const EnergyBatch batch = two_days();
  auto cpu_backend = make_cpu_backend(2);
  auto gpu_backend = make_cuda_backend();
  auto cpu = cpu_backend->make_follower_evaluator(setup);
  auto gpu = gpu_backend->make_follower_evaluator(setup);
  cpu->load(batch);
  gpu->load(batch);
  std::vector<int64_t> retail(48, 300000), feed_in(48, 80000);
  for (int s = 34; s < 42; ++s) retail[s] = 450000;
  for (bool settle : {false, true}) {
    const uint32_t k = settle ? 2 : 33;
    std::vector<int64_t> prices(48 * k);
    for (size_t s = 0; s < 48; ++s) {
      for (uint32_t j = 0; j < k; ++j) {
        prices[s * k + j] = feed_in[s] + (retail[s] - feed_in[s]) * (j * 7 % k) / (k - 1);
      }
    }
    const FollowerQuery q =
        theory::follower_query(setup.classes, retail, feed_in, prices, k, settle);
    EXPECT_EQ(gpu->evaluate(q), cpu->evaluate(q)) << (settle ? "settle" : "demand");
  }
  const auto expected =
      theory::search_leader_prices(*cpu, setup.classes, retail, feed_in, theory::LeaderSearch{});
  const auto actual =
      theory::search_leader_prices(*gpu, setup.classes, retail, feed_in, theory::LeaderSearch{});
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t s = 0; s < expected.size(); ++s) {
    EXPECT_EQ(actual[s].price, expected[s].price) << "slot " << s;
    EXPECT_EQ(actual[s].bought, expected[s].bought) << "slot " << s;
    EXPECT_EQ(actual[s].sold, expected[s].sold) << "slot " << s;
    EXPECT_EQ(actual[s].shift, expected[s].shift) << "slot " << s;
    EXPECT_EQ(actual[s].loss, expected[s].loss) << "slot " << s;
    EXPECT_EQ(actual[s].base_bought, expected[s].base_bought) << "slot " << s;
  }
}

}  // namespace
}  // namespace evomarket
