// How market runs are laid out in the results file (docs/results.md): /market (strategies,
// units, mechanism), per-generation series and per-slot series under /observables.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "host/run/market_records.h"
#include "host/setup/market_setup.h"
#include "io/observable_series.h"
#include "io/results_file.h"

namespace evomarket {

// Every row of `series` (int64 or float64), named `name`. H5Error when it cannot be read.
RecordedSeries recorded_series(const std::string& name, const io::ObservableSeries& series);

// The series an interrupted market run had recorded up to the start of generation
// `next_generation`, as its checkpoint carries them (`observables`: the checkpoint's copy; `where`
// names the checkpoint in errors): generation series one row per generation, slot series one row
// per slot before that generation's first day. Throws ConfigError when a series is missing rows
// or cannot be read.
std::vector<RecordedSeries> read_market_history(const io::Group& observables,
                                                const std::string& where, uint32_t next_generation,
                                                uint64_t slots_per_generation);

// When each recorded slot starts (the coordinate slot_start of the per-slot series): the store's
// clock and the window of days that the run cycles through.
struct SlotClock {
  int64_t start_utc = 0;           // epoch seconds (UTC) of the store's day 0, slot 0
  int32_t utc_offset_seconds = 0;  // the store's time zone, a fixed offset
  int64_t slot_seconds = 1800;
  uint32_t slots_per_day = 48;
  uint32_t first_day = 0;  // market.first_day
  uint32_t days = 1;       // market.days: simulated day d trades store day first_day + d % days
  // ISO 8601 with the store's offset, e.g. "2016-06-06T00:30:00+02:00", of the slot recorded at
  // `step` = simulated day x slots_per_day + slot.
  std::string slot_start(int64_t step) const;
};

class MarketRecorder {
 public:
  MarketRecorder(const io::ResultsFile& file, const MarketSetup& setup,
                 const std::vector<uint64_t>& initial_counts, const std::string& profiles,
                 const SlotClock& clock, bool per_community, bool community_counts);
  // The slots of one simulated day (steps: sim_day * slots_per_day + slot).
  void record_day(uint32_t sim_day, const MarketDay& day);
  void record_generation(uint32_t generation, const MarketTotals& totals,
                         const MarketGenerationSums& sums);
  // Evolving prices: the histogram and mean of the genomes that played `generation`.
  void record_genomes(uint32_t generation, const std::vector<uint32_t>& genomes);
  // Appends what an interrupted run had recorded (read_market_history) to the same series.
  void replay(const std::vector<RecordedSeries>& history);

 private:
  io::Group market_;
  const MarketSetup& setup_;
  SlotClock clock_;
  bool per_community_;
  std::vector<io::ObservableSeries> generation_;
  std::unique_ptr<io::ObservableSeries> slots_;
  std::unique_ptr<io::ObservableSeries> honour_;            // contract structures
  std::unique_ptr<io::ObservableSeries> community_counts_;  // output.community_counts
  std::vector<io::ObservableSeries> community_;
  // market.per_community: each community's sums of the generation so far, and their series;
  // output.community_counts: savings per community and strategy.
  std::vector<SlotSums> community_sums_;
  std::unique_ptr<io::ObservableSeries> community_generation_;
  std::unique_ptr<io::ObservableSeries> community_savings_;
  std::unique_ptr<io::ObservableSeries> genome_histogram_;  // [market.genome]
  std::unique_ptr<io::ObservableSeries> genome_mean_;
};

// Why the run stopped and how many generations it played (attributes of /market). New
// attributes: written once the recorder is gone and the file has left live (SWMR) writing.
void set_market_outcome(const io::ResultsFile& file, const std::string& stop_reason,
                        uint32_t generations);

// Columns of /observables/market_generation/value (currency, kWh and shares): the coordinate
// quantity, and the unit of each.
std::vector<std::string> market_generation_columns();
std::vector<std::string> market_generation_units();
// Columns of /observables/market_slot/value, and their units.
std::vector<std::string> market_slot_columns();
std::vector<std::string> market_slot_units();

}  // namespace evomarket
