// `evomarket synth`: a deterministic synthetic prosumer community written as a profile store
// (io/profile_store.h), and the embedded default community that `evomarket run` uses when no
// profile file is given. The model, every formula and every constant: docs/synth.md.
//
// Load per meter-day and slot (kWh):
//   load = E * season(doy) * week(day type) * scale_home * day_home * frac_type(slot, shift_home)
//          * jitter_slot
// where E = mean_daily_load_kwh, season() has a winter maximum and a smaller summer (cooling)
// bump with an annual mean of 1, week() is 0.968 on weekdays and 1.08 on weekends (weekly mean
// 1), frac_type() is the weekday or weekend load shape (fractions of the day summing to 1)
// shifted by the home's habit shift, and scale_home, day_home, jitter_slot are lognormal factors
// with mean 1.
//
// PV per meter-day and slot (kWh):
//   pv = capacity_home * clear_sky_kwh_per_kwp(slot) * clearness_day * clearness_home_day
// where clear_sky_kwh_per_kwp = PR * (mean GHI over the slot) / (1000 W/m^2) * slot hours, with
// Haurwitz's clear-sky global horizontal irradiance GHI = 1098 cos z exp(-0.057 / cos z) W/m^2
// from the solar geometry (Spencer's declination and equation of time; the longitude is derived
// from the UTC offset, 15 degrees per hour), PR = 0.8 the performance ratio, clearness_day one
// clear-sky index per day shared by the community and clearness_home_day a small per-home
// variation. A share 1 - pv_share of homes have no PV (capacity 0).
//
// Randomness: Philox draws (kernels/rng.h) keyed by the seed, Purpose::kProfile, in a step range
// of its own (>= kSynthStepBase), so every value is a pure function of (seed, meter, day, slot):
// the same options always give the same store, in any evaluation order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "host/profiles/civil_time.h"
#include "io/profile_store.h"

namespace evomarket {

struct SynthOptions {
  std::string out;         // profile store to write (required by synthesize_profiles)
  bool overwrite = false;  // replace a complete store or another file at `out` (--overwrite)
  uint64_t meters = 300;   // homes, ids "synth-0001", "synth-0002", ...
  uint32_t days = 7;       // days written, day 0 = start_date
  std::string start_date = "2026-01-05";  // local date of day 0, YYYY-MM-DD
  int32_t utc_offset_seconds = 36000;     // fixed local standard time (no daylight saving)
  std::string time_zone = "+10:00";       // label stored with the profiles
  uint32_t slot_minutes = 30;             // trading slot; must divide 1440
  double latitude_deg = -33.87;           // Sydney; < 0 is the southern hemisphere
  double pv_share = 0.7;                  // probability that a home has PV, in [0, 1]
  double mean_daily_load_kwh = 16.0;      // annual mean of a home's daily consumption
  double mean_pv_kwp = 5.0;               // mean PV capacity of the homes with PV
  uint64_t seed = 1;
};

// What synthesize_profiles wrote.
struct SynthReport {
  std::string path;
  uint64_t meters = 0;
  uint64_t pv_meters = 0;  // homes with PV (capacity > 0)
  uint32_t days = 0;
  uint32_t slots_per_day = 0;
  double total_load_kwh = 0;
  double total_pv_kwh = 0;
  double pv_capacity_kw = 0;  // sum over homes
};

// The community used by `evomarket run` without a profile file: 1000 homes in Sydney
// (latitude -33.87, UTC+10:00), 7 days from Monday 2026-01-05 (summer), 30-minute slots, 70% of
// homes with PV of 5 kWp on average, 16 kWh per day on average, seed 1. `out` is empty: the
// caller chooses where the store goes.
SynthOptions default_community();

// The meter ids of a synthetic store of `meters` homes, in store order ("synth-0001", ...).
std::vector<std::string> synthetic_meter_ids(uint64_t meters);

// Throws ConfigError naming the command-line option (e.g. "--slot-minutes") when an option is
// out of range: meters 0 or above 10^7, days 0 or above 36600, a start date that is not a valid
// YYYY-MM-DD, an offset beyond +-14 h or not whole minutes, a time zone label of the form
// +HH:MM that disagrees with the offset, slot minutes not dividing 1440, latitude outside
// [-90, 90], pv_share outside [0, 1], means not finite and > 0. `out` is not checked here.
void validate_synth_options(const SynthOptions& options);

// Generates the community and writes it to options.out (ConfigError when `out` is empty or an
// option is invalid; io::H5Error when the file cannot be written). Meter-days are written day by
// day, meters in order; single-threaded, so the file never depends on the machine's cores.
SynthReport synthesize_profiles(const SynthOptions& options);

// A few lines for the terminal: path, meters, PV homes and capacity, days, totals.
std::string format_synth_report(const SynthReport& report);

// "+10:00", "-03:30", "+05", "+0530", "UTC" or "Z" (host/profiles/civil_time.h) -> seconds east
// of UTC. ConfigError naming `option` otherwise, or beyond +-14 h.
int32_t parse_time_zone_option(const std::string& text, const std::string& option);

namespace synth {

// Limits of validate_synth_options.
constexpr uint64_t kMaxMeters = 10000000;         // 10^7 homes x a week is already ~27 GB of store
constexpr uint32_t kMaxDays = io::kMaxStoreDays;  // a century, the longest store
constexpr int32_t kMaxOffsetSeconds = kMaxUtcOffsetHours * kSecondsPerHour;
constexpr int kMinStartYear = 1900;  // earliest year of --start-date

// Step range of the synthetic generator's Philox draws under Purpose::kProfile (agent-to-profile
// draws use step 0): steps kSynthStepBase + k never meet them.
constexpr uint32_t kSynthStepBase = 0x80000000u;

// The model's constants (docs/synth.md explains each).
constexpr double kPerformanceRatio = 0.8;     // AC energy / (kWp * kWh/m^2 of GHI / 1 kW/m^2)
constexpr double kHomeScaleSigma = 0.35;      // lognormal sigma of a home's consumption level
constexpr double kDayScaleSigma = 0.15;       // lognormal sigma of day-to-day consumption
constexpr double kSlotJitterSigma = 0.25;     // lognormal sigma of slot-to-slot noise
constexpr double kPvCapacitySigma = 0.30;     // lognormal sigma of PV capacity
constexpr double kHomeClearnessSigma = 0.05;  // lognormal sigma of a home's deviation from
                                              // the community's clear-sky index
constexpr int kMaxShapeShiftMinutes = 60;     // a home's habits shift its shape by +-60 min
constexpr double kWeekdayFactor = 0.968;      // daily energy on Monday..Friday
constexpr double kWeekendFactor = 1.08;       // daily energy on Saturday, Sunday

// The calendar (days since 1970-01-01, day of the year, weekends): host/profiles/civil_time.h.

// Solar declination (radians) for day of year n, Spencer (1971):
//   G = 2 pi (n - 1) / 365
//   decl = 0.006918 - 0.399912 cos G + 0.070257 sin G - 0.006758 cos 2G + 0.000907 sin 2G
//          - 0.002697 cos 3G + 0.00148 sin 3G
double solar_declination_rad(int day_of_year);
// Equation of time (minutes, apparent minus mean solar time), Spencer (1971):
//   EoT = 229.18 (0.000075 + 0.001868 cos G - 0.032077 sin G - 0.014615 cos 2G - 0.040849 sin 2G)
double equation_of_time_minutes(int day_of_year);
// The representative longitude of a fixed UTC offset: 15 degrees per hour east of Greenwich.
double longitude_from_offset_deg(int32_t utc_offset_seconds);
// Cosine of the solar zenith angle at `clock_hours` of local standard time (UTC + offset):
//   solar time = clock + (4 min/deg * (longitude - 15 * offset_hours) + EoT) / 60
//   hour angle w = 15 deg * (solar time - 12)
//   cos z = sin(lat) sin(decl) + cos(lat) cos(decl) cos(w)
double cos_zenith(double latitude_deg, double longitude_deg, int32_t utc_offset_seconds,
                  int day_of_year, double clock_hours);
// Haurwitz clear-sky global horizontal irradiance (W/m^2): 1098 cos z exp(-0.057 / cos z) for
// cos z > 0, else 0.
double haurwitz_ghi(double cos_zenith);
// Clear-sky PV energy per kWp in each slot of a day (kWh/kWp), performance ratio included, no
// cloudiness: PR * mean GHI over the slot (one sample at the middle of every minute) / 1000 W/m^2
// * slot hours.
std::vector<double> clear_sky_pv_kwh_per_kwp(double latitude_deg, int32_t utc_offset_seconds,
                                             int day_of_year, uint32_t slot_minutes);

// The seasonal load factor (annual mean 1): with c = cos(2 pi (doy - d_winter) / 365.25),
// d_winter = 196 (mid-July) for latitude < 0 and 15 (mid-January) otherwise,
//   season = (1 + 0.10 c + 0.20 c^2) / 1.10
// i.e. 1.182 in mid-winter (heating, lighting), 1.000 in mid-summer (cooling) and a minimum of
// 0.909 in spring and autumn.
double load_season_factor(int day_of_year, double latitude_deg);
// The unnormalized load shape at local clock hour h in [0, 24): an overnight base plus Gaussian
// bumps on the 24-hour circle (docs/synth.md lists centres, widths and heights):
//   weekday: 0.30 + 0.55 g(h; 7.5, 1.0) + 0.15 g(h; 13, 3.0) + 1.00 g(h; 19.0, 1.8)
//   weekend: 0.32 + 0.40 g(h; 9.5, 1.8) + 0.30 g(h; 13.5, 3.0) + 0.95 g(h; 19.0, 1.8)
//   g(h; mu, s) = exp(-d^2 / (2 s^2)), d = distance from h to mu around the clock
double load_shape(double clock_hours, bool weekend);

// One synthetic home: fixed for the whole run, drawn from (seed, meter).
struct Home {
  uint64_t meter = 0;
  std::string id;               // "synth-0001" (zero-padded to at least 4 digits)
  double pv_capacity_kw = 0;    // 0 without PV
  double load_scale = 1;        // lognormal, mean 1
  int shape_shift_minutes = 0;  // the home's load shape runs this many minutes late (+) or
                                // early (-)
};

// One synthetic day: shared by every home, drawn from (seed, day).
struct Day {
  uint32_t index = 0;
  CivilDate date;
  int day_of_year = 1;
  bool weekend = false;
  double season = 1;     // load_season_factor
  double clearness = 1;  // the community's clear-sky index this day, in [0.25, 1]
  std::vector<double> clear_sky_kwh_per_kwp;  // per slot, PR included
};

// The generator behind synthesize_profiles, for callers that want values without a file.
class Generator {
 public:
  // Validates the options (ConfigError as validate_synth_options).
  explicit Generator(const SynthOptions& options);

  const SynthOptions& options() const { return options_; }
  uint32_t slots_per_day() const { return slots_per_day_; }
  // Local midnight of day 0 in UTC epoch seconds (midnight of start_date minus the offset).
  int64_t start_utc() const;

  Home home(uint64_t meter) const;
  Day day(uint32_t index) const;
  // One meter-day, slots_per_day() values each (kWh per slot).
  void meter_day(const Home& home, const Day& day, float* load, float* pv) const;

 private:
  SynthOptions options_;
  CivilDate start_;
  uint32_t slots_per_day_ = 0;
  // Minute-resolution load shapes (1440 values each, summing to 1) and their prefix sums
  // (1441 values), so that a shifted slot's share is a difference of two sums.
  std::vector<double> weekday_prefix_;
  std::vector<double> weekend_prefix_;
};

}  // namespace synth

}  // namespace evomarket
