// Net positions of chosen meters (host/profiles/meter_net.h): PV - load in mWh converted as the
// market does, only the chosen meters checked for gaps, net-only stores read as stored.
#include <gtest/gtest.h>

#include <limits>

#include "host/errors.h"
#include "host/profiles/meter_net.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

constexpr uint32_t kSlots = 4;

class MeterNetTest : public evomarket::testing::TempDirTest {
 protected:
  // Three meters over three days: load (m + 1) * 0.25 kWh, PV 0.5 kWh in slots 1 and 2 of each
  // day; meter 2 misses day 1 slot 3.
  std::string make_store(io::ProfileKind kind) {
    const std::string path = file("s.h5");
    io::ProfileMeta meta;
    meta.kind = kind;
    meta.slot_seconds = 86400 / kSlots;
    io::ProfileStoreWriter w = io::ProfileStoreWriter::create(path, meta);
    for (uint64_t m = 0; m < 3; ++m) {
      const uint64_t index = w.meter("m" + std::to_string(m));
      for (uint64_t d = 0; d < 3; ++d) {
        std::vector<float> load(kSlots), pv(kSlots);
        for (uint32_t s = 0; s < kSlots; ++s) {
          load[s] = 0.25f * float(m + 1);
          pv[s] = (s == 1 || s == 2) ? 0.5f : 0.0f;
          if (kind == io::ProfileKind::kNet) load[s] = pv[s] - load[s];
        }
        if (m == 2 && d == 1) load[3] = std::numeric_limits<float>::quiet_NaN();
        w.write_day(index, d, load.data(), pv.data());
      }
    }
    w.finish(io::IngestCounts{});
    return path;
  }
};

TEST_F(MeterNetTest, ReadsTheChosenMetersOverTheChosenDays) {
  for (io::ProfileKind kind : {io::ProfileKind::kLoadAndPv, io::ProfileKind::kNet}) {
    const std::string path = make_store(kind);
    const io::ProfileStore store = io::ProfileStore::open(path);
    const std::vector<int64_t> net = read_meter_net(store, path, {1, 0}, 1, 2);
    ASSERT_EQ(net.size(), 2u * 2 * kSlots);
    // Meter 1 first: load 0.5 kWh, PV 0.5 in slots 1 and 2.
    EXPECT_EQ(net[0], -500000);
    EXPECT_EQ(net[1], 0);
    EXPECT_EQ(net[kSlots + 3], -500000);
    // Meter 0: load 0.25.
    EXPECT_EQ(net[2 * kSlots + 0], -250000);
    EXPECT_EQ(net[2 * kSlots + 2], 250000);
  }
}

TEST_F(MeterNetTest, AGapOfAChosenMeterIsAnErrorAndOneOfAnotherIsNot) {
  const std::string path = make_store(io::ProfileKind::kLoadAndPv);
  const io::ProfileStore store = io::ProfileStore::open(path);
  EXPECT_NO_THROW(read_meter_net(store, path, {0, 1}, 0, 3));
  EXPECT_NO_THROW(read_meter_net(store, path, {2}, 2, 1));
  try {
    read_meter_net(store, path, {0, 2}, 0, 3);
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("meter m2 has no value for day 1 slot 3"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace evomarket
