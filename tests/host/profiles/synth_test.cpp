// The synthetic community (host/synth.h, docs/synth.md): option checks, calendar, solar geometry
// against an independent reference, statistics of the generated homes, and the written store.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "host/errors.h"
#include "host/profiles/civil_time.h"
#include "host/profiles/synth.h"
#include "io/profile_store.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

using synth::Generator;

constexpr double kPi = 3.14159265358979323846;

// Expects ConfigError whose message names `option`.
void expect_rejected(const SynthOptions& o, const std::string& option) {
  try {
    validate_synth_options(o);
    ADD_FAILURE() << "accepted options that should fail on " << option;
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(option), std::string::npos) << e.what();
  }
}

TEST(SynthOptionsTest, DefaultsAndDefaultCommunityAreValid) {
  EXPECT_NO_THROW(validate_synth_options(SynthOptions{}));
  const SynthOptions c = default_community();
  EXPECT_NO_THROW(validate_synth_options(c));
  EXPECT_EQ(c.meters, 1000u);
  EXPECT_EQ(c.days, 7u);
  EXPECT_LT(c.latitude_deg, 0);  // Sydney
  const auto d = parse_iso_date(c.start_date);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->month, 1);  // southern summer
  // A Monday: the week runs Monday to Sunday.
  const int64_t days = days_from_civil(*d);
  EXPECT_FALSE(is_weekend(days));
  EXPECT_FALSE(is_weekend(days - 3));  // Friday
  EXPECT_TRUE(is_weekend(days - 1));   // Sunday
  EXPECT_TRUE(is_weekend(days + 5));   // Saturday
}

TEST(SynthOptionsTest, RejectsBadOptionsNamingTheOption) {
  SynthOptions o;
  o.slot_minutes = 7;
  expect_rejected(o, "--slot-minutes");
  o.slot_minutes = 0;
  expect_rejected(o, "--slot-minutes");
  o = SynthOptions{};
  o.pv_share = -0.1;
  expect_rejected(o, "--pv-share");
  o.pv_share = 1.5;
  expect_rejected(o, "--pv-share");
  o.pv_share = std::numeric_limits<double>::quiet_NaN();
  expect_rejected(o, "--pv-share");
  o = SynthOptions{};
  o.meters = 0;
  expect_rejected(o, "--meters");
  o = SynthOptions{};
  o.days = 0;
  expect_rejected(o, "--days");
  for (const char* bad : {"2026-02-29", "2026-13-01", "2026-1-5", "05/01/2026", "", "x"}) {
    o = SynthOptions{};
    o.start_date = bad;
    expect_rejected(o, "--start-date");
  }
  o = SynthOptions{};
  o.time_zone = "+01:00";  // the offset says +10:00
  expect_rejected(o, "--time-zone");
  o.utc_offset_seconds = 15 * 3600;
  expect_rejected(o, "--time-zone");
  o = SynthOptions{};
  o.latitude_deg = 91;
  expect_rejected(o, "--latitude");
  o = SynthOptions{};
  o.mean_daily_load_kwh = 0;
  expect_rejected(o, "--mean-load");
  o = SynthOptions{};
  o.mean_pv_kwp = -1;
  expect_rejected(o, "--mean-pv-kwp");
  // synthesize_profiles needs a file to write.
  try {
    synthesize_profiles(SynthOptions{});
    ADD_FAILURE() << "synthesize_profiles without --out";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("--out"), std::string::npos) << e.what();
  }
  // 2024 is a leap year.
  o = SynthOptions{};
  o.start_date = "2024-02-29";
  EXPECT_NO_THROW(validate_synth_options(o));
}

TEST(SynthOptionsTest, ParsesUtcOffsets) {
  EXPECT_EQ(parse_time_zone_option("+10:00", "--tz"), 36000);
  EXPECT_EQ(parse_time_zone_option("-03:30", "--tz"), -12600);
  EXPECT_EQ(parse_time_zone_option("+0530", "--tz"), 19800);
  EXPECT_EQ(parse_time_zone_option("+05", "--tz"), 18000);
  EXPECT_EQ(parse_time_zone_option("UTC", "--tz"), 0);
  EXPECT_EQ(parse_time_zone_option("Z", "--tz"), 0);
  EXPECT_EQ(parse_time_zone_option("z", "--tz"), 0);
  EXPECT_EQ(parse_time_zone_option("+14:00", "--tz"), 14 * 3600);
  for (const char* bad : {"10:00", "+10:60", "+15:00", "+14:30", "+1:00", "Sydney", ""}) {
    EXPECT_THROW(parse_time_zone_option(bad, "--tz"), ConfigError) << bad;
  }
  // A label that is not an offset is kept as it is.
  SynthOptions o;
  o.time_zone = "Australia/Brisbane";
  EXPECT_NO_THROW(validate_synth_options(o));
}

// Day 0 starts at local midnight of the start date (the calendar itself: civil_time_test.cpp).
TEST(SynthCalendarTest, StartsAtLocalMidnight) {
  EXPECT_EQ(Generator(SynthOptions{}).start_utc(), 1767535200);  // 2026-01-04T14:00:00Z
  SynthOptions o;
  o.start_date = "1969-12-31";
  o.time_zone = "-03:30";
  o.utc_offset_seconds = -12600;
  EXPECT_EQ(Generator(o).start_utc(), -86400 + 12600);
  const synth::Day first = Generator(SynthOptions{}).day(0);  // Monday 2026-01-05
  EXPECT_EQ(first.day_of_year, 5);
  EXPECT_FALSE(first.weekend);
}

// Daily clear-sky PV energy per kWp from an independent implementation: Cooper's declination,
// no equation of time (a shift within the day hardly changes the total), 10-second steps.
double reference_daily_kwh_per_kwp(double latitude_deg, int day_of_year) {
  const double decl = 23.45 * kPi / 180 * std::sin(2 * kPi * (284 + day_of_year) / 365.0);
  const double lat = latitude_deg * kPi / 180;
  double wh_per_m2 = 0;
  const double step_h = 10.0 / 3600;
  for (double h = step_h / 2; h < 24; h += step_h) {
    const double cz = std::sin(lat) * std::sin(decl) +
                      std::cos(lat) * std::cos(decl) * std::cos((h - 12) * 15 * kPi / 180);
    if (cz > 0) wh_per_m2 += 1098 * cz * std::exp(-0.057 / cz) * step_h;
  }
  return 0.8 * wh_per_m2 / 1000;
}

double sum(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

TEST(SynthSolarTest, ClearSkyPvPerKwpAtSydneyInJanuary) {
  const double reference = reference_daily_kwh_per_kwp(-33.87, 15);
  EXPECT_GT(reference, 5.0);
  EXPECT_LT(reference, 8.0);
  for (uint32_t slot_minutes : {5u, 30u, 60u}) {
    const double got = sum(synth::clear_sky_pv_kwh_per_kwp(-33.87, 36000, 15, slot_minutes));
    EXPECT_NEAR(got, reference, 0.02 * reference) << slot_minutes;
    EXPECT_GT(got, 5.0);
    EXPECT_LT(got, 8.0);
  }
  // Midsummer noon at Sydney: the sun ~12 degrees from the zenith, about 1000 W/m^2.
  EXPECT_NEAR(synth::haurwitz_ghi(std::cos(12.4 * kPi / 180)), 1012, 5);
  EXPECT_EQ(synth::haurwitz_ghi(0), 0);
  EXPECT_EQ(synth::haurwitz_ghi(-0.3), 0);
}

TEST(SynthSolarTest, SummerPvExceedsWinterForTheHemisphere) {
  for (double lat : {-33.87, -12.0, 35.0, 52.5}) {
    const double jan = sum(synth::clear_sky_pv_kwh_per_kwp(lat, 0, 15, 30));
    const double jul = sum(synth::clear_sky_pv_kwh_per_kwp(lat, 0, 196, 30));
    if (lat < 0) {
      EXPECT_GT(jan, 1.2 * jul) << lat;
    } else {
      EXPECT_GT(jul, 1.2 * jan) << lat;
    }
  }
}

TEST(SynthSolarTest, ZeroAtNightPeakAtSolarNoon) {
  for (int doy : {15, 105, 196, 288}) {
    const std::vector<double> pv = synth::clear_sky_pv_kwh_per_kwp(-33.87, 36000, doy, 30);
    ASSERT_EQ(pv.size(), 48u);
    for (uint32_t s = 0; s < 48; ++s) {
      const double hour = s / 2.0;
      if (hour < 4.5 || hour >= 20.5) EXPECT_EQ(pv[s], 0.0) << doy << " slot " << s;
    }
    // With the longitude taken from the offset, solar noon is 12:00 minus the equation of time.
    const double noon = 12.0 - synth::equation_of_time_minutes(doy) / 60.0;
    const size_t peak = std::max_element(pv.begin(), pv.end()) - pv.begin();
    EXPECT_LE(std::fabs((peak + 0.5) / 2.0 - noon), 0.5) << doy;
    // Symmetric around solar noon: 11:00-11:30 and 12:30-13:00 within a few per cent.
    if (std::fabs(noon - 12.0) < 1.0 / 60) EXPECT_NEAR(pv[22], pv[25], 0.03 * pv[22]);
  }
  EXPECT_EQ(synth::longitude_from_offset_deg(36000), 150.0);
  EXPECT_EQ(synth::longitude_from_offset_deg(-19800), -82.5);
}

TEST(SynthLoadTest, SeasonFactorHasTheDocumentedShapeAndMeanOne) {
  double mean = 0;
  for (int doy = 1; doy <= 365; ++doy) mean += synth::load_season_factor(doy, -33.87) / 365;
  EXPECT_NEAR(mean, 1.0, 0.005);
  EXPECT_NEAR(synth::load_season_factor(196, -33.87), 1.30 / 1.10, 1e-9);  // mid-winter
  EXPECT_NEAR(synth::load_season_factor(15, 48.0), 1.30 / 1.10, 1e-9);
  // Southern summer below winter, but above the shoulder seasons (cooling).
  const double summer = synth::load_season_factor(15, -33.87);
  const double autumn = synth::load_season_factor(105, -33.87);
  EXPECT_NEAR(summer, 1.0, 1e-3);
  EXPECT_NEAR(autumn, 1.0 / 1.10, 2e-3);
  EXPECT_LT(summer, synth::load_season_factor(196, -33.87));
  EXPECT_LT(autumn, summer);
}

TEST(SynthLoadTest, ShapesHaveMorningAndEveningPeaks) {
  for (bool weekend : {false, true}) {
    const double night = synth::load_shape(3.0, weekend);
    const double evening = synth::load_shape(19.0, weekend);
    const double midday = synth::load_shape(12.0, weekend);
    EXPECT_GT(evening, 2 * night);
    EXPECT_GT(evening, midday);
  }
  // Weekday mornings peak earlier and sharper than weekend mornings.
  EXPECT_GT(synth::load_shape(7.5, false), synth::load_shape(7.5, true));
  EXPECT_LT(synth::load_shape(10.0, false), synth::load_shape(10.0, true));
}

SynthOptions many_homes(uint64_t meters) {
  SynthOptions o;
  o.meters = meters;
  return o;
}

TEST(SynthGeneratorTest, PvShareAndHomesWithoutPv) {
  SynthOptions o = many_homes(5000);
  const Generator gen(o);
  const synth::Day day = gen.day(0);
  std::vector<float> load(gen.slots_per_day()), pv(gen.slots_per_day());
  uint64_t with_pv = 0;
  double capacity = 0;
  for (uint64_t m = 0; m < o.meters; ++m) {
    const synth::Home home = gen.home(m);
    if (home.pv_capacity_kw > 0) {
      ++with_pv;
      capacity += home.pv_capacity_kw;
    }
    if (m < 500) {
      gen.meter_day(home, day, load.data(), pv.data());
      const bool any_pv = std::any_of(pv.begin(), pv.end(), [](float v) { return v > 0; });
      EXPECT_EQ(any_pv, home.pv_capacity_kw > 0) << m;
    }
  }
  EXPECT_NEAR(static_cast<double>(with_pv) / o.meters, o.pv_share, 0.03);
  EXPECT_NEAR(capacity / with_pv, o.mean_pv_kwp, 0.05 * o.mean_pv_kwp);
  // pv_share 0 and 1 are exact.
  o.meters = 300;
  o.pv_share = 0;
  const Generator none(o);
  o.pv_share = 1;
  const Generator all(o);
  for (uint64_t m = 0; m < o.meters; ++m) {
    EXPECT_EQ(none.home(m).pv_capacity_kw, 0.0);
    EXPECT_GT(all.home(m).pv_capacity_kw, 0.0);
  }
  EXPECT_EQ(gen.home(0).id, "synth-0001");
  EXPECT_EQ(gen.home(4999).id, "synth-5000");
  EXPECT_EQ(Generator(many_homes(12345)).home(6).id, "synth-00007");
}

TEST(SynthGeneratorTest, MeanDailyLoadNearTheTarget) {
  // A whole year: the seasonal factor and the weekday/weekend factors average out to 1.
  SynthOptions o = many_homes(400);
  o.days = 364;
  o.slot_minutes = 60;
  const Generator gen(o);
  std::vector<float> load(gen.slots_per_day()), pv(gen.slots_per_day());
  std::vector<synth::Home> homes;
  for (uint64_t m = 0; m < o.meters; ++m) homes.push_back(gen.home(m));
  double total = 0;
  for (uint32_t d = 0; d < o.days; d += 7) {  // one day in seven, rotating the weekday
    for (uint32_t k = 0; k < 7; ++k) {
      const synth::Day day = gen.day(d + k);
      for (uint64_t m = k; m < o.meters; m += 7) {
        gen.meter_day(homes[m], day, load.data(), pv.data());
        for (float v : load) total += v;
      }
    }
  }
  const double home_days = static_cast<double>(o.meters) * o.days / 7;
  // Between homes the level varies by a lognormal of sigma 0.35: 400 homes give ~2%.
  EXPECT_NEAR(total / home_days, o.mean_daily_load_kwh, 0.07 * o.mean_daily_load_kwh);
}

// Mean share of the day's load in the slots of [from, to) hours, over homes.
double share_of_day(const Generator& gen, const synth::Day& day, double from, double to) {
  std::vector<float> load(gen.slots_per_day()), pv(gen.slots_per_day());
  const double slot_hours = 24.0 / gen.slots_per_day();
  double share = 0;
  for (uint64_t m = 0; m < gen.options().meters; ++m) {
    gen.meter_day(gen.home(m), day, load.data(), pv.data());
    double all = 0, part = 0;
    for (uint32_t s = 0; s < gen.slots_per_day(); ++s) {
      all += load[s];
      if (s * slot_hours >= from && s * slot_hours < to) part += load[s];
    }
    share += part / all;
  }
  return share / gen.options().meters;
}

TEST(SynthGeneratorTest, WeekdayAndWeekendShapesDiffer) {
  const Generator gen(many_homes(300));
  const synth::Day monday = gen.day(0);
  const synth::Day saturday = gen.day(5);
  ASSERT_FALSE(monday.weekend);
  ASSERT_TRUE(saturday.weekend);
  // Early mornings are busier on weekdays, late mornings on weekends.
  EXPECT_GT(share_of_day(gen, monday, 6.5, 8.5), 1.15 * share_of_day(gen, saturday, 6.5, 8.5));
  EXPECT_LT(share_of_day(gen, monday, 9, 12), 0.85 * share_of_day(gen, saturday, 9, 12));
  // Both have an evening peak above the overnight base.
  for (const synth::Day* day : {&monday, &saturday}) {
    EXPECT_GT(share_of_day(gen, *day, 18, 21), 2 * share_of_day(gen, *day, 1, 4));
  }
}

TEST(SynthGeneratorTest, ValuesArePureFunctionsOfSeedMeterAndDay) {
  const Generator gen(many_homes(50));
  std::vector<float> a(48), b(48), pa(48), pb(48);
  // Order does not matter: day 3 of meter 17 before and after other work.
  gen.meter_day(gen.home(17), gen.day(3), a.data(), pa.data());
  for (uint64_t m = 0; m < 50; ++m) gen.meter_day(gen.home(m), gen.day(1), b.data(), pb.data());
  gen.meter_day(gen.home(17), gen.day(3), b.data(), pb.data());
  EXPECT_EQ(a, b);
  EXPECT_EQ(pa, pb);
  for (float v : a) EXPECT_GT(v, 0.0f);
}

class SynthStoreTest : public evomarket::testing::TempDirTest {
 protected:
  static SynthOptions small(const std::string& out, uint64_t seed = 1) {
    SynthOptions o;
    o.out = out;
    o.meters = 60;
    o.days = 7;
    o.seed = seed;
    return o;
  }
};

TEST_F(SynthStoreTest, WritesTheGeneratorsValuesAndMeta) {
  const SynthOptions o = small(file("synth.h5"), 42);
  const SynthReport report = synthesize_profiles(o);
  EXPECT_EQ(report.meters, 60u);
  EXPECT_EQ(report.days, 7u);
  EXPECT_EQ(report.slots_per_day, 48u);
  EXPECT_NE(format_synth_report(report).find("60 synthetic homes"), std::string::npos);

  const io::ProfileStore store = io::ProfileStore::open(o.out);
  const io::ProfileMeta& meta = store.meta();
  EXPECT_EQ(meta.kind, io::ProfileKind::kLoadAndPv);
  EXPECT_EQ(meta.slot_seconds, 1800u);
  EXPECT_EQ(meta.start_utc, 1767535200);
  EXPECT_EQ(meta.utc_offset_seconds, 36000);
  EXPECT_EQ(meta.time_zone, "+10:00");
  EXPECT_EQ(meta.source, "synthetic (seed 42, latitude -33.87)");
  EXPECT_EQ(store.meters(), 60u);
  EXPECT_EQ(store.days(), 7u);
  EXPECT_EQ(store.counts().meter_days, 420u);

  const Generator gen(o);
  const io::DayBatch batch = store.read_days(0, 7);
  std::vector<float> load(48), pv(48);
  uint64_t pv_meters = 0;
  double total_load = 0;
  for (uint64_t m = 0; m < 60; ++m) {
    const synth::Home home = gen.home(m);
    EXPECT_EQ(store.meter_info()[m].id, home.id);
    EXPECT_EQ(store.meter_info()[m].pv_capacity_kw, home.pv_capacity_kw);
    if (home.pv_capacity_kw > 0) ++pv_meters;
    for (uint32_t d = 0; d < 7; ++d) {
      gen.meter_day(home, gen.day(d), load.data(), pv.data());
      for (uint32_t s = 0; s < 48; ++s) {
        const uint64_t at = m * batch.slots() + d * 48 + s;
        ASSERT_EQ(batch.load[at], load[s]);
        ASSERT_EQ(batch.pv[at], pv[s]);
        total_load += load[s];
        if (home.pv_capacity_kw == 0) ASSERT_EQ(batch.pv[at], 0.0f);
      }
    }
  }
  EXPECT_EQ(report.pv_meters, pv_meters);
  EXPECT_NEAR(report.total_load_kwh, total_load, 1e-6 * total_load);
}

TEST_F(SynthStoreTest, SameSeedSameStoreOtherSeedOtherStore) {
  synthesize_profiles(small(file("a.h5"), 7));
  synthesize_profiles(small(file("b.h5"), 7));
  synthesize_profiles(small(file("c.h5"), 8));
  const io::DayBatch a = io::ProfileStore::open(file("a.h5")).read_days(0, 7);
  const io::DayBatch b = io::ProfileStore::open(file("b.h5")).read_days(0, 7);
  const io::DayBatch c = io::ProfileStore::open(file("c.h5")).read_days(0, 7);
  EXPECT_EQ(a.load, b.load);
  EXPECT_EQ(a.pv, b.pv);
  EXPECT_NE(a.load, c.load);
  EXPECT_NE(a.pv, c.pv);
}

TEST_F(SynthStoreTest, CommunityPvIsZeroAtNightPeaksAtNoonAndFollowsTheSeasons) {
  SynthOptions summer = small(file("summer.h5"));
  SynthOptions winter = small(file("winter.h5"));
  winter.start_date = "2026-07-06";  // also a Monday: same weekday pattern, same weather draws
  synthesize_profiles(summer);
  synthesize_profiles(winter);
  const io::DayBatch s = io::ProfileStore::open(summer.out).read_days(0, 7);
  const io::DayBatch w = io::ProfileStore::open(winter.out).read_days(0, 7);
  std::vector<double> by_slot(48, 0.0);
  double summer_pv = 0, winter_pv = 0, summer_load = 0, winter_load = 0;
  for (uint64_t i = 0; i < s.pv.size(); ++i) {
    const uint32_t slot = (i % s.slots()) % 48;
    by_slot[slot] += s.pv[i];
    summer_pv += s.pv[i];
    winter_pv += w.pv[i];
    summer_load += s.load[i];
    winter_load += w.load[i];
  }
  for (uint32_t slot = 0; slot < 48; ++slot) {
    if (slot < 9 || slot >= 41) EXPECT_EQ(by_slot[slot], 0.0) << slot;  // before 4:30, after 20:30
  }
  const size_t peak = std::max_element(by_slot.begin(), by_slot.end()) - by_slot.begin();
  EXPECT_TRUE(peak == 23 || peak == 24) << peak;  // 11:30-12:30 around solar noon (~12:05)
  EXPECT_GT(summer_pv, 1.3 * winter_pv);
  EXPECT_GT(winter_load, 1.1 * summer_load);  // Sydney homes use more in winter
}

}  // namespace
}  // namespace evomarket
