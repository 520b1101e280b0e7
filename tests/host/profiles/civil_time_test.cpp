// The one civil-time implementation (host/profiles/civil_time.h): known day numbers, the
// Gregorian leap rules, dates before 1970, round trips, and the spellings of dates, timestamps
// and UTC offsets that ingest and synth accept.
#include <gtest/gtest.h>

#include <stdexcept>

#include "host/profiles/civil_time.h"

namespace evomarket {
namespace {

TEST(CivilTimeTest, KnownDayNumbers) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(1970, 1, 2), 1);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(2026, 1, 5), 20458);
  EXPECT_EQ(days_from_civil(CivilDate{2026, 1, 5}), 20458);
  // Before 1970: negative.
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(1900, 1, 1), -25567);
  EXPECT_EQ(days_from_civil(1600, 3, 1), -135080);
}

TEST(CivilTimeTest, LeapYears) {
  EXPECT_TRUE(is_leap_year(2000));   // divisible by 400
  EXPECT_FALSE(is_leap_year(1900));  // divisible by 100, not by 400
  EXPECT_TRUE(is_leap_year(2024));
  EXPECT_FALSE(is_leap_year(2023));
  EXPECT_EQ(days_in_month(2000, 2), 29);
  EXPECT_EQ(days_in_month(1900, 2), 28);
  EXPECT_TRUE(is_valid_date(2000, 2, 29));
  EXPECT_FALSE(is_valid_date(1900, 2, 29));
  EXPECT_FALSE(is_valid_date(2021, 4, 31));
  EXPECT_FALSE(is_valid_date(2021, 13, 1));
  EXPECT_FALSE(is_valid_date(2021, 0, 1));
  // March 1st follows February 29th in 2000, February 28th in 1900.
  EXPECT_EQ(days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28), 2);
  EXPECT_EQ(days_from_civil(1900, 3, 1) - days_from_civil(1900, 2, 28), 1);
  EXPECT_EQ(days_from_civil(2001, 1, 1) - days_from_civil(2000, 1, 1), 366);
  EXPECT_EQ(days_from_civil(1901, 1, 1) - days_from_civil(1900, 1, 1), 365);
}

TEST(CivilTimeTest, CivilFromDaysInvertsDaysFromCivil) {
  for (int64_t d = -200000; d < 200000; d += 7) {
    const CivilDate c = civil_from_days(d);
    ASSERT_TRUE(is_valid_date(c.year, c.month, c.day)) << d;
    ASSERT_EQ(days_from_civil(c), d);
  }
  const CivilDate d = civil_from_days(-1);
  EXPECT_EQ(d.year, 1969);
  EXPECT_EQ(d.month, 12);
  EXPECT_EQ(d.day, 31);
  const CivilDate leap = civil_from_days(days_from_civil(2000, 3, 1) - 1);
  EXPECT_EQ(leap.month, 2);
  EXPECT_EQ(leap.day, 29);
}

TEST(CivilTimeTest, DayOfYearAndWeekends) {
  EXPECT_EQ(day_of_year(CivilDate{2026, 1, 1}), 1);
  EXPECT_EQ(day_of_year(CivilDate{2024, 12, 31}), 366);
  EXPECT_EQ(day_of_year(CivilDate{2023, 12, 31}), 365);
  EXPECT_EQ(day_of_year(CivilDate{2026, 3, 1}), 60);
  EXPECT_EQ(day_of_year(CivilDate{1900, 3, 1}), 60);
  EXPECT_FALSE(is_weekend(0));   // 1970-01-01, a Thursday
  EXPECT_TRUE(is_weekend(2));    // Saturday
  EXPECT_TRUE(is_weekend(3));    // Sunday
  EXPECT_FALSE(is_weekend(4));   // Monday
  EXPECT_TRUE(is_weekend(-4));   // 1969-12-28, a Sunday
  EXPECT_TRUE(is_weekend(-5));   // 1969-12-27, a Saturday
  EXPECT_FALSE(is_weekend(-6));  // 1969-12-26, a Friday
}

TEST(CivilTimeTest, UtcOffsets) {
  EXPECT_EQ(parse_utc_offset("+10:00"), 36000);
  EXPECT_EQ(parse_utc_offset("-03:30"), -12600);
  EXPECT_EQ(parse_utc_offset("+0530"), 19800);
  EXPECT_EQ(parse_utc_offset("-0530"), -19800);
  EXPECT_EQ(parse_utc_offset("+05"), 18000);
  EXPECT_EQ(parse_utc_offset("+14:00"), 14 * 3600);
  EXPECT_EQ(parse_utc_offset("+14:30"), 14 * 3600 + 1800);  // hours at most 14, minutes 59
  EXPECT_EQ(parse_utc_offset("-00:00"), 0);
  EXPECT_EQ(parse_utc_offset(" +01:00 "), 3600);  // blanks around
  EXPECT_EQ(parse_utc_offset("+10:"), 36000);     // a colon without minutes (accepted by ingest)
  for (const char* utc : {"Z", "z", "UTC", "utc"}) EXPECT_EQ(parse_utc_offset(utc), 0) << utc;
  for (const char* bad : {"", "10:00", "+10:60", "+15:00", "+1:00", "+10:0", "+100", "+10000",
                          "+10:00x", "Sydney", "UTC+1", "+ab:cd", "GMT"}) {
    EXPECT_FALSE(parse_utc_offset(bad).has_value()) << bad;
  }
}

TEST(CivilTimeTest, IsoDates) {
  const auto d = parse_iso_date("2024-02-29");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->year, 2024);
  EXPECT_EQ(d->month, 2);
  EXPECT_EQ(d->day, 29);
  EXPECT_TRUE(parse_iso_date(" 1969-07-20 ").has_value());
  EXPECT_TRUE(parse_iso_date("1899-12-31").has_value());  // any four-digit year
  for (const char* bad : {"2023-02-29", "1900-02-29", "2021-13-01", "2021-00-10", "2021-04-31",
                          "2021-4-1", "21-04-01", "2021/04/01", "2021-04-01T00:00", "", "x"}) {
    EXPECT_FALSE(parse_iso_date(bad).has_value()) << bad;
  }
}

TEST(CivilTimeTest, Timestamps) {
  EXPECT_EQ(parse_timestamp("1970-01-01T00:00:00Z", std::nullopt), 0);
  EXPECT_EQ(parse_timestamp("1970-01-01 01:00", 3600), 0);
  EXPECT_EQ(parse_timestamp("2000-03-01T12:30:15+02:00", std::nullopt),
            11017 * kSecondsPerDay + 10 * 3600 + 30 * 60 + 15);
  EXPECT_EQ(parse_timestamp("2000-03-01T12:30-0130", 0), 11017 * kSecondsPerDay + 14 * 3600);
  EXPECT_EQ(parse_timestamp("1969-12-31T23:00Z", std::nullopt), -3600);
  // An offset in the text wins over the default.
  EXPECT_EQ(parse_timestamp("1970-01-02T00:00Z", 36000), kSecondsPerDay);
  EXPECT_THROW(parse_timestamp("1970-01-01T00:00", std::nullopt), std::invalid_argument);
  for (const char* bad : {"1970-01-01", "1970-02-30T00:00", "1970-01-01T24:00", "1970-01-01T00:60",
                          "1970-01-01T00:00:60", "1970-01-01T00:00+15:00", "1970-1-1T00:00"}) {
    EXPECT_THROW(parse_timestamp(bad, 0), std::invalid_argument) << bad;
  }
}

TEST(CivilTimeTest, DatesInCommonSpellings) {
  for (const char* date : {"1/3/2021", "01/03/2021", "1/03/21", "2021-03-01", "1-Mar-2021",
                           "01-march-2021", " 1/3/2021 "}) {
    EXPECT_EQ(parse_date(date), days_from_civil(2021, 3, 1)) << date;
  }
  EXPECT_EQ(parse_date("3/1/2021", true), days_from_civil(2021, 3, 1));
  EXPECT_EQ(parse_date("2021-03-01", true), days_from_civil(2021, 3, 1));
  EXPECT_EQ(parse_date("1-Mar-2021", true), days_from_civil(2021, 3, 1));
  EXPECT_EQ(parse_date("31/12/1969"), -1);
  EXPECT_THROW(parse_date("2021-3-1x"), std::invalid_argument);
  EXPECT_THROW(parse_date("31/2/2021"), std::invalid_argument);
  EXPECT_THROW(parse_date("29/2/2100"), std::invalid_argument);  // 2100 is not a leap year
  EXPECT_THROW(parse_date("13/13/2021", true), std::invalid_argument);
  EXPECT_THROW(parse_date("1-Foo-2021"), std::invalid_argument);
}

TEST(CivilTimeTest, TimestampsSpellTheOffsetAndRoundTrip) {
  const int64_t t = parse_timestamp("2016-06-06T00:30:00+02:00", std::nullopt);
  EXPECT_EQ(format_timestamp(t, 2 * 3600), "2016-06-06T00:30:00+02:00");
  EXPECT_EQ(format_timestamp(t, 0), "2016-06-05T22:30:00+00:00");
  EXPECT_EQ(format_timestamp(t, -(5 * 3600 + 30 * 60)), "2016-06-05T17:00:00-05:30");
  EXPECT_EQ(format_timestamp(-1, 0), "1969-12-31T23:59:59+00:00");
  EXPECT_EQ(format_timestamp(0, 10 * 3600).size(), kTimestampChars);
  for (int32_t offset : {-12 * 3600, -1800, 0, 3600, 14 * 3600}) {
    const std::string text = format_timestamp(1'700'000'000, offset);
    EXPECT_EQ(parse_timestamp(text, std::nullopt), 1'700'000'000) << text;
  }
}

}  // namespace
}  // namespace evomarket
