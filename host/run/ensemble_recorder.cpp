#include "host/run/ensemble_recorder.h"

#include <algorithm>
#include <array>
#include <limits>
#include <string>

#include "host/run/market_records.h"
#include "host/run/results_writers.h"
#include "host/run/stop_rules.h"
#include "io/dimension_scales.h"
#include "io/hdf5_attribute.h"
#include "io/hdf5_dataset.h"

namespace evomarket {
namespace {

constexpr const char* kNotFinished = "not_finished";
// /ensemble/stop_reasons: what the codes of /ensemble/stop_code mean.
const std::array<std::string, 4> kStopReasons = {kNotFinished, kStopGenerations, kStopFixation,
                                                 kStopTimeBudget};

// The dimension scale `name` numbered 0..size-1, its extent unlimited: replicates and
// generations may differ between the runs of one layout (the points of a sweep, which stitch pads).
void write_numbered_axis(const io::Group& group, const char* name, size_t size) {
  std::vector<int64_t> numbers(size);
  for (size_t i = 0; i < size; ++i) numbers[i] = static_cast<int64_t>(i);
  io::write_array(group, name, {size}, numbers.data(), {true});
  io::make_dimension_scale(group, name);
}

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
  // Replicates and generations may differ between runs of one layout (the points of a sweep).
  write_numbered_axis(group, "generation", longest);
  write_numbered_axis(group, "replicate", replicates);
  io::write_strings(group, "strategy", names);
  io::make_dimension_scale(group, "strategy");
  io::write_array(group, "value", {replicates, longest, n}, values.data(), {true, true, false});
  io::attach_dimensions(group, "value", {"replicate", "generation", "strategy"});
  io::set_attr(group.open_dataset("value"), "units", unit);
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
                    const std::vector<uint64_t>& initial_counts, uint64_t agents, EnsembleKind kind,
                    const EnsembleRun& run) {
  const size_t replicates = run.replicates.size();
  const size_t n = names.size();
  io::Group population = file.root().create_group("population");
  write_strategy_table(population, names, initial_counts);
  io::set_attr(population, "replicates", static_cast<int64_t>(replicates));
  io::set_attr(population, "agents", agents);

  std::vector<uint64_t> seeds(replicates);
  std::vector<int64_t> stop_codes(replicates);
  std::vector<int64_t> generations(replicates), fixed(replicates), final_counts(replicates * n, -1);
  size_t longest = 0;
  for (size_t r = 0; r < replicates; ++r) {
    const ReplicateOutcome& outcome = run.replicates[r];
    seeds[r] = outcome.seed;
    // Replicates an interrupted ensemble did not finish say so; --resume runs them.
    const std::string reason = outcome.finished() ? outcome.stop_reason : kNotFinished;
    stop_codes[r] =
        std::find(kStopReasons.begin(), kStopReasons.end(), reason) - kStopReasons.begin();
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
  // The replicate axis may differ between runs of one layout (a sweep over replicates).
  io::write_array(ensemble, "seed", {replicates}, seeds.data(), {true});
  // Codes into stop_reasons: numbers stack across the points of a sweep, strings would not.
  io::write_array(ensemble, "stop_code", {replicates}, stop_codes.data(), {true});
  io::write_strings(ensemble, "stop_reasons",
                    std::vector<std::string>(kStopReasons.begin(), kStopReasons.end()));
  io::write_array(ensemble, "generations", {replicates}, generations.data(), {true});
  io::write_array(ensemble, "final_counts", {replicates, n}, final_counts.data(), {true, false});
  io::write_array(ensemble, "fixed_strategy", {replicates}, fixed.data(), {true});
  write_numbered_axis(ensemble, "replicate", replicates);
  io::write_strings(ensemble, "strategy", names);
  io::make_dimension_scale(ensemble, "strategy");
  io::make_dimension_scale(ensemble, "stop_reasons");  // the names the codes index
  for (const char* name : {"seed", "stop_code", "generations", "fixed_strategy"}) {
    io::attach_dimensions(ensemble, name, {"replicate"});
  }
  io::attach_dimensions(ensemble, "final_counts", {"replicate", "strategy"});

  const io::Group observables = file.observables();
  write_replicate_series<int64_t>(
      observables, "strategy_counts", "agents", "-1", int64_t{-1}, names, run, longest,
      [](const StrategyTotals& t, size_t s) { return static_cast<int64_t>(t.agents[s]); });
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (kind.market_days > 0) {
    const uint32_t days = kind.market_days;
    write_replicate_series<double>(observables, "mean_savings_per_day",
                                   "currency per agent and day", "NaN", nan, names, run, longest,
                                   [days](const StrategyTotals& t, size_t s) {
                                     return mean_savings_per_day(t.payoff[s], t.agents[s], days);
                                   });
    return;
  }
  const char* unit = kind.group      ? "payoff units (group game) per round"
                     : kind.iterated ? "payoff units (game.payoffs) per round"
                                     : "payoff units (game.matrix) per round";
  const double scale = kind.group ? 1.0 / static_cast<double>(kGroupPayoffOne) : 1.0;
  write_replicate_series<double>(observables, "mean_payoff_per_turn", unit, "NaN", nan, names, run,
                                 longest, [scale](const StrategyTotals& t, size_t s) {
                                   return per_round(t.payoff[s], t.turns[s]) * scale;
                                 });
  if (kind.iterated) {
    write_replicate_series<double>(observables, "cooperation_rate", "share of moves C", "NaN", nan,
                                   names, run, longest, [](const StrategyTotals& t, size_t s) {
                                     return per_round(static_cast<int64_t>(t.cooperations[s]),
                                                      t.turns[s]);
                                   });
  }
}

}  // namespace evomarket
