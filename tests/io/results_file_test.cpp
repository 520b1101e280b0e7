// ResultsFile: metadata, status lifecycle (running -> complete / failed), errors.
#include "io/results_file.h"

#include <gtest/gtest.h>

#include <unistd.h>
#include "support/temp_dir.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <string>
#include <vector>

namespace evomarket::io {
namespace {

namespace fs = std::filesystem;

class ResultsFileTest : public evomarket::testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    path_ = file("results.h5");
  }

  static RunMetadata meta() {
    RunMetadata m;
    m.version = "0.1.0";
    m.git_commit = "abc123def456";
    m.backend = "cpu";
    m.device = "test CPU";
    m.mode = "simulate";
    m.config_toml = "[population]\nsize = 1000 # agents\nname = \"Zürich\"\n";
    m.seed = 18446744073709551557ULL;  // needs all 64 bits
    return m;
  }

  std::string path_;
};

TEST_F(ResultsFileTest, CreateWritesMetadataAndRunningStatus) {
  {
    ResultsFile rf = ResultsFile::create(path_, meta());
    EXPECT_EQ(rf.path(), path_);
    EXPECT_EQ(rf.observables().path(), "/observables");
    EXPECT_EQ(rf.parameters().path(), "/parameters");
    // Already on disk and readable while the run is in progress.
    EXPECT_EQ(results_status(path_), "running");
    rf.complete();
  }
  File f = File::open_read(path_);
  Group root = f.root();
  EXPECT_EQ(get_attr_string(root, "evomarket_version"), "0.1.0");
  EXPECT_EQ(get_attr_string(root, "git_commit"), "abc123def456");
  EXPECT_EQ(get_attr_uint(root, "seed"), 18446744073709551557ULL);
  EXPECT_EQ(get_attr_string(root, "backend"), "cpu");
  EXPECT_EQ(get_attr_string(root, "device"), "test CPU");
  EXPECT_EQ(get_attr_string(root, "mode"), "simulate");
  EXPECT_TRUE(std::regex_match(get_attr_string(root, "created"),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")))
      << get_attr_string(root, "created");
  EXPECT_EQ(get_attr_string(root.open_group("parameters"), "config_toml"), meta().config_toml);
  EXPECT_FALSE(has_attr(root, "failure"));
}

TEST_F(ResultsFileTest, CompleteSetsStatus) {
  ResultsFile rf = ResultsFile::create(path_, meta());
  auto s = ObservableSeries::create<double>(rf.observables(), "welfare", 1, "EUR");
  s.append(0, std::vector<double>{1.0});
  EXPECT_EQ(results_status(path_), "running");
  rf.complete();
  EXPECT_EQ(results_status(path_), "complete");
}

TEST_F(ResultsFileTest, StatusStaysRunningWithoutComplete) {
  {
    ResultsFile rf = ResultsFile::create(path_, meta());
    auto s = ObservableSeries::create<int64_t>(rf.observables(), "counts", 2);
    s.append(0, std::vector<int64_t>{1, 2});
  }  // destroyed without complete(): an interrupted run
  EXPECT_EQ(results_status(path_), "running");
  File f = File::open_read(path_);
  EXPECT_EQ(read_vector<int64_t>(f.root(), "observables/counts/step").size(), 1u);
}

TEST_F(ResultsFileTest, FailRecordsReason) {
  {
    ResultsFile rf = ResultsFile::create(path_, meta());
    rf.fail("CUDA error: out of memory");
  }
  EXPECT_EQ(results_status(path_), "failed");
  File f = File::open_read(path_);
  EXPECT_EQ(get_attr_string(f.root(), "failure"), "CUDA error: out of memory");
}

TEST_F(ResultsFileTest, MovedFileKeepsWorking) {
  ResultsFile a = ResultsFile::create(path_, meta());
  ResultsFile b = std::move(a);
  b.complete();
  EXPECT_EQ(results_status(path_), "complete");
}

TEST_F(ResultsFileTest, CreateInMissingDirectoryNamesPath) {
  const std::string path = (dir_ / "missing" / "results.h5").string();
  try {
    ResultsFile::create(path, meta());
    FAIL() << "expected H5Error";
  } catch (const H5Error& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("cannot create results file " + path + ": ", 0), 0u) << what;
  }
}

TEST_F(ResultsFileTest, CreateInReadOnlyDirectoryThrows) {
  if (::geteuid() == 0) GTEST_SKIP() << "root can write anywhere";
  fs::permissions(dir_, fs::perms::owner_read | fs::perms::owner_exec);
  EXPECT_THROW(ResultsFile::create(path_, meta()), H5Error);
  fs::permissions(dir_, fs::perms::owner_all);
}

TEST_F(ResultsFileTest, StatusOfForeignFilesThrows) {
  File::create(path_).root().create_group("something");
  try {
    results_status(path_);
    FAIL() << "expected H5Error";
  } catch (const H5Error& e) {
    EXPECT_NE(std::string(e.what()).find("not an evomarket results file"), std::string::npos)
        << e.what();
  }
  const std::string text = (dir_ / "notes.txt").string();
  std::ofstream(text) << "hello";
  EXPECT_THROW(results_status(text), H5Error);
  EXPECT_THROW(results_status((dir_ / "absent.h5").string()), H5Error);
}

// Live (SWMR) writing: the 1.10 format SWMR needs; rows appended while live; leaving live mode
// is refused while a dataset is open (the file would stay in SWMR mode) and then lets the final
// attributes be written, the file still whole.
TEST_F(ResultsFileTest, LiveWritingEndsBeforeTheFinalStatus) {
  ResultsFile f = ResultsFile::create(path_, meta());
  H5F_info2_t info;
  ASSERT_GE(H5Fget_info2(f.file().id(), &info), 0);
  EXPECT_EQ(info.super.version, 3u) << "not the HDF5 1.10 format SWMR writing needs";
  auto series = std::make_unique<ObservableSeries>(
      ObservableSeries::create<int64_t>(f.observables(), "counts", 2, "agents"));
  series->append(0, std::vector<int64_t>{1, 2});
  EXPECT_FALSE(f.live());
  f.start_live();
  EXPECT_TRUE(f.live());
  series->append(1, std::vector<int64_t>{3, 4});
  f.flush();
  try {
    f.end_live();
    ADD_FAILURE() << "left SWMR writing with a dataset open";
  } catch (const H5Error& e) {
    EXPECT_NE(std::string(e.what()).find("still open"), std::string::npos) << e.what();
  }
  series.reset();
  f.complete();  // ends live mode itself
  EXPECT_FALSE(f.live());
  set_attr(f.root(), "written_after", int64_t{1});    // new attributes are allowed again
  f = ResultsFile::create(file("other.h5"), meta());  // closes the first file
  EXPECT_EQ(results_status(path_), "complete");
  const File read = File::open_read(path_);
  const ObservableSeries counts =
      ObservableSeries::open(read.root().open_group("observables"), "counts");
  EXPECT_EQ(counts.values<int64_t>().data, (std::vector<int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(get_attr_int(read.root(), "written_after"), 1);
}

TEST_F(ResultsFileTest, ResultsFileStatusIsEmptyForAnyOtherFile) {
  ResultsFile::create(path_, meta()).fail("no reason");
  EXPECT_EQ(results_file_status(path_), "failed");
  std::ofstream(file("notes.txt")) << "made by the user\n";
  EXPECT_EQ(results_file_status(file("notes.txt")), "");
  EXPECT_EQ(results_file_status(file("absent.h5")), "");
  {  // an HDF5 file with a status but no mode, like a profile store
    File other = File::create(file("store.h5"));
    set_attr(other.root(), "status", "complete");
  }
  EXPECT_EQ(results_file_status(file("store.h5")), "");
}

}  // namespace
}  // namespace evomarket::io
