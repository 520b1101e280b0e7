// How market runs are laid out in the results file (docs/results.md): /market (strategies,
// units, mechanism), per-generation series and per-slot series under /observables.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "host/market_setup.h"
#include "io/observable_series.h"
#include "io/results_file.h"

namespace evomarket {

struct MarketGenerationSums;

class MarketRecorder {
 public:
  MarketRecorder(const io::ResultsFile& file, const MarketSetup& setup,
                 const std::vector<uint64_t>& initial_counts, const std::string& profiles,
                 bool per_community);
  // The slots of one simulated day (steps: sim_day * slots_per_day + slot).
  void record_day(uint32_t sim_day, const MarketDay& day);
  void record_generation(uint32_t generation, const MarketTotals& totals,
                         const MarketGenerationSums& sums);

 private:
  const MarketSetup& setup_;
  bool per_community_;
  std::vector<io::ObservableSeries> generation_;
  std::unique_ptr<io::ObservableSeries> slots_;
  std::unique_ptr<io::ObservableSeries> honour_;  // contract structures
  std::vector<io::ObservableSeries> community_;
};

// Columns of /observables/market_generation/value (currency, kWh and shares).
std::vector<std::string> market_generation_columns();
// Columns of /observables/market_slot/value.
std::vector<std::string> market_slot_columns();

}  // namespace evomarket
