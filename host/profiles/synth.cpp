// The synthetic community: load shapes, clear-sky PV, per-home draws and the store writer (one
// model, kept together; about 400 lines).
#include "host/profiles/synth.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "host/errors.h"
#include "host/setup/probability.h"
#include "host/staged_output.h"
#include "host/version.h"
#include "io/profile_store.h"
#include "kernels/rng.h"

namespace evomarket {
namespace synth {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDegree = kPi / 180.0;

// Philox coordinates (docs/synth.md "Randomness"). Per-home draws use a generation no day can
// have; the community's per-day draws use an entity no meter can have.
constexpr uint32_t kHomeGeneration = 0xFFFFFFFFu;
constexpr uint64_t kCommunityEntity = kMaxEntityId;
constexpr uint32_t kStepHomePv = kSynthStepBase + 0;      // has PV, capacity, shape shift
constexpr uint32_t kStepHomeLoad = kSynthStepBase + 1;    // load scale
constexpr uint32_t kStepDayWeather = kSynthStepBase + 0;  // community clearness (kCommunityEntity)
constexpr uint32_t kStepMeterDay = kSynthStepBase + 1;    // day load factor, home clearness
constexpr uint32_t kStepSlotJitter = kSynthStepBase + 2;  // + slot / 2: two slots per draw

// A uniform in (0, 1) from 32 bits: never 0, so log() below is finite.
double unit_open(uint32_t bits) {
  return (static_cast<double>(bits) + 0.5) * 0x1p-32;
}

// A standard normal from two 32-bit draws (Box-Muller, cosine branch).
double standard_normal(uint32_t a, uint32_t b) {
  return std::sqrt(-2.0 * std::log(unit_open(a))) * std::cos(2.0 * kPi * unit_open(b));
}

// exp(sigma Z - sigma^2 / 2): lognormal with mean 1.
double lognormal_mean_one(double sigma, double z) {
  return std::exp(sigma * z - 0.5 * sigma * sigma);
}

// Gaussian bump on the 24-hour circle.
double bump(double hours, double centre, double width) {
  double d = std::fabs(hours - centre);
  if (d > 12.0) d = 24.0 - d;
  return std::exp(-d * d / (2.0 * width * width));
}

// Prefix sums of the minute-resolution shape normalized to a daily total of 1.
std::vector<double> shape_prefix(bool weekend) {
  std::vector<double> minute(kMinutesPerDay);
  double total = 0;
  for (int m = 0; m < kMinutesPerDay; ++m) {
    minute[m] = load_shape((m + 0.5) / 60.0, weekend);
    total += minute[m];
  }
  std::vector<double> prefix(kMinutesPerDay + 1, 0.0);
  for (int m = 0; m < kMinutesPerDay; ++m) prefix[m + 1] = prefix[m] + minute[m] / total;
  return prefix;
}

// Share of the day in minutes [a, a + length) around the clock.
double circular_share(const std::vector<double>& prefix, int a, int length) {
  a %= kMinutesPerDay;
  if (a < 0) a += kMinutesPerDay;
  const int b = a + length;
  if (b <= kMinutesPerDay) return prefix[b] - prefix[a];
  return prefix[kMinutesPerDay] - prefix[a] + prefix[b - kMinutesPerDay];
}

std::string meter_id(uint64_t meter, uint64_t meters) {
  // Zero-padded so that ids sort like meter indices; at least four digits.
  const int width = std::max<int>(4, static_cast<int>(std::to_string(meters).size()));
  return fmt::format("synth-{:0{}}", meter + 1, width);
}

}  // namespace

double solar_declination_rad(int day_of_year) {
  const double g = 2.0 * kPi * (day_of_year - 1) / 365.0;
  return 0.006918 - 0.399912 * std::cos(g) + 0.070257 * std::sin(g) - 0.006758 * std::cos(2 * g) +
         0.000907 * std::sin(2 * g) - 0.002697 * std::cos(3 * g) + 0.00148 * std::sin(3 * g);
}

double equation_of_time_minutes(int day_of_year) {
  const double g = 2.0 * kPi * (day_of_year - 1) / 365.0;
  return 229.18 * (0.000075 + 0.001868 * std::cos(g) - 0.032077 * std::sin(g) -
                   0.014615 * std::cos(2 * g) - 0.040849 * std::sin(2 * g));
}

double longitude_from_offset_deg(int32_t utc_offset_seconds) {
  return 15.0 * utc_offset_seconds / double{kSecondsPerHour};
}

double cos_zenith(double latitude_deg, double longitude_deg, int32_t utc_offset_seconds,
                  int day_of_year, double clock_hours) {
  const double meridian_deg = 15.0 * utc_offset_seconds / double{kSecondsPerHour};
  const double solar_hours =
      clock_hours +
      (4.0 * (longitude_deg - meridian_deg) + equation_of_time_minutes(day_of_year)) / 60.0;
  const double hour_angle = 15.0 * (solar_hours - 12.0) * kDegree;
  const double lat = latitude_deg * kDegree;
  const double decl = solar_declination_rad(day_of_year);
  return std::sin(lat) * std::sin(decl) + std::cos(lat) * std::cos(decl) * std::cos(hour_angle);
}

double haurwitz_ghi(double cos_zenith) {
  if (cos_zenith <= 0) return 0.0;
  return 1098.0 * cos_zenith * std::exp(-0.057 / cos_zenith);
}

std::vector<double> clear_sky_pv_kwh_per_kwp(double latitude_deg, int32_t utc_offset_seconds,
                                             int day_of_year, uint32_t slot_minutes) {
  const double longitude = longitude_from_offset_deg(utc_offset_seconds);
  const uint32_t slots = kMinutesPerDay / slot_minutes;
  std::vector<double> kwh(slots, 0.0);
  for (uint32_t s = 0; s < slots; ++s) {
    double sum = 0;  // W/m^2 summed over the slot's minutes
    for (uint32_t k = 0; k < slot_minutes; ++k) {
      const double clock = (s * slot_minutes + k + 0.5) / 60.0;
      sum +=
          haurwitz_ghi(cos_zenith(latitude_deg, longitude, utc_offset_seconds, day_of_year, clock));
    }
    // Mean W/m^2 over the slot, per 1000 W/m^2 (the kWp rating), times the slot's hours.
    kwh[s] = kPerformanceRatio * (sum / slot_minutes) / 1000.0 * (slot_minutes / 60.0);
  }
  return kwh;
}

double load_season_factor(int day_of_year, double latitude_deg) {
  const double winter_day = latitude_deg < 0 ? 196.0 : 15.0;
  const double c = std::cos(2.0 * kPi * (day_of_year - winter_day) / 365.25);
  return (1.0 + 0.10 * c + 0.20 * c * c) / 1.10;
}

double load_shape(double clock_hours, bool weekend) {
  if (weekend) {
    return 0.32 + 0.40 * bump(clock_hours, 9.5, 1.8) + 0.30 * bump(clock_hours, 13.5, 3.0) +
           0.95 * bump(clock_hours, 19.0, 1.8);
  }
  return 0.30 + 0.55 * bump(clock_hours, 7.5, 1.0) + 0.15 * bump(clock_hours, 13.0, 3.0) +
         1.00 * bump(clock_hours, 19.0, 1.8);
}

Generator::Generator(const SynthOptions& options) : options_(options) {
  validate_synth_options(options_);
  start_ = *parse_iso_date(options_.start_date);
  slots_per_day_ = kMinutesPerDay / options_.slot_minutes;
  weekday_prefix_ = shape_prefix(false);
  weekend_prefix_ = shape_prefix(true);
}

int64_t Generator::start_utc() const {
  return days_from_civil(start_) * kSecondsPerDay - options_.utc_offset_seconds;
}

Home Generator::home(uint64_t meter) const {
  const uint64_t seed = options_.seed;
  const Draw4 pv = draw4(seed, meter, Purpose::kProfile, kHomeGeneration, kStepHomePv);
  const Draw4 load = draw4(seed, meter, Purpose::kProfile, kHomeGeneration, kStepHomeLoad);
  Home h;
  h.meter = meter;
  h.id = meter_id(meter, options_.meters);
  // Same integer threshold rule as the kernels: pv_share 0 and 1 are exact.
  if (bernoulli(pv.v[0], probability_threshold(options_.pv_share, "--pv-share"))) {
    h.pv_capacity_kw = options_.mean_pv_kwp *
                       lognormal_mean_one(kPvCapacitySigma, standard_normal(pv.v[1], pv.v[2]));
  }
  h.shape_shift_minutes =
      static_cast<int>(uniform_below(pv.v[3], 0, 2 * kMaxShapeShiftMinutes + 1)) -
      kMaxShapeShiftMinutes;
  h.load_scale = lognormal_mean_one(kHomeScaleSigma, standard_normal(load.v[0], load.v[1]));
  return h;
}

Day Generator::day(uint32_t index) const {
  Day d;
  d.index = index;
  const int64_t days = days_from_civil(start_) + index;
  d.date = civil_from_days(days);
  d.day_of_year = day_of_year(d.date);
  d.weekend = is_weekend(days);
  d.season = load_season_factor(d.day_of_year, options_.latitude_deg);
  // Clear-sky index 1 - 0.75 u^2: mostly clear days (median 0.81, mean 0.75), none darker
  // than 0.25.
  const Draw4 w = draw4(options_.seed, kCommunityEntity, Purpose::kProfile, index, kStepDayWeather);
  const double u = unit_open(w.v[0]);
  d.clearness = 1.0 - 0.75 * u * u;
  d.clear_sky_kwh_per_kwp = clear_sky_pv_kwh_per_kwp(
      options_.latitude_deg, options_.utc_offset_seconds, d.day_of_year, options_.slot_minutes);
  return d;
}

void Generator::meter_day(const Home& home, const Day& day, float* load, float* pv) const {
  const uint64_t seed = options_.seed;
  const Draw4 md = draw4(seed, home.meter, Purpose::kProfile, day.index, kStepMeterDay);
  const double day_scale = lognormal_mean_one(kDayScaleSigma, standard_normal(md.v[0], md.v[1]));
  const double daily_kwh = options_.mean_daily_load_kwh * day.season *
                           (day.weekend ? kWeekendFactor : kWeekdayFactor) * home.load_scale *
                           day_scale;
  const std::vector<double>& prefix = day.weekend ? weekend_prefix_ : weekday_prefix_;
  const int length = static_cast<int>(options_.slot_minutes);
  Draw4 jitter{};
  for (uint32_t s = 0; s < slots_per_day_; ++s) {
    if (s % 2 == 0) {
      jitter = draw4(seed, home.meter, Purpose::kProfile, day.index, kStepSlotJitter + s / 2);
    }
    const double z = s % 2 == 0 ? standard_normal(jitter.v[0], jitter.v[1])
                                : standard_normal(jitter.v[2], jitter.v[3]);
    // A home running late by `shift` minutes uses at clock minute t the shape's t - shift.
    const double share =
        circular_share(prefix, static_cast<int>(s) * length - home.shape_shift_minutes, length);
    load[s] = static_cast<float>(daily_kwh * share * lognormal_mean_one(kSlotJitterSigma, z));
  }
  const double clearness =
      day.clearness * lognormal_mean_one(kHomeClearnessSigma, standard_normal(md.v[2], md.v[3]));
  for (uint32_t s = 0; s < slots_per_day_; ++s) {
    pv[s] = home.pv_capacity_kw > 0
                ? static_cast<float>(home.pv_capacity_kw * day.clear_sky_kwh_per_kwp[s] * clearness)
                : 0.0f;
  }
}

}  // namespace synth

std::vector<std::string> synthetic_meter_ids(uint64_t meters) {
  std::vector<std::string> ids;
  ids.reserve(meters);
  for (uint64_t m = 0; m < meters; ++m) ids.push_back(synth::meter_id(m, meters));
  return ids;
}

SynthOptions default_community() {
  SynthOptions o;
  o.meters = 1000;
  o.days = 7;
  o.start_date = "2026-01-05";  // a Monday in the southern summer
  o.utc_offset_seconds = 36000;
  o.time_zone = "+10:00";
  o.slot_minutes = 30;
  o.latitude_deg = -33.87;
  o.pv_share = 0.7;
  o.mean_daily_load_kwh = 16.0;
  o.mean_pv_kwp = 5.0;
  o.seed = 1;
  return o;
}

int32_t parse_time_zone_option(const std::string& text, const std::string& option) {
  const std::optional<int32_t> seconds = parse_utc_offset(text);
  if (!seconds || *seconds > synth::kMaxOffsetSeconds || *seconds < -synth::kMaxOffsetSeconds) {
    throw ConfigError(fmt::format(
        "{}: expected a UTC offset such as +10:00, -03:30, +05, +0530, UTC or Z (at most 14 "
        "hours), got \"{}\"",
        option, text));
  }
  return *seconds;
}

void validate_synth_options(const SynthOptions& o) {
  if (o.meters == 0 || o.meters > synth::kMaxMeters) {
    throw ConfigError(
        fmt::format("--meters: expected 1 to {} homes, got {}", synth::kMaxMeters, o.meters));
  }
  if (o.days == 0 || o.days > synth::kMaxDays) {
    throw ConfigError(
        fmt::format("--days: expected 1 to {} days, got {}", synth::kMaxDays, o.days));
  }
  const std::optional<CivilDate> date = parse_iso_date(o.start_date);
  if (!date || date->year < synth::kMinStartYear) {
    throw ConfigError(fmt::format(
        "--start-date: expected a calendar date YYYY-MM-DD (year 1900 or later), got \"{}\"",
        o.start_date));
  }
  if (o.utc_offset_seconds % 60 != 0 || o.utc_offset_seconds > synth::kMaxOffsetSeconds ||
      o.utc_offset_seconds < -synth::kMaxOffsetSeconds) {
    throw ConfigError(fmt::format(
        "--time-zone: expected a UTC offset of whole minutes within +-14 hours, got {} s",
        o.utc_offset_seconds));
  }
  if (o.time_zone.empty()) throw ConfigError("--time-zone: expected a label such as +10:00");
  // A label that is itself an offset must say the same offset as the numbers do.
  int32_t label_offset = 0;
  bool label_is_offset = true;
  try {
    label_offset = parse_time_zone_option(o.time_zone, "--time-zone");
  } catch (const ConfigError&) {
    label_is_offset = false;
  }
  if (label_is_offset && label_offset != o.utc_offset_seconds) {
    throw ConfigError(
        fmt::format("--time-zone: the label \"{}\" disagrees with the UTC offset of "
                    "{} s",
                    o.time_zone, o.utc_offset_seconds));
  }
  if (o.slot_minutes == 0 || kMinutesPerDay % o.slot_minutes != 0) {
    throw ConfigError(fmt::format(
        "--slot-minutes: expected a divisor of 1440 (a day), e.g. 5, 15, 30 or 60, got {}",
        o.slot_minutes));
  }
  if (!(o.latitude_deg >= -90.0 && o.latitude_deg <= 90.0)) {
    throw ConfigError(
        fmt::format("--latitude: expected degrees in [-90, 90], got {}", o.latitude_deg));
  }
  if (!(o.pv_share >= 0.0 && o.pv_share <= 1.0)) {
    throw ConfigError(
        fmt::format("--pv-share: expected a share of homes in [0, 1], got {}", o.pv_share));
  }
  if (!(std::isfinite(o.mean_daily_load_kwh) && o.mean_daily_load_kwh > 0)) {
    throw ConfigError(
        fmt::format("--mean-load: expected kWh per day > 0, got {}", o.mean_daily_load_kwh));
  }
  if (!(std::isfinite(o.mean_pv_kwp) && o.mean_pv_kwp > 0)) {
    throw ConfigError(fmt::format("--mean-pv-kwp: expected kWp > 0, got {}", o.mean_pv_kwp));
  }
}

namespace {

// The store's homes and days, written to `path`; the sums go into `report`.
void write_store(const synth::Generator& gen, const std::string& path, const io::ProfileMeta& meta,
                 const SynthOptions& options, SynthReport& report);

}  // namespace

SynthReport synthesize_profiles(const SynthOptions& options) {
  if (options.out.empty()) throw ConfigError("--out: expected the profile store file to write");
  const synth::Generator gen(options);

  io::ProfileMeta meta;
  meta.kind = io::ProfileKind::kLoadAndPv;
  meta.slot_seconds = options.slot_minutes * 60;
  meta.start_utc = gen.start_utc();
  meta.utc_offset_seconds = options.utc_offset_seconds;
  meta.time_zone = options.time_zone;
  meta.source = fmt::format("synthetic (seed {}, latitude {})", options.seed, options.latitude_deg);
  meta.writer_version = evomarket_version();

  SynthReport report;
  report.path = options.out;
  report.meters = options.meters;
  report.days = options.days;
  report.slots_per_day = gen.slots_per_day();

  // Written beside --out and renamed when complete: a failed synth leaves --out as it was.
  const std::unique_ptr<io::StagedOutput> staged = stage_output(options.out, "profile store");
  check_may_replace(options.out, "profile store", options.overwrite, io::profile_store_status);
  write_store(gen, staged->temporary(), meta, options, report);
  staged->commit();
  return report;
}

namespace {

void write_store(const synth::Generator& gen, const std::string& path, const io::ProfileMeta& meta,
                 const SynthOptions& options, SynthReport& report) {
  io::ProfileStoreWriter writer = io::ProfileStoreWriter::create(path, meta);
  // Homes are pure functions of (seed, meter): registered here, recomputed per day below
  // instead of being held in memory.
  for (uint64_t m = 0; m < options.meters; ++m) {
    const synth::Home home = gen.home(m);
    if (writer.meter(home.id, home.pv_capacity_kw) != m) {
      throw std::logic_error("synth: the profile store numbered meters out of order");
    }
    if (home.pv_capacity_kw > 0) {
      ++report.pv_meters;
      report.pv_capacity_kw += home.pv_capacity_kw;
    }
  }
  // Day-major, so every (meter block, day) chunk of the store is filled in one sweep.
  std::vector<float> load(gen.slots_per_day()), pv(gen.slots_per_day());
  for (uint32_t d = 0; d < options.days; ++d) {
    const synth::Day day = gen.day(d);
    for (uint64_t m = 0; m < options.meters; ++m) {
      gen.meter_day(gen.home(m), day, load.data(), pv.data());
      writer.write_day(m, d, load.data(), pv.data());
      for (uint32_t s = 0; s < gen.slots_per_day(); ++s) {
        report.total_load_kwh += load[s];
        report.total_pv_kwh += pv[s];
      }
    }
  }
  io::IngestCounts counts;
  counts.meter_days = options.meters * options.days;
  writer.finish(counts);
}

}  // namespace

std::string format_synth_report(const SynthReport& r) {
  const double meter_days = static_cast<double>(r.meters) * r.days;
  return fmt::format(
      "wrote {}: {} synthetic homes ({} with PV, {:.1f} kWp in all), {} days of {} slots\n"
      "load {:.1f} kWh ({:.2f} kWh per home-day), PV {:.1f} kWh ({:.0f}% of load)\n",
      r.path, r.meters, r.pv_meters, r.pv_capacity_kw, r.days, r.slots_per_day, r.total_load_kwh,
      r.total_load_kwh / meter_days, r.total_pv_kwh,
      r.total_load_kwh > 0 ? 100.0 * r.total_pv_kwh / r.total_load_kwh : 0.0);
}

}  // namespace evomarket
