// File and Group: creating, opening, navigating; errors name the path.
#include "io/hdf5_file.h"

#include <gtest/gtest.h>

#include <unistd.h>
#include "support/temp_dir.h"

#include <filesystem>
#include <fstream>
#include <string>

namespace evomarket::io {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards.
class Hdf5File : public evomarket::testing::TempDirTest {
 protected:
};

TEST_F(Hdf5File, CreateThenOpenReadSeesGroups) {
  const std::string path = file("a.h5");
  {
    File f = File::create(path);
    EXPECT_EQ(f.path(), path);
    EXPECT_TRUE(f.writable());
    Group root = f.root();
    EXPECT_EQ(root.path(), "/");
    Group g = root.create_group("observables");
    EXPECT_EQ(g.path(), "/observables");
    Group nested = g.create_group("x/y");  // intermediate groups are created
    EXPECT_EQ(nested.path(), "/observables/x/y");
    EXPECT_EQ(nested.file_path(), path);
    f.flush();
  }
  File f = File::open_read(path);
  EXPECT_FALSE(f.writable());
  Group root = f.root();
  EXPECT_TRUE(root.has("observables"));
  EXPECT_TRUE(root.has("observables/x/y"));
  EXPECT_TRUE(root.has("/observables/x"));
  EXPECT_FALSE(root.has("missing"));
  EXPECT_FALSE(root.has("missing/deeper"));  // no HDF5 error for missing intermediates
  EXPECT_TRUE(root.has_group("observables"));
  EXPECT_FALSE(root.has_dataset("observables"));
  EXPECT_EQ(root.open_group("observables").children(), std::vector<std::string>{"x"});
}

TEST_F(Hdf5File, ChildrenAreInNameOrder) {
  File f = File::create(file("a.h5"));
  Group root = f.root();
  for (const char* name : {"zeta", "alpha", "mid"}) root.create_group(name);
  EXPECT_EQ(root.children(), (std::vector<std::string>{"alpha", "mid", "zeta"}));
}

TEST_F(Hdf5File, CreateTruncatesAnExistingFile) {
  const std::string path = file("a.h5");
  File::create(path).root().create_group("old");
  File f = File::create(path);
  EXPECT_FALSE(f.root().has("old"));
}

TEST_F(Hdf5File, CreateInMissingDirectoryNamesPath) {
  const std::string path = file("no/such/dir/a.h5");
  try {
    File::create(path);
    FAIL() << "expected H5Error";
  } catch (const H5Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path), std::string::npos) << what;
    EXPECT_NE(what.find("does not exist"), std::string::npos) << what;
  }
}

TEST_F(Hdf5File, CreateBelowARegularFileSaysSo) {
  std::ofstream(file("plain")) << "x";
  try {
    File::create(file("plain/a.h5"));
    FAIL() << "expected H5Error";
  } catch (const H5Error& e) {
    EXPECT_NE(std::string(e.what()).find("is not a directory"), std::string::npos) << e.what();
  }
}

TEST_F(Hdf5File, OpenMissingFileNamesPath) {
  const std::string path = file("missing.h5");
  try {
    File::open_read(path);
    FAIL() << "expected H5Error";
  } catch (const H5Error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("no such file"), std::string::npos) << e.what();
  }
}

TEST_F(Hdf5File, OpenNonHdf5FileSaysSo) {
  const std::string path = file("text.h5");
  std::ofstream(path) << "not hdf5\n";
  try {
    File::open_rw(path);
    FAIL() << "expected H5Error";
  } catch (const H5Error& e) {
    EXPECT_NE(std::string(e.what()).find("not an HDF5 file"), std::string::npos) << e.what();
  }
}

TEST_F(Hdf5File, OpenRwAllowsAdding) {
  const std::string path = file("a.h5");
  File::create(path);
  File::open_rw(path).root().create_group("added");
  EXPECT_TRUE(File::open_read(path).root().has("added"));
}

TEST_F(Hdf5File, GroupErrorsNameTheGroup) {
  File f = File::create(file("a.h5"));
  Group root = f.root();
  root.create_group("g");
  EXPECT_THROW(root.create_group("g"), H5Error);
  try {
    root.open_group("g/missing");
    FAIL() << "expected H5Error";
  } catch (const H5Error& e) {
    EXPECT_NE(std::string(e.what()).find("a.h5: group /g/missing: not found"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(root.open_dataset("g"), H5Error);
}

TEST_F(Hdf5File, RequireGroupOpensOrCreates) {
  File f = File::create(file("a.h5"));
  Group a = f.root().require_group("a/b");
  Group b = f.root().require_group("a/b");
  EXPECT_EQ(a.path(), b.path());
}

TEST_F(Hdf5File, GroupsAreCopyableAndOutliveTheFile) {
  Group kept;
  {
    File f = File::create(file("a.h5"));
    Group g = f.root().create_group("g");
    Group copy = g;  // an independent handle to the same group
    g = Group();
    EXPECT_FALSE(g.valid());
    kept = copy;
  }
  // The file stays open while one of its objects is.
  ASSERT_TRUE(kept.valid());
  EXPECT_EQ(kept.path(), "/g");
  kept.create_group("late");
  EXPECT_TRUE(kept.has("late"));
}

TEST_F(Hdf5File, RemoveDeletesALink) {
  File f = File::create(file("a.h5"));
  Group root = f.root();
  root.create_group("gone");
  root.remove("gone");
  EXPECT_FALSE(root.has("gone"));
  EXPECT_THROW(root.remove("gone"), H5Error);
}

TEST(Hdf5Handle, ClosesOnceAndMoves) {
  silence_hdf5_errors();
  Handle a(H5Screate(H5S_SCALAR), H5Sclose);
  ASSERT_TRUE(a.valid());
  const hid_t id = a.id();
  Handle b = std::move(a);
  EXPECT_FALSE(a.valid());  // NOLINT(bugprone-use-after-move): moved-from state is defined
  EXPECT_EQ(b.id(), id);
  EXPECT_GT(H5Iis_valid(id), 0);
  b.reset();
  EXPECT_LE(H5Iis_valid(id), 0);
}

}  // namespace
}  // namespace evomarket::io

namespace evomarket::io {
namespace {

TEST_F(Hdf5File, CopyTakesAGroupWithItsDataAndAttributesToAnotherFile) {
  File source = File::create(file("source.h5"));
  Group series = source.root().create_group("observables/counts");
  write_vector(series, "value", std::vector<int64_t>{3, 1, 4, 1, 5});
  set_attr(series, "unit", "agents");
  File copy = File::create(file("copy.h5"));
  source.root().copy("observables", copy.root(), "recorded");
  EXPECT_EQ(read_vector<int64_t>(copy.root(), "recorded/counts/value"),
            (std::vector<int64_t>{3, 1, 4, 1, 5}));
  EXPECT_EQ(get_attr_string(copy.root().open_group("recorded/counts"), "unit"), "agents");
  EXPECT_THROW(source.root().copy("missing", copy.root(), "other"), H5Error);
  EXPECT_THROW(source.root().copy("observables", copy.root(), "recorded"), H5Error);  // exists
}

}  // namespace
}  // namespace evomarket::io
