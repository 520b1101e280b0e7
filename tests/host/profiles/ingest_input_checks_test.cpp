// evomarket ingest against hostile or odd input: values out of range, dates before 1970, spans
// beyond the store's limit, byte-order marks, CR line endings, huge fields in error messages and
// conflicting duplicate rows (docs/ingest.md). Every failure leaves --out absent.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "host/errors.h"
#include "host/profiles/gap_policy.h"
#include "host/profiles/meter_ingest.h"
#include "io/profile_store.h"
#include "kernels/profile.h"
#include "support/ingest_test.h"

namespace evomarket {
namespace {

class IngestChecks : public evomarket::testing::IngestTest {
 protected:
  // The wide layout with 6-hour intervals: id,day,kind,6:00,12:00,18:00,0:00.
  IngestOptions wide_options(const std::string& input) {
    IngestOptions o = IngestTest::wide_options(input);
    o.meter_column = "id";
    o.date_column = "day";
    o.quantity_column = "kind";
    o.load_quantities = {"L"};
    o.pv_quantities = {"G"};
    return o;
  }
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const char* kWideHeader = "id,day,kind,6:00,12:00,18:00,0:00\n";

// Two days of one meter, timestamps labelling interval ends, 6-hour slots.
std::string long_rows(const std::string& load_of_third_row) {
  return "meter,time,load,pv\n"
         "a,2020-01-01T06:00:00Z,1,0\na,2020-01-01T12:00:00Z,1,0\n"
         "a,2020-01-01T18:00:00Z," +
         load_of_third_row + ",0\na,2020-01-02T00:00:00Z,1,0\n";
}

// --- item 5: values are finite and within kMaxSlotKwh ------------------------------------------

TEST_F(IngestChecks, HugeValueIsRefusedNamingTheLine) {
  const std::string e = error_of(long_options(write("huge.csv", long_rows("1e30"))));
  EXPECT_TRUE(contains(e, "huge.csv:4")) << e;
  EXPECT_TRUE(contains(e, "kWh")) << e;
  EXPECT_TRUE(contains(e, "1e+30")) << e;
}

TEST_F(IngestChecks, ValueThatIsInfiniteAsFloatIsRefused) {
  // 1e308 is a finite double but no float32: it used to be stored as inf.
  const std::string e = error_of(long_options(write("inf.csv", long_rows("1e308"))));
  EXPECT_TRUE(contains(e, "inf.csv:4")) << e;
  // kW times hours overflows the double itself.
  IngestOptions o = long_options(write("kw.csv", long_rows("1.7e308")));
  o.units = "kw";
  const std::string kw = error_of(o);
  EXPECT_TRUE(contains(kw, "kw.csv:4")) << kw;
  EXPECT_TRUE(contains(kw, "finite")) << kw;
}

TEST_F(IngestChecks, BoundIsInclusiveAndNetMayBeNegativeToIt) {
  IngestOptions max = long_options(write("max.csv", long_rows("100000")));
  max.out = file("max.h5");
  EXPECT_EQ(error_of(max), "no error");
  EXPECT_TRUE(
      contains(error_of(long_options(write("over.csv", long_rows("100000.5")))), "over.csv:4"));
  IngestOptions o = long_options(write("net.csv",
                                       "meter,time,net\na,2020-01-01T06:00:00Z,-1\n"
                                       "a,2020-01-01T12:00:00Z,-200000\n"));
  o.load.clear();
  o.pv.clear();
  o.net = "net";
  EXPECT_TRUE(contains(error_of(o), "net.csv:3"));
}

TEST_F(IngestChecks, WideCellAboveTheBoundIsRefused) {
  const std::string csv =
      std::string(kWideHeader) + "m,2020-01-01,L,1,2,3,4\n" + "m,2020-01-01,G,0,1e9,0,0\n";
  const std::string e = error_of(wide_options(write("w.csv", csv)));
  EXPECT_TRUE(contains(e, "w.csv:3")) << e;
}

// --- item 6: dates before 1970, spans beyond kMaxStoreDays ------------------------------------

TEST_F(IngestChecks, WideDaysBefore1970AreKept) {
  const std::string csv = std::string(kWideHeader) + "m,1969-12-30,L,1,2,3,4\n" +
                          "m,1969-12-30,G,0,1,0,0\nm,1969-12-31,L,1,1,1,1\n" +
                          "m,1969-12-31,G,0,2,0,0\nm,1970-01-01,L,5,5,5,5\n" +
                          "m,1970-01-01,G,0,3,0,0\n";
  const IngestReport r = ingest(wide_options(write("old.csv", csv)));
  EXPECT_EQ(r.counts.meter_days, 3u);
  const io::ProfileStore store = io::ProfileStore::open(file("wide.h5"));
  ASSERT_EQ(store.days(), 3u);
  EXPECT_EQ(store.meta().start_utc, -2 * 86400);
  const io::DayBatch b = store.read_days(0, 3);
  EXPECT_FLOAT_EQ(b.load[1], 2.0f);
  EXPECT_FLOAT_EQ(b.pv[5], 2.0f);
  EXPECT_FLOAT_EQ(b.load[8], 5.0f);
}

TEST_F(IngestChecks, WideYearTypoIsRefusedBeforeWriting) {
  // 2212 for 2012: with --policy fill this used to build a 200-year store.
  const std::string csv = std::string(kWideHeader) + "m,2012-07-01,L,1,2,3,4\n" +
                          "m,2012-07-01,G,0,1,0,0\nm,2212-07-02,L,1,1,1,1\n" +
                          "m,2212-07-02,G,0,2,0,0\n";
  IngestOptions o = wide_options(write("typo.csv", csv));
  o.policy = "fill";
  const std::string e = error_of(o);
  EXPECT_TRUE(contains(e, "typo.csv:4")) << e;
  EXPECT_TRUE(contains(e, "100 years")) << e;
}

TEST_F(IngestChecks, LongYearTypoIsRefusedBeforeWriting) {
  const std::string csv =
      "meter,time,load,pv\na,2020-01-01T06:00:00Z,1,0\na,2020-01-01T12:00:00Z,1,0\n"
      "a,2220-01-01T18:00:00Z,1,0\n";
  IngestOptions o = long_options(write("typo.csv", csv));
  o.policy = "fill";
  const std::string e = error_of(o);
  EXPECT_TRUE(contains(e, "typo.csv:4")) << e;
  EXPECT_TRUE(contains(e, "100 years")) << e;
}

TEST_F(IngestChecks, SpanJustInsideTheLimitIsAccepted) {
  // kMaxStoreDays days exactly: 1900-01-01 and 2000-03-16 are 36599 days apart (skip policy:
  // only the two days are written).
  const std::string csv = std::string(kWideHeader) + "m,1900-01-01,L,1,2,3,4\n" +
                          "m,1900-01-01,G,0,1,0,0\nm,2000-03-16,L,1,1,1,1\n" +
                          "m,2000-03-16,G,0,2,0,0\n";
  static_assert(io::kMaxStoreDays == 36600);
  EXPECT_EQ(error_of(wide_options(write("century.csv", csv))), "no error");
  const std::string over = std::string(kWideHeader) + "m,1900-01-01,L,1,2,3,4\n" +
                           "m,1900-01-01,G,0,1,0,0\nm,2000-03-17,L,1,1,1,1\n" +
                           "m,2000-03-17,G,0,2,0,0\n";
  IngestOptions o = wide_options(write("over.csv", over));
  o.out = file("over.h5");
  EXPECT_TRUE(contains(error_of(o), "over.csv:4"));
}

// --- item 9: BOM, CR endings, field truncation, dates with many digits, duplicates ------------

TEST_F(IngestChecks, ByteOrderMarkBeforeTheHeaderIsIgnored) {
  const IngestReport r = ingest(long_options(write("bom.csv", "\xEF\xBB\xBF" + long_rows("1"))));
  EXPECT_EQ(r.counts.rows, 4u);
}

TEST_F(IngestChecks, CrLfAndCrOnlyLineEndingsReadLikeLf) {
  auto with_endings = [](std::string text, const std::string& ending) {
    std::string out;
    for (char c : text) {
      if (c == '\n') {
        out += ending;
      } else {
        out += c;
      }
    }
    return out;
  };
  const std::string lf = long_rows("2.5");
  for (const std::string ending : {"\r\n", "\r"}) {
    IngestOptions o = long_options(write("cr.csv", with_endings(lf, ending)));
    o.out = file("cr.h5");
    const IngestReport r = ingest(o);
    EXPECT_EQ(r.counts.rows, 4u);
    const io::ProfileStore store = io::ProfileStore::open(o.out);
    EXPECT_FLOAT_EQ(store.read_days(0, 1).load[2], 2.5f);
    std::filesystem::remove(o.out);
  }
  // Line numbers in errors count CR-terminated lines.
  const std::string e =
      error_of(long_options(write("bad.csv", with_endings(long_rows("x"), "\r"))));
  EXPECT_TRUE(contains(e, "bad.csv:4")) << e;
}

TEST_F(IngestChecks, HugeFieldIsCutInTheErrorMessage) {
  const std::string big(5'000'000, '7');
  const std::string e = error_of(long_options(write("big.csv", long_rows(big + "x"))));
  EXPECT_TRUE(contains(e, "big.csv:4")) << e.substr(0, 200);
  EXPECT_LT(e.size(), 400u) << e.substr(0, 200);
  EXPECT_TRUE(contains(e, "…")) << e.substr(0, 200);
  const std::string date =
      std::string(kWideHeader) + "m," + std::string(100000, '1') + ",L,1,2,3,4\n";
  const std::string d = error_of(wide_options(write("date.csv", date)));
  EXPECT_LT(d.size(), 400u) << d.substr(0, 200);
}

TEST_F(IngestChecks, DateWithThirtyDigitsIsAnError) {
  // read_number used to multiply before counting digits (signed overflow under UBSan).
  const std::string csv =
      std::string(kWideHeader) + "m,1/7/123456789012345678901234567890,L," + "1,2,3,4\n";
  const std::string e = error_of(wide_options(write("digits.csv", csv)));
  EXPECT_TRUE(contains(e, "digits.csv:2")) << e;
  EXPECT_TRUE(contains(e, "expected a date")) << e;
}

TEST_F(IngestChecks, ConflictingDuplicateRowNamesBothLines) {
  // One meter, the same timestamp twice with different values: the slot length cannot be
  // inferred, but the real problem is the duplicate.
  const std::string csv =
      "meter,time,load,pv\na,2020-01-01T06:00:00Z,1,0\na,2020-01-01T06:00:00Z,2,0\n";
  const std::string e = error_of(long_options(write("dup.csv", csv)));
  EXPECT_TRUE(contains(e, "dup.csv:3")) << e;
  EXPECT_TRUE(contains(e, "dup.csv:2")) << e;
  EXPECT_TRUE(contains(e, "duplicate")) << e;
  // With a known slot length the second pass names both lines too.
  const std::string more =
      "meter,time,load,pv\na,2020-01-01T06:00:00Z,1,0\n"
      "a,2020-01-01T06:00:00Z,2,0\na,2020-01-01T12:00:00Z,2,0\n";
  const std::string m = error_of(long_options(write("dup2.csv", more)));
  EXPECT_TRUE(contains(m, "dup2.csv:3")) << m;
  EXPECT_TRUE(contains(m, "dup2.csv:2")) << m;
  // An identical duplicate is still skipped (policy skip) and counted.
  const std::string same =
      "meter,time,load,pv\na,2020-01-01T06:00:00Z,1,0\n"
      "a,2020-01-01T06:00:00Z,1,0\na,2020-01-01T12:00:00Z,2,0\n";
  IngestOptions o = long_options(write("same.csv", same));
  EXPECT_EQ(ingest(o).counts.skipped_rows, 1u);
}

}  // namespace
}  // namespace evomarket
