// Profile batches for agents: day batches with halos, the kWh -> mWh conversion, community
// supply and demand streamed batch by batch, identical for any batch size and thread count.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <utility>

#include "host/backend/backend.h"
#include "host/errors.h"
#include "host/profiles/profile_feed.h"
#include "io/profile_store.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

constexpr uint32_t kSlots = 48;

// A deterministic value for (meter, absolute slot): load and PV in kWh.
float load_at(uint64_t m, uint64_t s) {
  return 0.1f + 0.01f * float((m * 7 + s * 3) % 50);
}
float pv_at(uint64_t m, uint64_t s) {
  const uint64_t t = s % kSlots;
  return (t > 12 && t < 36) ? 0.05f * float((m + 1) * (t - 12) % 40) : 0.0f;
}

class ProfileFeedTest : public evomarket::testing::TempDirTest {
 protected:
  std::string make_store(uint64_t meters, uint64_t days, bool hole = false) {
    const std::string path = file("profiles.h5");
    io::ProfileMeta meta;
    meta.slot_seconds = 86400 / kSlots;
    meta.source = "test";
    io::ProfileStoreWriter w = io::ProfileStoreWriter::create(path, meta);
    std::vector<float> load(kSlots), pv(kSlots);
    for (uint64_t m = 0; m < meters; ++m) {
      const uint64_t index = w.meter("m" + std::to_string(m), 5.0);
      for (uint64_t d = 0; d < days; ++d) {
        for (uint32_t s = 0; s < kSlots; ++s) {
          load[s] = load_at(m, d * kSlots + s);
          pv[s] = pv_at(m, d * kSlots + s);
        }
        if (hole && m == 1 && d == 2) load[5] = std::numeric_limits<float>::quiet_NaN();
        w.write_day(index, d, load.data(), pv.data());
      }
    }
    w.finish(io::IngestCounts{});
    return path;
  }
};

TEST_F(ProfileFeedTest, BatchesWithHaloCoverTheStoreInMilliwattHours) {
  const std::string path = make_store(3, 5);
  const ProfileFeed feed(path, 2, 7);
  ASSERT_EQ(feed.batches(), 3u);
  EXPECT_EQ(feed.total_slots(), 5u * kSlots);
  for (uint64_t b = 0; b < feed.batches(); ++b) {
    const EnergyBatch batch = feed.read(b);
    EXPECT_EQ(batch.first_slot, b * 2 * kSlots);
    EXPECT_EQ(batch.slots, (b < 2 ? 2u : 1u) * kSlots);
    EXPECT_EQ(batch.stored_first, b == 0 ? 0u : batch.first_slot - 7);
    EXPECT_EQ(batch.stored_first + batch.stored_slots,
              std::min<uint64_t>(5 * kSlots, batch.first_slot + batch.slots + 7));
    for (uint64_t m = 0; m < 3; ++m) {
      for (uint64_t s = 0; s < batch.stored_slots; ++s) {
        const uint64_t slot = batch.stored_first + s;
        ASSERT_EQ(batch.load[m * batch.stored_slots + s], kwh_to_mwh(load_at(m, slot)));
        ASSERT_EQ(batch.pv[m * batch.stored_slots + s], kwh_to_mwh(pv_at(m, slot)));
      }
    }
  }
  EXPECT_EQ(kwh_to_mwh(1.5f), 1500000);
  EXPECT_EQ(kwh_to_mwh(0.001f), 1000);
}

TEST_F(ProfileFeedTest, MissingValuesAreNamedByMeterAndDay) {
  const std::string path = make_store(3, 4, true);
  const ProfileFeed feed(path, 1, 0);
  EXPECT_NO_THROW(feed.read(0));
  try {
    feed.read(2);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("meter m1 has no value for day 2 slot 5"),
              std::string::npos)
        << e.what();
  }
}

// A store written by another tool may hold inf or absurd values: each is named by dataset,
// meter, day and slot before any conversion to mWh (which used to overflow: 1e30 kWh became a
// load of -1.1e10 kWh in a complete run).
TEST_F(ProfileFeedTest, ValuesOutsideTheBoundAreNamedByDatasetMeterAndSlot) {
  const float inf = std::numeric_limits<float>::infinity();
  const float bound = static_cast<float>(kMaxSlotKwh);
  for (const auto& [value, pv] :
       {std::pair{inf, true}, std::pair{-inf, false}, std::pair{1e30f, false},
        std::pair{std::nextafter(bound, inf), true},
        std::pair{-std::nextafter(bound, inf), true}}) {
    const std::string path = file("bad.h5");
    std::filesystem::remove(path);
    {
      io::ProfileMeta meta;
      meta.slot_seconds = 86400 / kSlots;
      io::ProfileStoreWriter w = io::ProfileStoreWriter::create(path, meta);
      std::vector<float> load(kSlots, 0.5f), other(kSlots, 0.25f);
      w.meter("m0");
      w.meter("m1");
      w.write_day(0, 0, load.data(), other.data());
      (pv ? other : load)[7] = value;
      w.write_day(1, 0, load.data(), other.data());
      w.finish(io::IngestCounts{});
    }
    const ProfileFeed feed(path, 1, 0);
    try {
      feed.read(0);
      FAIL() << "expected ConfigError for " << value;
    } catch (const ConfigError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find(pv ? "/profiles/pv" : "/profiles/load"), std::string::npos) << what;
      EXPECT_NE(what.find("meter m1"), std::string::npos) << what;
      EXPECT_NE(what.find("day 0 slot 7"), std::string::npos) << what;
    }
  }
  // The bound itself is accepted and converts exactly.
  EXPECT_EQ(kwh_to_mwh(bound), kMaxSlotMwh);
  EXPECT_EQ(kwh_to_mwh(-bound), -kMaxSlotMwh);
}

TEST(KwhToMwh, SaturatesAtTheBoundInsteadOfOverflowing) {
  EXPECT_EQ(kwh_to_mwh(1e30f), kMaxSlotMwh);
  EXPECT_EQ(kwh_to_mwh(-std::numeric_limits<float>::infinity()), -kMaxSlotMwh);
  EXPECT_EQ(kwh_to_mwh(std::numeric_limits<float>::quiet_NaN()), 0);
  EXPECT_EQ(kwh_to_mwh(0.5f), 500000);
}

// Community supply and demand over the whole store, streamed in batches of `days` days.
std::vector<CommunityEnergy> aggregate(Backend& backend, const std::string& path, uint32_t days,
                                       const ProfileAgents& agents) {
  const ProfileFeed feed(path, days, agents.rule.max_shift_slots);
  auto aggregator = backend.make_energy_aggregator(agents);
  std::vector<CommunityEnergy> out;
  aggregator->submit(feed.read(0));
  for (uint64_t b = 0; b < feed.batches(); ++b) {
    if (b + 1 < feed.batches()) aggregator->submit(feed.read(b + 1));  // overlap the next batch
    out.push_back(aggregator->collect());
  }
  return out;
}

// Per-community, per-slot values of all batches concatenated.
std::vector<int64_t> flatten(const std::vector<CommunityEnergy>& parts, bool supply) {
  const uint64_t communities = parts.front().communities;
  uint64_t total = 0;
  for (const auto& p : parts) total += p.slots;
  std::vector<int64_t> out(communities * total);
  for (const auto& p : parts) {
    for (uint64_t c = 0; c < communities; ++c) {
      for (uint64_t s = 0; s < p.slots; ++s) {
        out[c * total + p.first_slot + s] = (supply ? p.supply : p.demand)[c * p.slots + s];
      }
    }
  }
  return out;
}

TEST_F(ProfileFeedTest, CommunityEnergyIsIndependentOfBatchSizeAndThreads) {
  const std::string path = make_store(4, 6);
  ProfileAgents agents;
  agents.rule = AgentProfileRule{77, 4, 1u << 15, 3u << 16, 5};  // scale 0.5 .. 3, shift +-5
  agents.agents = 1003;
  agents.community_size = 100;
  auto one = make_cpu_backend(1);
  auto two = make_cpu_backend(2);
  const auto whole = aggregate(*two, path, 6, agents);
  ASSERT_EQ(whole.size(), 1u);
  EXPECT_EQ(whole[0].communities, 11u);
  for (uint32_t days : {1u, 2u, 4u}) {
    SCOPED_TRACE(days);
    const auto batched = aggregate(*one, path, days, agents);
    EXPECT_EQ(flatten(batched, true), flatten(whole, true));
    EXPECT_EQ(flatten(batched, false), flatten(whole, false));
  }
}

TEST_F(ProfileFeedTest, CommunityEnergyMatchesAgentByAgentSums) {
  const std::string path = make_store(3, 2);
  ProfileAgents agents;
  agents.rule = AgentProfileRule{5, 3, 1u << 16, 1u << 16, 2};  // scale exactly 1, shift +-2
  agents.agents = 40;
  agents.community_size = 16;  // communities of 16, 16 and 8
  auto backend = make_cpu_backend(2);
  const CommunityEnergy e = aggregate(*backend, path, 2, agents)[0];
  const uint64_t total = 2 * kSlots;
  for (uint64_t c = 0; c < 3; ++c) {
    for (uint64_t slot = 0; slot < total; ++slot) {
      int64_t supply = 0, demand = 0;
      for (uint64_t agent = c * 16; agent < std::min<uint64_t>(40, (c + 1) * 16); ++agent) {
        const AgentProfile a = agent_profile(agents.rule, agent);
        ASSERT_EQ(a.scale_q16, 1u << 16);
        ASSERT_LE(std::abs(a.shift_slots), 2);
        int64_t source = int64_t(slot) - a.shift_slots;
        source = std::max<int64_t>(0, std::min<int64_t>(int64_t(total) - 1, source));
        const int64_t net =
            kwh_to_mwh(pv_at(a.profile, source)) - kwh_to_mwh(load_at(a.profile, source));
        (net > 0 ? supply : demand) += net > 0 ? net : -net;
      }
      EXPECT_EQ(e.supply[c * total + slot], supply) << "community " << c << " slot " << slot;
      EXPECT_EQ(e.demand[c * total + slot], demand) << "community " << c << " slot " << slot;
    }
  }
}

}  // namespace
}  // namespace evomarket
