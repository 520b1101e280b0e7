// The profile store: writer, reader, day batches and the inspect summary.
#include "io/profile_store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "io/describe.h"
#include "io/hdf5_file.h"
#include "support/temp_dir.h"

namespace evomarket::io {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Distinct, exactly representable values per (meter, slot).
float load_at(uint64_t meter, uint64_t slot) {
  return 0.25F * static_cast<float>((meter * 131 + slot * 7) % 1000);
}
float pv_at(uint64_t meter, uint64_t slot) {
  return 0.5F * static_cast<float>((meter * 17 + slot * 3) % 500);
}

ProfileMeta test_meta(uint32_t slot_seconds = 1800) {
  ProfileMeta meta;
  meta.slot_seconds = slot_seconds;
  meta.start_utc = 1372600800;  // 2013-06-30T14:00:00Z = 2013-07-01 00:00 at +10:00
  meta.utc_offset_seconds = 36000;
  meta.time_zone = "+10:00";
  meta.source = "test data";
  meta.sources = {"a.csv", "b.csv"};
  meta.writer_version = "0.9.0";
  return meta;
}

// Writes one meter-day of the test pattern.
void write_pattern(ProfileStoreWriter& w, uint64_t meter, uint64_t day) {
  const uint32_t spd = w.slots_per_day();
  std::vector<float> load(spd);
  std::vector<float> pv(spd);
  for (uint32_t s = 0; s < spd; ++s) {
    load[s] = load_at(meter, day * spd + s);
    pv[s] = pv_at(meter, day * spd + s);
  }
  w.write_day(meter, day, load.data(), pv.data());
}

class ProfileStoreTest : public evomarket::testing::TempDirTest {};

TEST_F(ProfileStoreTest, RoundTripsDaysWrittenOutOfOrder) {
  const std::string path = file("p.h5");
  constexpr uint64_t kMeters = 5;
  constexpr uint64_t kDays = 4;
  {
    ProfileStoreWriter w = ProfileStoreWriter::create(path, test_meta());
    EXPECT_EQ(w.slots_per_day(), 48u);
    for (uint64_t m = 0; m < kMeters; ++m) EXPECT_EQ(w.meter("m" + std::to_string(m)), m);
    // Meter-major for meters 0-2 with days backwards, day-major for meters 3-4.
    for (uint64_t m = 0; m < 3; ++m) {
      for (uint64_t d = kDays; d-- > 0;) write_pattern(w, m, d);
    }
    for (uint64_t d = 0; d < kDays; ++d) {
      for (uint64_t m = kMeters; m-- > 3;) write_pattern(w, m, d);
    }
    EXPECT_EQ(w.meters(), kMeters);
    w.finish(IngestCounts{});
  }
  const ProfileStore store = ProfileStore::open(path);
  ASSERT_EQ(store.meters(), kMeters);
  ASSERT_EQ(store.days(), kDays);
  ASSERT_EQ(store.slots_per_day(), 48u);
  const DayBatch b = store.read_days(0, kDays);
  ASSERT_EQ(b.slots(), kDays * 48);
  ASSERT_EQ(b.load.size(), kMeters * kDays * 48);
  ASSERT_EQ(b.pv.size(), kMeters * kDays * 48);
  for (uint64_t m = 0; m < kMeters; ++m) {
    for (uint64_t t = 0; t < b.slots(); ++t) {
      ASSERT_EQ(b.load[m * b.slots() + t], load_at(m, t)) << m << " " << t;
      ASSERT_EQ(b.pv[m * b.slots() + t], pv_at(m, t)) << m << " " << t;
    }
  }
}

TEST_F(ProfileStoreTest, UnwrittenCellsReadNaN) {
  const std::string path = file("p.h5");
  {
    ProfileStoreWriter w = ProfileStoreWriter::create(path, test_meta(3600));
    w.meter("a");
    w.meter("b");
    w.meter("c");  // never written: a row of NaN
    write_pattern(w, 0, 2);
    write_pattern(w, 1, 0);
    w.finish(IngestCounts{});
  }
  const ProfileStore store = ProfileStore::open(path);
  ASSERT_EQ(store.meters(), 3u);
  ASSERT_EQ(store.days(), 3u);
  const DayBatch b = store.read_days(0, 3);
  for (uint64_t m = 0; m < 3; ++m) {
    for (uint64_t t = 0; t < 72; ++t) {
      const bool written = (m == 0 && t >= 48) || (m == 1 && t < 24);
      const float load = b.load[m * 72 + t];
      const float pv = b.pv[m * 72 + t];
      if (written) {
        EXPECT_EQ(load, load_at(m, t));
        EXPECT_EQ(pv, pv_at(m, t));
      } else {
        EXPECT_TRUE(std::isnan(load)) << m << " " << t;
        EXPECT_TRUE(std::isnan(pv)) << m << " " << t;
      }
    }
  }
}

TEST_F(ProfileStoreTest, MiddleRangeEqualsPartOfWholeRead) {
  const std::string path = file("p.h5");
  {
    ProfileStoreWriter w = ProfileStoreWriter::create(path, test_meta(900));
    for (uint64_t m = 0; m < 70; ++m) w.meter("m" + std::to_string(m));  // two meter blocks
    for (uint64_t d = 0; d < 10; ++d) {
      for (uint64_t m = 0; m < 70; ++m) write_pattern(w, m, d);
    }
    w.finish(IngestCounts{});
  }
  const ProfileStore store = ProfileStore::open(path);
  const uint64_t spd = store.slots_per_day();
  ASSERT_EQ(spd, 96u);
  const DayBatch whole = store.read_days(0, store.days());
  const DayBatch part = store.read_days(3, 4);
  EXPECT_EQ(part.first_day, 3u);
  EXPECT_EQ(part.days, 4u);
  EXPECT_EQ(part.meters, 70u);
  EXPECT_EQ(part.slots_per_day, 96u);
  ASSERT_EQ(part.load.size(), 70u * 4 * spd);
  for (uint64_t m = 0; m < 70; ++m) {
    for (uint64_t t = 0; t < part.slots(); ++t) {
      ASSERT_EQ(part.load[m * part.slots() + t], whole.load[m * whole.slots() + 3 * spd + t]);
      ASSERT_EQ(part.pv[m * part.slots() + t], whole.pv[m * whole.slots() + 3 * spd + t]);
    }
  }
  const DayBatch none = store.read_days(10, 0);
  EXPECT_TRUE(none.load.empty());
  EXPECT_TRUE(none.pv.empty());
}

TEST_F(ProfileStoreTest, NetStoreHasOneChannel) {
  const std::string path = file("net.h5");
  ProfileMeta meta = test_meta();
  meta.kind = ProfileKind::kNet;
  {
    ProfileStoreWriter w = ProfileStoreWriter::create(path, meta);
    w.meter("x");
    w.meter("y");
    std::vector<float> net(48);
    for (uint64_t m = 0; m < 2; ++m) {
      for (uint64_t d = 0; d < 2; ++d) {
        for (uint64_t s = 0; s < 48; ++s) net[s] = pv_at(m, d * 48 + s) - load_at(m, d * 48 + s);
        w.write_day(m, d, net.data(), nullptr);
      }
    }
    w.finish(IngestCounts{});
  }
  {
    File f = File::open_read(path);
    EXPECT_TRUE(f.root().has_dataset("/profiles/net"));
    EXPECT_FALSE(f.root().has("/profiles/load"));
    EXPECT_FALSE(f.root().has("/profiles/pv"));
    EXPECT_EQ(get_attr_string(f.root().open_group("/profiles/meta"), "kind"), "net");
  }
  const ProfileStore store = ProfileStore::open(path);
  EXPECT_EQ(store.meta().kind, ProfileKind::kNet);
  const DayBatch b = store.read_days(1, 1);
  EXPECT_TRUE(b.pv.empty());
  ASSERT_EQ(b.load.size(), 2u * 48);
  EXPECT_EQ(b.load[48 + 5], pv_at(1, 53) - load_at(1, 53));
  const std::string summary = summarize_profile_store(path);
  EXPECT_TRUE(contains(summary, "kind: net")) << summary;
  EXPECT_TRUE(contains(summary, "missing slots: net 0 of 192")) << summary;
}

TEST_F(ProfileStoreTest, MetadataAndCountsRoundTrip) {
  const std::string path = file("p.h5");
  const ProfileMeta meta = test_meta(300);
  const IngestCounts counts{1000, 3, 42, 2, 17, 1};
  {
    ProfileStoreWriter w = ProfileStoreWriter::create(path, meta);
    EXPECT_EQ(w.meter("home-1"), 0u);
    EXPECT_EQ(w.meter("home-2", 3.5), 1u);
    EXPECT_EQ(w.meter("home-1"), 0u);  // unknown capacity leaves it unknown
    EXPECT_EQ(w.meter("home-3", 1.0), 2u);
    EXPECT_EQ(w.meter("home-3"), 2u);        // a NaN later does not erase a known capacity
    EXPECT_EQ(w.meter("home-1", 2.25), 0u);  // a later known capacity is recorded
    write_pattern(w, 1, 0);
    w.finish(counts);
  }
  const ProfileStore store = ProfileStore::open(path);
  const ProfileMeta& m = store.meta();
  EXPECT_EQ(m.kind, ProfileKind::kLoadAndPv);
  EXPECT_EQ(m.slot_seconds, 300u);
  EXPECT_EQ(m.start_utc, meta.start_utc);
  EXPECT_EQ(m.utc_offset_seconds, 36000);
  EXPECT_EQ(m.time_zone, "+10:00");
  EXPECT_EQ(m.source, "test data");
  EXPECT_EQ(m.sources, meta.sources);
  EXPECT_EQ(m.writer_version, "0.9.0");
  EXPECT_EQ(store.slots_per_day(), 288u);
  ASSERT_EQ(store.meter_info().size(), 3u);
  EXPECT_EQ(store.meter_info()[0].id, "home-1");
  EXPECT_EQ(store.meter_info()[0].pv_capacity_kw, 2.25);
  EXPECT_EQ(store.meter_info()[1].id, "home-2");
  EXPECT_EQ(store.meter_info()[1].pv_capacity_kw, 3.5);
  EXPECT_EQ(store.meter_info()[2].pv_capacity_kw, 1.0);
  const IngestCounts& c = store.counts();
  EXPECT_EQ(c.rows, 1000u);
  EXPECT_EQ(c.skipped_rows, 3u);
  EXPECT_EQ(c.meter_days, 42u);
  EXPECT_EQ(c.skipped_meter_days, 2u);
  EXPECT_EQ(c.filled_slots, 17u);
  EXPECT_EQ(c.counter_resets, 1u);

  // The file itself, as another reader sees it.
  File f = File::open_read(path);
  const Group root = f.root();
  EXPECT_EQ(get_attr_string(root, "format"), "evomarket profile store");
  EXPECT_EQ(get_attr_int(root, "format_version"), 1);
  EXPECT_EQ(get_attr_string(root, "status"), "complete");
  const Group g = root.open_group("/profiles/meta");
  EXPECT_EQ(get_attr_string(g, "start"), "2013-06-30T14:00:00Z");
  EXPECT_EQ(get_attr_string(g, "kind"), "load_pv");
  EXPECT_EQ(get_attr_int(g, "filled_slots"), 17);
  EXPECT_EQ(read_strings(g, "meter_ids"), (std::vector<std::string>{"home-1", "home-2", "home-3"}));
  const Dataset load = root.open_dataset("/profiles/load");
  EXPECT_EQ(load.shape(), (std::vector<uint64_t>{3, 288}));
  EXPECT_EQ(load.element_type(), "float32");
}

TEST_F(ProfileStoreTest, EmptyStoreOpensWithNoDays) {
  const std::string path = file("p.h5");
  ProfileMeta meta = test_meta();
  meta.sources.clear();
  ProfileStoreWriter::create(path, meta).finish(IngestCounts{});
  const ProfileStore store = ProfileStore::open(path);
  EXPECT_EQ(store.meters(), 0u);
  EXPECT_EQ(store.days(), 0u);
  EXPECT_TRUE(store.meta().sources.empty());
  EXPECT_TRUE(contains(summarize_profile_store(path), "days: 0\n"));
}

TEST_F(ProfileStoreTest, UnfinishedStoreIsRefused) {
  const std::string path = file("p.h5");
  {
    ProfileStoreWriter w = ProfileStoreWriter::create(path, test_meta());
    w.meter("a");
    write_pattern(w, 0, 0);
    // Destroyed without finish(), as by an exception during ingest.
  }
  EXPECT_TRUE(is_profile_store(path));
  try {
    ProfileStore::open(path);
    FAIL() << "opened an unfinished store";
  } catch (const H5Error& e) {
    EXPECT_TRUE(contains(e.what(), path)) << e.what();
    EXPECT_TRUE(contains(e.what(), "running")) << e.what();
  }
  // inspect still lists the file, saying why there is no summary.
  const std::string text = describe_file(path);
  EXPECT_TRUE(contains(text, "status running")) << text;
  EXPECT_TRUE(contains(text, "/profiles/load  float32")) << text;
}

TEST_F(ProfileStoreTest, NonStoreFilesAreRefused) {
  const std::string path = file("other.h5");
  {
    File f = File::create(path);
    write_vector(f.root(), "x", std::vector<float>{1, 2, 3});
  }
  EXPECT_FALSE(is_profile_store(path));
  EXPECT_FALSE(is_profile_store(file("missing.h5")));
  EXPECT_FALSE(is_profile_store(dir_.string()));
  try {
    ProfileStore::open(path);
    FAIL() << "opened a file that is not a store";
  } catch (const H5Error& e) {
    EXPECT_TRUE(contains(e.what(), path)) << e.what();
    EXPECT_TRUE(contains(e.what(), "not an evomarket profile store")) << e.what();
  }
  EXPECT_THROW(ProfileStore::open(file("missing.h5")), H5Error);
  // A generic HDF5 file gets no store summary from inspect.
  EXPECT_FALSE(contains(describe_file(path), "evomarket profile store"));
}

TEST_F(ProfileStoreTest, ReadBeyondLastDayNamesFileAndRange) {
  const std::string path = file("p.h5");
  {
    ProfileStoreWriter w = ProfileStoreWriter::create(path, test_meta());
    w.meter("a");
    for (uint64_t d = 0; d < 3; ++d) write_pattern(w, 0, d);
    w.finish(IngestCounts{});
  }
  const ProfileStore store = ProfileStore::open(path);
  EXPECT_NO_THROW(store.read_days(2, 1));
  try {
    store.read_days(2, 2);
    FAIL() << "read past the last day";
  } catch (const H5Error& e) {
    EXPECT_TRUE(contains(e.what(), path)) << e.what();
    EXPECT_TRUE(contains(e.what(), "[2, 4)")) << e.what();
    EXPECT_TRUE(contains(e.what(), "[0, 3)")) << e.what();
  }
  EXPECT_THROW(store.read_days(4, 0), H5Error);
  EXPECT_THROW(store.read_days(1, UINT64_MAX), H5Error);
}

TEST_F(ProfileStoreTest, BadSlotLengthRejectedBeforeTouchingTheFile) {
  for (uint32_t bad : {0u, 7u, 30u, 1000u, 86401u, 172800u}) {
    const std::string path = file("bad" + std::to_string(bad) + ".h5");
    try {
      ProfileStoreWriter::create(path, test_meta(bad));
      FAIL() << bad;
    } catch (const H5Error& e) {
      EXPECT_TRUE(contains(e.what(), "slot length")) << e.what();
      EXPECT_TRUE(contains(e.what(), path)) << e.what();
    }
    EXPECT_FALSE(std::filesystem::exists(path));
  }
  for (uint32_t good : {60u, 675u, 86400u}) {
    EXPECT_NO_THROW(ProfileStoreWriter::create(file("good.h5"), test_meta(good)));
  }
}

TEST_F(ProfileStoreTest, WriterRejectsBadCalls) {
  const std::string path = file("p.h5");
  ProfileStoreWriter w = ProfileStoreWriter::create(path, test_meta());
  std::vector<float> v(48, 1.0F);
  EXPECT_THROW(w.write_day(0, 0, v.data(), v.data()), H5Error);  // no meters yet
  w.meter("a");
  try {
    w.write_day(1, 0, v.data(), v.data());
    FAIL() << "meter index out of range accepted";
  } catch (const H5Error& e) {
    EXPECT_TRUE(contains(e.what(), "out of range")) << e.what();
  }
  EXPECT_THROW(w.write_day(0, 0, v.data(), nullptr), H5Error);  // load_pv needs pv
  w.write_day(0, 0, v.data(), v.data());
  w.finish(IngestCounts{});
  EXPECT_THROW(w.write_day(0, 1, v.data(), v.data()), H5Error);
  EXPECT_THROW(w.finish(IngestCounts{}), H5Error);
}

TEST_F(ProfileStoreTest, CreateInMissingDirectoryNamesThePath) {
  const std::string path = file("no/such/dir/p.h5");
  try {
    ProfileStoreWriter::create(path, test_meta());
    FAIL();
  } catch (const H5Error& e) {
    EXPECT_TRUE(contains(e.what(), path)) << e.what();
  }
}

TEST_F(ProfileStoreTest, SummaryOfTinyStore) {
  const std::string path = file("tiny.h5");
  ProfileMeta meta = test_meta(21600);  // 4 slots per day
  {
    ProfileStoreWriter w = ProfileStoreWriter::create(path, meta);
    w.meter("a", 5.0);
    w.meter("b");
    w.meter("c");
    // Loads sum to 10 + 20 + 6 + 4 = 40 kWh; PV to 4 + 6 = 10 kWh (a, b); c has none.
    const float a_load[4] = {1, 2, 3, 4};
    const float a_pv[4] = {0, 2, 2, 0};
    const float b_load[4] = {5, 5, 5, 5};
    const float b_pv[4] = {0, 3, 3, 0};
    const float c_load[4] = {1, 2, 3, kNaN};  // one missing load slot
    const float c_pv[4] = {0, 0, 0, 0};
    const float a2_load[4] = {1, 1, 1, 1};
    const float a2_pv[4] = {0, 0, 0, kNaN};  // one missing pv slot
    w.write_day(0, 0, a_load, a_pv);
    w.write_day(1, 0, b_load, b_pv);
    w.write_day(2, 0, c_load, c_pv);
    w.write_day(0, 1, a2_load, a2_pv);
    // b and c on day 1 never written: 8 missing cells per channel.
    w.finish(IngestCounts{120, 4, 4, 2, 3, 0});
  }
  const std::string s = summarize_profile_store(path);
  EXPECT_TRUE(contains(s, "source: test data\n")) << s;
  EXPECT_TRUE(contains(s, "kind: load_pv")) << s;
  EXPECT_TRUE(contains(s, "meters: 3\n")) << s;
  EXPECT_TRUE(contains(s, "days: 2\n")) << s;
  EXPECT_TRUE(contains(s, "slot length: 21600 s (360 min, 4 slots per day)\n")) << s;
  EXPECT_TRUE(contains(s, "period: 2013-07-01 .. 2013-07-02 (time zone +10:00)\n")) << s;
  EXPECT_TRUE(contains(s, "total load: 40.000 kWh\n")) << s;
  EXPECT_TRUE(contains(s, "total PV: 10.000 kWh\n")) << s;
  EXPECT_TRUE(contains(s, "PV share of load: 25.0%\n")) << s;
  EXPECT_TRUE(contains(s, "homes with PV: 2 of 3\n")) << s;
  EXPECT_TRUE(contains(s, "missing slots: load 9 of 24, pv 9 of 24\n")) << s;
  EXPECT_TRUE(contains(s,
                       "120 rows, 4 skipped rows, 4 meter-days, 2 skipped meter-days, "
                       "3 filled slots, 0 counter resets"))
      << s;
  // inspect shows the summary, then the generic listing.
  const std::string text = describe_file(path);
  EXPECT_EQ(text.rfind(s, 0), 0u) << text;
  EXPECT_TRUE(contains(text, "/profiles/load  float32 [3, 8]\n")) << text;
}

TEST_F(ProfileStoreTest, LargeDayMajorStoreRoundTrips) {
  const std::string path = file("large.h5");
  constexpr uint64_t kMeters = 2000;
  constexpr uint64_t kDays = 30;
  const auto t0 = std::chrono::steady_clock::now();
  {
    ProfileStoreWriter w = ProfileStoreWriter::create(path, test_meta());
    for (uint64_t d = 0; d < kDays; ++d) {
      for (uint64_t m = 0; m < kMeters; ++m) {
        if (d == 0) w.meter("meter-" + std::to_string(m));
        write_pattern(w, m, d);
      }
    }
    w.finish(IngestCounts{});
  }
  const auto t1 = std::chrono::steady_clock::now();
  const ProfileStore store = ProfileStore::open(path);
  ASSERT_EQ(store.meters(), kMeters);
  ASSERT_EQ(store.days(), kDays);
  for (uint64_t first = 0; first < kDays; first += 7) {
    const DayBatch b = store.read_days(first, std::min<uint64_t>(7, kDays - first));
    for (uint64_t m = 0; m < kMeters; ++m) {
      for (uint64_t t = 0; t < b.slots(); ++t) {
        const uint64_t slot = first * 48 + t;
        ASSERT_EQ(b.load[m * b.slots() + t], load_at(m, slot)) << m << " " << slot;
        ASSERT_EQ(b.pv[m * b.slots() + t], pv_at(m, slot)) << m << " " << slot;
      }
    }
  }
  const auto t2 = std::chrono::steady_clock::now();
  using ms = std::chrono::milliseconds;
  std::printf("write %lld ms, read %lld ms, %lld bytes\n",
              static_cast<long long>(std::chrono::duration_cast<ms>(t1 - t0).count()),
              static_cast<long long>(std::chrono::duration_cast<ms>(t2 - t1).count()),
              static_cast<long long>(std::filesystem::file_size(path)));
}

}  // namespace
}  // namespace evomarket::io
