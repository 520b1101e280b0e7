// How tournament and population results are laid out in the results file (docs/results.md).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "host/backend/backend.h"
#include "host/run/tournament.h"
#include "io/observable_series.h"
#include "io/results_file.h"

namespace evomarket {

// /tournament/... : names, payoff and cooperation matrices, scores, wins, ranking.
void write_tournament(const io::ResultsFile& file, const TournamentResult& result);

// /observables/<name>/{step,value} per generation, one column per strategy, plus /population.
// Cooperation series only for iterated and group games (group payoff_total in 2^-16 units,
// mean_payoff_per_turn in payoff units); per-agent strategy snapshots under
// /agents/strategy/{step,value} when asked for.
// The layout is complete after the first record() (which makes the community counts) and, with
// snapshots, the first snapshot(): from then on the file may go live (io::ResultsFile).
class PopulationRecorder {
 public:
  PopulationRecorder(const io::ResultsFile& file, const std::vector<std::string>& names,
                     const std::vector<uint64_t>& counts, GameKind kind);
  void record(uint32_t generation, const StrategyTotals& totals);
  void snapshot(uint32_t generation, const std::vector<uint16_t>& strategies);

 private:
  const io::ResultsFile& file_;
  std::vector<std::string> names_;
  bool iterated_;       // cooperation series (iterated and group games)
  double payoff_unit_;  // payoff units per stored payoff unit
  std::vector<io::ObservableSeries> series_;
  std::unique_ptr<io::ObservableSeries> snapshots_;
  std::unique_ptr<io::ObservableSeries> community_counts_;
};

// A per-generation observable with one column per strategy (dimensions generation, strategy).
io::SeriesLayout per_strategy(const std::vector<std::string>& names, const std::string& unit);

// `strategies` (names, a dimension scale of its own) and `initial_counts` along it, in `group`
// (/population, /market).
void write_strategy_table(const io::Group& group, const std::vector<std::string>& names,
                          const std::vector<uint64_t>& counts);

// What is written once the recorder is gone and the file has left live (SWMR) writing: new
// datasets and attributes. /agents/final_{strategy,payoff,rounds} of the last generation:
void write_final_agents(const io::ResultsFile& file, const AgentSnapshot& agents);
// /population attributes stop_reason and generations (played):
void set_population_outcome(const io::ResultsFile& file, const std::string& stop_reason,
                            uint32_t generations);

}  // namespace evomarket
