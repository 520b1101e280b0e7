#include "host/run/ensemble_recorder.h"

#include <algorithm>
#include <limits>

#include "host/run/market_records.h"
#include "io/hdf5_attribute.h"
#include "io/hdf5_dataset.h"

namespace evomarket {
namespace {

// One per-generation observable with a replicate axis: `value(totals, s)` of every replicate,
// generation and strategy, `fill` past a replicate's end.
template <class T, class Value>
void write_replicate_series(const io::Group& observables, const char* name, const char* unit,
                            const char* fill_text, T fill, const std::vector<std::string>& names,
                            const EnsembleRun& run, size_t longest, Value value) {
  const size_t replicates = run.replicates.size();
  const size_t n = names.size();
  std::vector<T> values(replicates * longest * n, fill);
  for (size_t r = 0; r < replicates; ++r) {
    const std::vector<StrategyTotals>& played = run.replicates[r].generations;
    for (size_t g = 0; g < played.size(); ++g) {
      for (size_t s = 0; s < n; ++s) values[(r * longest + g) * n + s] = value(played[g], s);
    }
  }
  io::Group group = observables.create_group(name);
  std::vector<int64_t> steps(longest);
  for (size_t g = 0; g < longest; ++g) steps[g] = static_cast<int64_t>(g);
  io::write_vector(group, "step", steps);
  io::write_array(group, "value", {replicates, longest, n}, values.data());
  io::write_strings(group, "columns", names);
  io::set_attr(group, "unit", unit);
  io::set_attr(group, "axes", "replicate, generation, strategy");
  io::set_attr(group, "fill", fill_text);
}

double per_round(int64_t total, uint64_t rounds) {
  return rounds > 0 ? static_cast<double>(total) / static_cast<double>(rounds)
                    : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

void write_ensemble(const io::ResultsFile& file, const std::vector<std::string>& names,
                    const std::vector<uint64_t>& initial_counts, uint64_t agents,
                    EnsembleKind kind, const EnsembleRun& run) {
  const size_t replicates = run.replicates.size();
  const size_t n = names.size();
  io::Group population = file.root().create_group("population");
  io::write_strings(population, "strategies", names);
  io::write_vector(population, "initial_counts", initial_counts);
  io::set_attr(population, "replicates", static_cast<int64_t>(replicates));
  io::set_attr(population, "agents", agents);

  std::vector<uint64_t> seeds(replicates);
  std::vector<std::string> stop_reasons(replicates);
  std::vector<int64_t> generations(replicates), fixed(replicates), final_counts(replicates * n, -1);
  size_t longest = 0;
  for (size_t r = 0; r < replicates; ++r) {
    const ReplicateOutcome& outcome = run.replicates[r];
    seeds[r] = outcome.seed;
    // Replicates an interrupted ensemble did not finish say so; --resume runs them.
    stop_reasons[r] = outcome.finished() ? outcome.stop_reason : "not_finished";
    generations[r] = static_cast<int64_t>(outcome.generations.size());
    fixed[r] = outcome.fixed_strategy(agents);
    if (!outcome.generations.empty()) {
      const std::vector<uint64_t>& last = outcome.generations.back().agents;
      for (size_t s = 0; s < n; ++s) final_counts[r * n + s] = static_cast<int64_t>(last[s]);
    }
    longest = std::max(longest, outcome.generations.size());
  }
  io::Group ensemble = file.root().create_group("ensemble");
  io::set_attr(ensemble, "seed_rule",
               "replicate r: derived_seed(experiment.seed, r, kReplicate) (docs/results.md)");
  io::write_vector(ensemble, "seed", seeds);
  io::write_strings(ensemble, "stop_reason", stop_reasons);
  io::write_vector(ensemble, "generations", generations);
  io::write_matrix(ensemble, "final_counts", replicates, n, final_counts.data());
  io::write_vector(ensemble, "fixed_strategy", fixed);

  const io::Group observables = file.observables();
  write_replicate_series<int64_t>(
      observables, "strategy_counts", "agents", "-1", int64_t{-1}, names, run, longest,
      [](const StrategyTotals& t, size_t s) { return static_cast<int64_t>(t.agents[s]); });
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (kind.market_days > 0) {
    const uint32_t days = kind.market_days;
    write_replicate_series<double>(
        observables, "mean_savings_per_day", "currency per agent and day", "NaN", nan, names,
        run, longest, [days](const StrategyTotals& t, size_t s) {
          return mean_savings_per_day(t.payoff[s], t.agents[s], days);
        });
    return;
  }
  const char* unit = kind.iterated ? "payoff units (game.payoffs) per round"
                                   : "payoff units (game.matrix) per round";
  write_replicate_series<double>(
      observables, "mean_payoff_per_turn", unit, "NaN", nan, names, run, longest,
      [](const StrategyTotals& t, size_t s) { return per_round(t.payoff[s], t.turns[s]); });
  if (kind.iterated) {
    write_replicate_series<double>(
        observables, "cooperation_rate", "share of moves C", "NaN", nan, names, run, longest,
        [](const StrategyTotals& t, size_t s) {
          return per_round(static_cast<int64_t>(t.cooperations[s]), t.turns[s]);
        });
  }
}

}  // namespace evomarket
