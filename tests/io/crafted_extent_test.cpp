// Whole-dataset reads refuse an extent the file does not store, before allocating it. Found by
// the profile-store fuzz harness (tests/fuzz/profile_store_fuzz.cpp): a store whose
// /profiles/meta/meter_ids declared 1e12 entries in a few kilobytes (chunked, never written)
// ended the reader in std::length_error / an allocation of terabytes instead of an H5Error.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "io/hdf5_dataset.h"
#include "io/hdf5_error.h"
#include "io/hdf5_file.h"
#include "io/profile_store.h"
#include "support/temp_dir.h"

namespace evomarket::io {
namespace {

class CraftedExtent : public evomarket::testing::TempDirTest {
 protected:
  // Dataset `name` of `type` and `dims` at `loc`: chunked, extendible and never written, so
  // any extent costs the file nothing.
  static void declare(hid_t loc, const char* name, hid_t type, std::vector<hsize_t> dims) {
    std::vector<hsize_t> max(dims.size(), H5S_UNLIMITED);
    std::vector<hsize_t> chunk(dims.size(), 1);
    const hid_t space = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), max.data());
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data());
    const hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    const hid_t d = H5Dcreate2(loc, name, type, space, lcpl, dcpl, H5P_DEFAULT);
    ASSERT_GE(d, 0);
    H5Dclose(d);
    H5Pclose(lcpl);
    H5Pclose(dcpl);
    H5Sclose(space);
  }
  static bool refused(const std::function<void()>& read, const std::string& part) {
    try {
      read();
    } catch (const H5Error& e) {
      return std::string(e.what()).find(part) != std::string::npos;
    }
    return false;
  }
};

TEST_F(CraftedExtent, AVectorOfATrillionUnwrittenElementsIsRefused) {
  const std::string path = file("huge.h5");
  {
    File f = File::create(path);
    declare(f.root().id(), "v", H5T_NATIVE_UINT64, {1000000000000ULL});
    declare(f.root().id(), "s", H5T_NATIVE_UINT16, {uint64_t{1} << 40});
  }
  const File f = File::open_read(path);
  EXPECT_TRUE(refused([&] { read_vector<uint64_t>(f.root(), "v"); }, "stores only 0 bytes"));
  EXPECT_TRUE(refused([&] { read_vector<uint16_t>(f.root(), "s"); }, "stores only 0 bytes"));
}

TEST_F(CraftedExtent, AMatrixWhoseElementCountOverflowsIsRefused) {
  const std::string path = file("overflow.h5");
  {
    File f = File::create(path);
    declare(f.root().id(), "m", H5T_NATIVE_INT64, {uint64_t{1} << 33, uint64_t{1} << 33});
  }
  const File f = File::open_read(path);
  EXPECT_TRUE(refused([&] { read_matrix<int64_t>(f.root(), "m"); }, "too large to read"));
}

TEST_F(CraftedExtent, SmallSparseDatasetsStillReadAsTheFillValue) {
  const std::string path = file("sparse.h5");
  {
    File f = File::create(path);
    declare(f.root().id(), "v", H5T_NATIVE_INT32, {1000});
  }
  const File f = File::open_read(path);
  EXPECT_EQ(read_vector<int32_t>(f.root(), "v"), std::vector<int32_t>(1000, 0));
}

TEST_F(CraftedExtent, AProfileStoreWithATrillionMeterIdsIsRefused) {
  const std::string path = file("store.h5");
  {
    ProfileMeta meta;
    ProfileStoreWriter w = ProfileStoreWriter::create(path, meta);
    w.meter("a");
    w.finish(IngestCounts{});
  }
  {
    File f = File::open_rw(path);
    const Group meta = f.root().open_group("profiles/meta");
    meta.remove("meter_ids");
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    declare(meta.id(), "meter_ids", type, {1000000000000ULL});
    H5Tclose(type);
  }
  EXPECT_TRUE(refused([&] { ProfileStore::open(path); }, "meter_ids"));
}

}  // namespace
}  // namespace evomarket::io
