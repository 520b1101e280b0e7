// Attributes: round trips, overwrite (status "running" -> "complete"), type checks.
#include "io/hdf5_attribute.h"

#include <gtest/gtest.h>

#include <unistd.h>
#include "support/temp_dir.h"

#include <filesystem>
#include <limits>
#include <string>

#include "io/hdf5_file.h"

namespace evomarket::io {
namespace {

namespace fs = std::filesystem;

class Hdf5Attribute : public evomarket::testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    path_ = file("attrs.h5");
  }

  std::string path_;
};

TEST_F(Hdf5Attribute, RoundTripsEveryKind) {
  {
    File f = File::create(path_);
    Group root = f.root();
    set_attr(root, "text", "plain");
    set_attr(root, "unicode", std::string("Grüße, 電力 ⚡"));
    set_attr(root, "empty", std::string_view());
    set_attr(root, "neg", int64_t{-42});
    set_attr(root, "big", std::numeric_limits<uint64_t>::max());
    set_attr(root, "pi", 3.141592653589793);
    set_attr(root, "small_int", 7);      // int goes to int64
    set_attr(root, "count", size_t{9});  // size_t goes to uint64
  }
  File f = File::open_read(path_);
  Group root = f.root();
  EXPECT_EQ(get_attr_string(root, "text"), "plain");
  EXPECT_EQ(get_attr_string(root, "unicode"), "Grüße, 電力 ⚡");
  EXPECT_EQ(get_attr_string(root, "empty"), "");
  EXPECT_EQ(get_attr_int(root, "neg"), -42);
  EXPECT_EQ(get_attr_uint(root, "big"), std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(get_attr_double(root, "pi"), 3.141592653589793);
  EXPECT_EQ(get_attr_int(root, "small_int"), 7);
  EXPECT_EQ(get_attr_uint(root, "count"), 9u);
  EXPECT_EQ(get_attr_int(root, "count"), 9);  // unsigned that fits int64
  EXPECT_TRUE(has_attr(root, "pi"));
  EXPECT_FALSE(has_attr(root, "nope"));
  EXPECT_EQ(attr_names(root), (std::vector<std::string>{"big", "count", "empty", "neg", "pi",
                                                        "small_int", "text", "unicode"}));
}

TEST_F(Hdf5Attribute, OverwriteReplacesValueAndType) {
  File f = File::create(path_);
  Group root = f.root();
  set_attr(root, "status", "running");
  set_attr(root, "status", "complete");
  EXPECT_EQ(get_attr_string(root, "status"), "complete");
  set_attr(root, "status", int64_t{3});  // a different type replaces too
  EXPECT_EQ(get_attr_int(root, "status"), 3);
  EXPECT_EQ(attr_names(root).size(), 1u);
  remove_attr(root, "status");
  EXPECT_FALSE(has_attr(root, "status"));
}

TEST_F(Hdf5Attribute, WrongTypeNamesTheAttribute) {
  File f = File::create(path_);
  Group g = f.root().create_group("parameters");
  set_attr(g, "seed", int64_t{1});
  set_attr(g, "name", "x");
  try {
    get_attr_string(g, "seed");
    FAIL() << "expected H5Error";
  } catch (const H5Error& e) {
    EXPECT_NE(std::string(e.what()).find("attrs.h5: attribute /parameters@seed: expected a "
                                         "string, found int64"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(get_attr_double(g, "seed"), H5Error);  // no int -> float conversion
  EXPECT_THROW(get_attr_int(g, "name"), H5Error);
  EXPECT_THROW(get_attr_int(g, "absent"), H5Error);
  set_attr(g, "negative", int64_t{-1});
  EXPECT_THROW(get_attr_uint(g, "negative"), H5Error);
  set_attr(g, "huge", std::numeric_limits<uint64_t>::max());
  EXPECT_THROW(get_attr_int(g, "huge"), H5Error);
}

TEST_F(Hdf5Attribute, WorksOnDatasets) {
  File f = File::create(path_);
  Group root = f.root();
  write_vector(root, "v", std::vector<double>{1, 2});
  Dataset d = root.open_dataset("v");
  set_attr(d, "unit", "kWh");
  EXPECT_EQ(get_attr_string(root.open_dataset("v"), "unit"), "kWh");
}

}  // namespace
}  // namespace evomarket::io
