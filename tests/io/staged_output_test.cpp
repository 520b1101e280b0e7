#include "io/staged_output.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "io/hdf5_error.h"
#include "support/temp_dir.h"

namespace evomarket::io {
namespace {

namespace fs = std::filesystem;

class StagedOutputTest : public testing::TempDirTest {
 protected:
  void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }
  std::string read(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  size_t entries() const {
    return static_cast<size_t>(std::distance(fs::directory_iterator(dir_), {}));
  }
};

TEST_F(StagedOutputTest, CommitMovesTheTemporaryOntoTheTarget) {
  const std::string target = file("store.h5");
  StagedOutput out(target, "profile store");
  EXPECT_EQ(fs::path(out.temporary()).parent_path(), fs::path(target).parent_path());
  EXPECT_NE(out.temporary(), target);
  write(out.temporary(), "new");
  EXPECT_FALSE(fs::exists(target));  // nothing at the target before the commit
  out.commit();
  EXPECT_EQ(read(target), "new");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(StagedOutputTest, WithoutCommitTheTargetStaysAsItWas) {
  const std::string target = file("store.h5");
  write(target, "made by the user");
  {
    StagedOutput out(target, "profile store");
    EXPECT_TRUE(out.target_existed());
    write(out.temporary(), "half-written");
  }  // a failed writer: no commit
  EXPECT_EQ(read(target), "made by the user");
  EXPECT_EQ(entries(), 1u);  // the temporary is gone
}

TEST_F(StagedOutputTest, CommitReplacesARegularFile) {
  const std::string target = file("results.h5");
  write(target, "old");
  StagedOutput out(target, "results file");
  write(out.temporary(), "new");
  out.commit();
  EXPECT_EQ(read(target), "new");
}

TEST_F(StagedOutputTest, RefusesAnInputAsTarget) {
  const std::string input = file("meter.csv");
  write(input, "timestamp,load\n");
  try {
    StagedOutput out(input, "profile store", {file("other.csv"), input});
    FAIL() << "expected H5Error";
  } catch (const H5Error& e) {
    EXPECT_NE(std::string(e.what()).find("is the input"), std::string::npos) << e.what();
  }
  // Also under another name of the same file.
  fs::create_symlink(input, file("alias.h5"));
  EXPECT_THROW(StagedOutput(file("alias.h5"), "profile store", {input}), H5Error);
  EXPECT_EQ(read(input), "timestamp,load\n");
}

TEST_F(StagedOutputTest, RefusesWhatIsNotARegularFile) {
  EXPECT_THROW(StagedOutput(dir_.string(), "profile store"), H5Error);
  if (fs::exists("/dev/full")) {
    try {
      StagedOutput out("/dev/full", "profile store");
      FAIL() << "expected H5Error";
    } catch (const H5Error& e) {
      EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(fs::is_character_file("/dev/full"));
  }
}

TEST_F(StagedOutputTest, RefusesAMissingDirectory) {
  try {
    StagedOutput out(file("missing/store.h5"), "profile store");
    FAIL() << "expected H5Error";
  } catch (const H5Error& e) {
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
  }
}

TEST_F(StagedOutputTest, TwoStagedOutputsInOneProcessGetDistinctTemporaries) {
  StagedOutput a(file("a.h5"), "file");
  StagedOutput b(file("a.h5"), "file");
  EXPECT_NE(a.temporary(), b.temporary());
}

TEST_F(StagedOutputTest, AFailedRenameKeepsTheTargetAndRemovesTheTemporary) {
  const std::string target = file("store.h5");
  StagedOutput out(target, "profile store");
  write(out.temporary(), "new");
  fs::create_directory(target);  // appears after the check: rename onto a directory fails
  EXPECT_THROW(out.commit(), H5Error);
  EXPECT_TRUE(fs::is_directory(target));
  EXPECT_FALSE(fs::exists(out.temporary()));
}

// The never-overwrite rule, with a stand-in reader: "complete" and "" (not of the writer's kind)
// are refused unless asked; any other status, or nothing there, may be replaced.
TEST_F(StagedOutputTest, ReplacesOnlyUnfinishedFilesOfItsKindUnlessAsked) {
  const std::string target = file("out.h5");
  std::string status;
  const StatusReader reader = [&](const std::string& path) {
    EXPECT_EQ(path, target);
    return status;
  };
  EXPECT_NO_THROW(check_may_replace(target, "results file", false, reader));  // nothing there
  write(target, "x");
  for (const char* unfinished : {"failed", "interrupted", "running"}) {
    status = unfinished;
    EXPECT_NO_THROW(check_may_replace(target, "results file", false, reader)) << unfinished;
  }
  status = "complete";
  try {
    check_may_replace(target, "results file", false, reader);
    ADD_FAILURE() << "a complete file was not refused";
  } catch (const H5Error& e) {
    EXPECT_EQ(std::string(e.what()),
              target +
                  " exists and is a complete results file (status \"complete\"): pass "
                  "--overwrite to replace it, or choose another --out");
  }
  EXPECT_NO_THROW(check_may_replace(target, "results file", true, reader));
  status = "";
  try {
    check_may_replace(target, "profile store", false, reader);
    ADD_FAILURE() << "a file of another kind was not refused";
  } catch (const H5Error& e) {
    EXPECT_NE(std::string(e.what()).find(target + " exists and is not an evomarket profile store"),
              std::string::npos)
        << e.what();
  }
  EXPECT_NO_THROW(check_may_replace(target, "profile store", true, reader));
  EXPECT_EQ(read(target), "x");  // a check writes nothing
}

}  // namespace
}  // namespace evomarket::io
