// How tournament and population results are laid out in the results file (docs/results.md).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "host/backend.h"
#include "host/tournament.h"
#include "io/results_file.h"

namespace evomarket {

// /tournament/... : names, payoff and cooperation matrices, scores, wins, ranking.
void write_tournament(const io::ResultsFile& file, const TournamentResult& result);

// /observables/<name>/{step,value} per generation, one column per strategy, plus /population.
class PopulationRecorder {
 public:
  PopulationRecorder(const io::ResultsFile& file, const std::vector<std::string>& names,
                     const std::vector<uint64_t>& counts);
  void record(uint32_t generation, const StrategyTotals& totals);
  void write_agents(const io::ResultsFile& file, const AgentSnapshot& agents);

 private:
  std::vector<io::ObservableSeries> series_;
};

}  // namespace evomarket
