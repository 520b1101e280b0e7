// The wide day-row reader's header labels (by end, or by start with --label start)
// (host/profiles/ingest_readers.h); the reader itself is exercised end to end in
// ingest_conformance_test.cpp.
#include <gtest/gtest.h>

#include "host/profiles/ingest_readers.h"

namespace evomarket {
namespace {

TEST(WideReaderTest, IntervalColumnsAreLabelledByTheirEnd) {
  EXPECT_EQ(interval_end("0:30"), 30);
  EXPECT_EQ(interval_end("00:30"), 30);
  EXPECT_EQ(interval_end("23:30"), 1410);
  EXPECT_EQ(interval_end("0:00"), 1440);  // midnight ends the day's last interval
  for (const char* bad : {"", "date", "24:00", "0:60", "0:3", "000:30", ":30", "1:30x", "a:30"}) {
    EXPECT_FALSE(interval_end(bad).has_value()) << bad;
  }
}

// --label start: "0:00" starts the day's first interval. Gets instead: no way to read a wide file
// whose columns are labelled by their start.
TEST(WideReaderTest, IntervalColumnsLabelledByTheirStart) {
  EXPECT_EQ(interval_start("0:00"), 0);
  EXPECT_EQ(interval_start("0:30"), 30);
  EXPECT_EQ(interval_start("23:30"), 1410);
  EXPECT_FALSE(interval_start("24:00").has_value());
}

}  // namespace
}  // namespace evomarket
