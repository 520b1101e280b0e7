// The gap policies of `evomarket ingest` (host/profiles/gap_policy.h): how the day assembler
// writes, fills, skips or rejects meter-days with missing slots, whole missing days and
// duplicate values.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "host/errors.h"
#include "host/profiles/gap_policy.h"
#include "io/profile_store.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

constexpr uint32_t kSlots = 4;  // slots per day: 6-hour slots

class GapPolicyTest : public testing::TempDirTest {
 protected:
  // One meter: day 0 complete, day 1 missing slot 2, no row on day 2, day 3 complete.
  io::IngestCounts assemble(GapPolicy policy) {
    io::ProfileMeta meta;
    meta.slot_seconds = 86400 / kSlots;
    io::ProfileStoreWriter writer = io::ProfileStoreWriter::create(file("s.h5"), meta);
    io::IngestCounts counts;
    DayAssembler days(writer, policy, true, kSlots, counts);
    MeterState& m = days.meter("m1");
    for (int64_t slot = 0; slot < 4 * kSlots; ++slot) {
      if (slot / kSlots == 2 || slot == kSlots + 2) continue;
      days.set(m, slot, 1.0f, 2.0f, "f.csv:" + std::to_string(slot + 2));
    }
    days.flush_all("end of f.csv");
    EXPECT_EQ(days.meters(), 1u);
    writer.finish(counts);
    return counts;
  }
  std::vector<float> load_of_day(uint64_t day) {
    const io::DayBatch b = io::ProfileStore::open(file("s.h5")).read_days(day, 1);
    return b.load;
  }
};

TEST_F(GapPolicyTest, ParsesThePolicyNames) {
  EXPECT_EQ(parse_gap_policy("skip"), GapPolicy::kSkip);
  EXPECT_EQ(parse_gap_policy("fill"), GapPolicy::kFill);
  EXPECT_EQ(parse_gap_policy("strict"), GapPolicy::kStrict);
  EXPECT_THROW(parse_gap_policy("Skip"), ConfigError);
}

TEST_F(GapPolicyTest, SkipLeavesIncompleteAndAbsentDaysOut) {
  const io::IngestCounts c = assemble(GapPolicy::kSkip);
  EXPECT_EQ(c.meter_days, 2u);
  EXPECT_EQ(c.skipped_meter_days, 2u);  // day 1 incomplete, day 2 absent
  EXPECT_EQ(c.filled_slots, 0u);
  EXPECT_TRUE(std::isnan(load_of_day(1)[0]));
  EXPECT_EQ(load_of_day(3), (std::vector<float>{1, 1, 1, 1}));
}

TEST_F(GapPolicyTest, FillWritesCountedZeros) {
  const io::IngestCounts c = assemble(GapPolicy::kFill);
  EXPECT_EQ(c.meter_days, 4u);
  EXPECT_EQ(c.skipped_meter_days, 0u);
  EXPECT_EQ(c.filled_slots, 2u + 2 * kSlots);  // slot 2 of day 1 (two channels), day 2
  EXPECT_EQ(load_of_day(1), (std::vector<float>{1, 1, 0, 1}));
  EXPECT_EQ(load_of_day(2), (std::vector<float>{0, 0, 0, 0}));
}

TEST_F(GapPolicyTest, StrictRejectsTheFirstGapNamingTheLine) {
  try {
    assemble(GapPolicy::kStrict);
    ADD_FAILURE() << "strict accepted a missing slot";
  } catch (const ConfigError& e) {
    // Day 1 (slot 2 of both channels missing) is closed by the first row of day 3 (line 14).
    EXPECT_NE(std::string(e.what()).find("f.csv:14: meter m1 day 1: 2 slot value(s) missing"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(GapPolicyTest, DuplicatesAndOrder) {
  io::ProfileMeta meta;
  meta.slot_seconds = 86400 / kSlots;
  io::ProfileStoreWriter writer = io::ProfileStoreWriter::create(file("d.h5"), meta);
  io::IngestCounts counts;
  DayAssembler days(writer, GapPolicy::kSkip, false, kSlots, counts);
  MeterState& m = days.meter("m1");
  days.set(m, 5, 1.0f, 0.0f, "f.csv:2");
  days.set(m, 5, 1.0f, 0.0f, "f.csv:3");  // the same value again: counted, first stays
  EXPECT_EQ(counts.skipped_rows, 1u);
  EXPECT_THROW(days.set(m, 5, 2.0f, 0.0f, "f.csv:4"), ConfigError);  // a different value
  EXPECT_THROW(days.set(m, 1, 1.0f, 0.0f, "f.csv:5"), ConfigError);  // an earlier day
  EXPECT_THROW(days.set(m, -1, 1.0f, 0.0f, "f.csv:6"), ConfigError);
}

}  // namespace
}  // namespace evomarket
