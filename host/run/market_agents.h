// Per-agent records of a market: /agents/market, every agent of the last generation played (its
// strategy, class, community and account, kernels/market_accounts.h, in exact integers), and
// /agents/market_history, the per-generation columns every K generations (docs/results.md).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "host/run/market_records.h"
#include "host/run/simulation.h"
#include "host/setup/market_setup.h"
#include "io/observable_series.h"
#include "io/results_file.h"

namespace evomarket {

// Writes `last` under /agents/market (nothing when no generation was played).
void write_market_agents(const io::ResultsFile& file, const MarketSetup& setup,
                         const MarketAgents& last);

// The columns of /agents/market that change from one generation to the next, each a series
// /agents/market_history/<column> with value [snapshots, agents] and the generations as rows:
// written with output.snapshot_every = K for generations 0, K, 2K, ... The series are laid out
// when the recorder is made, before the file goes live (SWMR cannot add datasets later).
class MarketSnapshots {
 public:
  MarketSnapshots(const io::ResultsFile& file, const MarketSetup& setup, uint32_t every);
  // Whether generation g is one to record.
  bool wanted(uint32_t g) const { return g % every_ == 0; }
  // Appends `played` (with its accounts) as the row of generation played.generation.
  void record(const MarketAgents& played);
  // Appends what an interrupted run had recorded (read_market_snapshots).
  void replay(const std::vector<RecordedSeries>& history);

 private:
  const MarketSetup& setup_;
  uint32_t every_;
  std::vector<std::pair<std::string, io::ObservableSeries>> series_;
};

// The snapshots an interrupted run had recorded before generation `next_generation`, from the
// checkpoint's copies of the results file (`recorded`; `where` names the checkpoint in errors):
// one row per multiple of `every` below it. Throws ConfigError when rows are missing or
// unreadable.
std::vector<RecordedSeries> read_market_snapshots(const io::Group& recorded,
                                                  const std::string& where,
                                                  uint32_t next_generation, uint32_t every,
                                                  uint64_t agent_count);

}  // namespace evomarket
