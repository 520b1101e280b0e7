// The CUDA EnergyAggregator (double-buffered profile batches) against the CPU backend.
#include <gtest/gtest.h>

#include "host/backend/backend.h"
#include "host/profiles/profile_feed.h"
#include "io/profile_store.h"
#include "support/cuda_device.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

class CudaEnergyParity : public evomarket::testing::TempDirTest {};

std::vector<CommunityEnergy> stream(Backend& backend, const ProfileFeed& feed,
                                    const ProfileAgents& agents) {
  auto aggregator = backend.make_energy_aggregator(agents);
  std::vector<CommunityEnergy> out;
  aggregator->submit(feed.read(0));
  for (uint64_t b = 0; b < feed.batches(); ++b) {
    if (b + 1 < feed.batches()) aggregator->submit(feed.read(b + 1));
    out.push_back(aggregator->collect());
  }
  return out;
}

TEST_F(CudaEnergyParity, StreamedCommunityEnergyMatchesTheCpu) {
  SKIP_WITHOUT_CUDA_DEVICE();
  // 20 meters x 9 days of 48 slots with values that differ per meter and slot.
  io::ProfileMeta meta;
  meta.slot_seconds = 1800;
  io::ProfileStoreWriter w = io::ProfileStoreWriter::create(file("p.h5"), meta);
  std::vector<float> load(48), pv(48);
  for (uint64_t m = 0; m < 20; ++m) {
    const uint64_t index = w.meter("m" + std::to_string(m), 4.0);
    for (uint64_t d = 0; d < 9; ++d) {
      for (uint64_t s = 0; s < 48; ++s) {
        load[s] = 0.05f + 0.013f * float((m * 31 + d * 7 + s * 5) % 61);
        pv[s] = (s > 12 && s < 38) ? 0.021f * float((m * 17 + d + s * 3) % 97) : 0.0f;
      }
      w.write_day(index, d, load.data(), pv.data());
    }
  }
  w.finish(io::IngestCounts{});
  ProfileAgents agents;
  agents.rule = AgentProfileRule{3, 20, 1u << 14, 5u << 16, 6};
  agents.agents = 100003;
  agents.community_size = 250;
  const ProfileFeed feed(file("p.h5"), 2, 6);
  auto cpu = make_cpu_backend(2);
  auto gpu = make_cuda_backend();
  const auto expected = stream(*cpu, feed, agents);
  const auto actual = stream(*gpu, feed, agents);
  ASSERT_EQ(expected.size(), actual.size());
  for (size_t b = 0; b < expected.size(); ++b) {
    EXPECT_EQ(actual[b].first_slot, expected[b].first_slot);
    EXPECT_EQ(actual[b].communities, expected[b].communities);
    EXPECT_EQ(actual[b].supply, expected[b].supply) << "batch " << b;
    EXPECT_EQ(actual[b].demand, expected[b].demand) << "batch " << b;
  }
}

}  // namespace
}  // namespace evomarket
