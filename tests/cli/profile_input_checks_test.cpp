// End to end: profile data out of range (docs/ingest.md "Value and span limits") makes ingest
// exit with status 2 naming the file and line, and leaves nothing at --out.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/run_cli.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

using evomarket::testing::run_evomarket;

class ProfileInputChecks : public evomarket::testing::TempDirTest {
 protected:
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(file(name)) << text;
    return file(name);
  }
  static std::string ingest_long(const std::string& input, const std::string& out) {
    return "ingest " + input + " --out " + out +
           " --meter-id m1 --time-column timestamp --load load --pv pv --slot-minutes 30 "
           "--time-zone +00:00 --policy fill";
  }
};

TEST_F(ProfileInputChecks, HugeValueExitsWithStatusTwoAndWritesNothing) {
  const std::string input =
      write("huge.csv", "timestamp,load,pv\n2021-03-01 00:00,1,0\n2021-03-01 00:30,1e30,0\n");
  const std::string out = file("store.h5");
  const auto r = run_evomarket(ingest_long(input, out));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("huge.csv:3"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST_F(ProfileInputChecks, YearTypoExitsWithStatusTwoBeforeWriting) {
  const std::string input = write("typo.csv",
                                  "timestamp,load,pv\n2021-03-01 00:00,1,0\n"
                                  "2421-03-01 00:30,1,0\n");
  const std::string out = file("store.h5");
  const auto r = run_evomarket(ingest_long(input, out));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("typo.csv:3"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace evomarket
