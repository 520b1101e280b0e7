// host/progress.h: the lines it prints in a log (stderr not a terminal), with
// EVOMARKET_PROGRESS_SECONDS = 0 so that every update prints.
#include "host/progress.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <string>
#include <vector>

namespace evomarket {
namespace {

// Every update prints while it lives; the variable is restored afterwards.
class EveryUpdate {
 public:
  explicit EveryUpdate(const char* seconds = "0") {
    const char* old = std::getenv(kName);
    had_ = old != nullptr;
    if (had_) old_ = old;
    setenv(kName, seconds, 1);
  }
  ~EveryUpdate() {
    if (had_) {
      setenv(kName, old_.c_str(), 1);
    } else {
      unsetenv(kName);
    }
  }

 private:
  static constexpr const char* kName = "EVOMARKET_PROGRESS_SECONDS";
  bool had_ = false;
  std::string old_;
};

// The lines a Progress wrote to a temporary file.
std::vector<std::string> lines_of(std::FILE* file) {
  std::rewind(file);
  std::vector<std::string> lines;
  std::string line;
  for (int c = std::fgetc(file); c != EOF; c = std::fgetc(file)) {
    if (c == '\n') {
      lines.push_back(line);
      line.clear();
    } else {
      line += static_cast<char>(c);
    }
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

TEST(ProgressTest, PlainLinesWithRateAndEta) {
  const EveryUpdate every;
  std::FILE* log = std::tmpfile();
  {
    Progress progress("population", 4, "generations", false, log);
    progress.update(1);
    progress.update(4);
    progress.finish();
  }
  const auto lines = lines_of(log);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(starts_with(lines[0], "population: 1/4 generations (")) << lines[0];
  EXPECT_NE(lines[0].find("generations/s"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("ETA"), std::string::npos) << lines[0];
  EXPECT_TRUE(starts_with(lines[1], "population: 4/4 generations (")) << lines[1];
  std::fclose(log);
}

TEST(ProgressTest, InsideAnItem) {
  const EveryUpdate every;
  std::FILE* log = std::tmpfile();
  {
    Progress progress("market", 3, "generations", false, log);
    progress.update_within(1, 2, 7, "days");
    progress.update_within(1, 7, 7, "days");  // the item's own update says that
  }
  const auto lines = lines_of(log);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(starts_with(lines[0], "market: 1/3 generations, 2/7 days in the next (")) << lines[0];
  std::fclose(log);
}

TEST(ProgressTest, BytesAsMegabytesWithDetail) {
  const EveryUpdate every;
  std::FILE* log = std::tmpfile();
  {
    Progress progress("ingest", 4'000'000, std::string(kProgressBytes), false, log);
    progress.update(1'500'000, "pass 1");
  }
  const auto lines = lines_of(log);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(starts_with(lines[0], "ingest: 1.5/4.0 MB, pass 1 (")) << lines[0];
  EXPECT_NE(lines[0].find("MB/s"), std::string::npos) << lines[0];
  std::fclose(log);
}

// An estimated total passed (a growing file): one line for the end, not one per update.
TEST(ProgressTest, EndLineOnce) {
  const EveryUpdate rarely("1000");
  std::FILE* log = std::tmpfile();
  {
    Progress progress("ingest", 10, "bytes", false, log);
    progress.update(3);  // too soon after the start: not printed
    progress.update(10);
    progress.update(12);
    progress.update(15);
  }
  EXPECT_EQ(lines_of(log).size(), 1u);
  std::fclose(log);
}

TEST(ProgressTest, QuietPrintsNothing) {
  const EveryUpdate every;
  std::FILE* log = std::tmpfile();
  {
    Progress progress("bench", 2, "measurements", true, log);
    progress.update(0, "now a case");
    progress.update_within(0, 1, 2, "parts");
    progress.update(2);
    progress.finish();
  }
  EXPECT_TRUE(lines_of(log).empty());
  std::fclose(log);
}

TEST(ProgressTest, IntervalFromTheEnvironment) {
  {
    const EveryUpdate setting("2.5");
    EXPECT_EQ(Progress::interval_seconds(false), 2.5);
    EXPECT_EQ(Progress::interval_seconds(true), 2.5);
  }
  for (const char* bad : {"soon", "-1", "1s"}) {
    const EveryUpdate setting(bad);
    EXPECT_EQ(Progress::interval_seconds(false), 5.0) << bad;
    EXPECT_EQ(Progress::interval_seconds(true), 0.2) << bad;
  }
}

}  // namespace
}  // namespace evomarket
