// The profile store reader against stores crafted by other tools: dimensions that disagree or
// claim absurd sizes, start times no calendar shows, and what `evomarket inspect` does with them
// (quickly, with a message naming the dataset or attribute).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "io/describe.h"
#include "io/hdf5_attribute.h"
#include "io/hdf5_error.h"
#include "io/hdf5_file.h"
#include "io/hdf5_group.h"
#include "io/profile_store.h"
#include "support/temp_dir.h"

namespace evomarket::io {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class ProfileStoreChecks : public evomarket::testing::TempDirTest {
 protected:
  // A finished store: two meters, two days of 30-min slots.
  std::string good_store() {
    const std::string path = file("store.h5");
    ProfileMeta meta;
    meta.start_utc = 1372600800;
    meta.utc_offset_seconds = 36000;
    meta.time_zone = "+10:00";
    ProfileStoreWriter w = ProfileStoreWriter::create(path, meta);
    const std::vector<float> v(w.slots_per_day(), 0.5F);
    for (uint64_t m = 0; m < 2; ++m) {
      w.meter(m == 0 ? "a" : "b");
      for (uint64_t d = 0; d < 2; ++d) w.write_day(m, d, v.data(), v.data());
    }
    w.finish(IngestCounts{});
    return path;
  }
  // The message ProfileStore::open throws, "opened" if it does not.
  static std::string open_error(const std::string& path) {
    try {
      ProfileStore::open(path);
    } catch (const H5Error& e) {
      return e.what();
    }
    return "opened";
  }
};

// Replaces /profiles/meta/meter_ids by a chunked, never written string dataset of `n` entries.
void claim_meter_ids(const std::string& path, hsize_t n) {
  File f = File::open_rw(path);
  const Group meta = f.root().open_group("profiles").open_group("meta");
  meta.remove("meter_ids");
  const hsize_t chunk = 1024;
  const hid_t space = H5Screate_simple(1, &n, nullptr);
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_chunk(dcpl, 1, &chunk);
  const hid_t d = H5Dcreate2(meta.id(), "meter_ids", type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  ASSERT_GE(d, 0);
  H5Dclose(d);
  H5Pclose(dcpl);
  H5Tclose(type);
  H5Sclose(space);
}

TEST_F(ProfileStoreChecks, MeterIdsClaimingATrillionEntriesAreRefusedBeforeReading) {
  const std::string path = good_store();
  claim_meter_ids(path, hsize_t{1000000000000});
  const std::string e = open_error(path);  // used to be std::bad_alloc
  EXPECT_TRUE(contains(e, "meter_ids")) << e;
  EXPECT_TRUE(contains(e, "1000000000000")) << e;
}

TEST_F(ProfileStoreChecks, TrillionDaysAreRefusedAndInspectReturnsQuickly) {
  const std::string path = good_store();
  {
    File f = File::open_rw(path);
    const Group profiles = f.root().open_group("profiles");
    const hsize_t dims[2] = {2, hsize_t{1000000000000} * 48};
    for (const char* name : {"load", "pv"}) {
      ASSERT_GE(H5Dset_extent(profiles.open_dataset(name).id(), dims), 0);
    }
  }
  const std::string e = open_error(path);
  EXPECT_TRUE(contains(e, "/profiles/load")) << e;
  EXPECT_TRUE(contains(e, "1000000000000 days")) << e;
  const auto start = std::chrono::steady_clock::now();
  const std::string text = describe_file(path);  // used to loop over 10^12 days
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_TRUE(contains(text, "1000000000000 days")) << text;
}

TEST_F(ProfileStoreChecks, StartTimesOutsideTheCalendarAreRefused) {
  for (const int64_t start : {int64_t{1} << 62, -(int64_t{1} << 62)}) {
    const std::string path = good_store();
    {
      File f = File::open_rw(path);
      set_attr(f.root().open_group("profiles").open_group("meta"), "start_utc", start);
    }
    const std::string e = open_error(path);
    EXPECT_TRUE(contains(e, "start_utc")) << e;
    EXPECT_TRUE(contains(e, std::to_string(start))) << e;
    EXPECT_TRUE(contains(describe_file(path), "start_utc")) << "inspect says why";
  }
  // The UTC offset is range-checked too (it was cast to int32).
  const std::string path = good_store();
  {
    File f = File::open_rw(path);
    set_attr(f.root().open_group("profiles").open_group("meta"), "utc_offset_seconds",
             int64_t{1} << 40);
  }
  EXPECT_TRUE(contains(open_error(path), "utc_offset_seconds"));
}

TEST_F(ProfileStoreChecks, DatesBefore1970ReadBack) {
  const std::string path = file("old.h5");
  ProfileMeta meta;
  meta.start_utc = -86400 * 365;  // 1969-01-01
  ProfileStoreWriter w = ProfileStoreWriter::create(path, meta);
  const std::vector<float> v(w.slots_per_day(), 1.0F);
  w.meter("a");
  w.write_day(0, 0, v.data(), v.data());
  w.finish(IngestCounts{});
  EXPECT_EQ(ProfileStore::open(path).meta().start_utc, -86400 * 365);
  EXPECT_TRUE(contains(summarize_profile_store(path), "period: 1969-01-01 .. 1969-01-01"));
}

}  // namespace
}  // namespace evomarket::io
