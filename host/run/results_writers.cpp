#include "host/run/results_writers.h"

#include <cmath>
#include <limits>

namespace evomarket {

void write_tournament(const io::ResultsFile& file, const TournamentResult& r) {
  io::Group g = file.root().create_group("tournament");
  const size_t n = r.strategies;
  const size_t reps = r.repetitions;
  io::write_strings(g, "strategies", r.names);
  io::write_matrix(g, "payoff_matrix", n, n, r.payoff_matrix.data());
  io::set_attr(g.open_dataset("payoff_matrix"), "description",
               "mean payoff per turn of the row strategy against the column strategy");
  io::write_matrix(g, "cooperation_matrix", n, n, r.cooperation_matrix.data());
  io::write_matrix(g, "scores", reps, n, r.scores.data());
  io::write_matrix(g, "normalised_scores", reps, n, r.normalised_scores.data());
  io::write_matrix(g, "wins", reps, n, r.wins.data());
  io::write_vector(g, "cooperation_rate", r.cooperation_rate);
  io::write_vector(g, "median_normalised_score", r.median_normalised_score);
  io::write_vector(g, "ranking", r.ranking);
  std::vector<std::string> ranked;
  for (uint32_t s : r.ranking) ranked.push_back(r.names[s]);
  io::write_strings(g, "ranked_names", ranked);
  io::set_attr(g, "repetitions", static_cast<int64_t>(r.repetitions));
  io::set_attr(g, "matches", static_cast<int64_t>(r.matches));
  io::set_attr(g, "match_turns", static_cast<int64_t>(r.turns));
  io::set_attr(g, "conventions",
               "Axelrod library: scores, normalised scores, wins and cooperation rates leave "
               "self-interactions out; the payoff matrix diagonal is the mean of both seats of "
               "the self-interaction; ranking by median normalised score, ties by list order");
}

namespace {

enum Column { kCounts, kPayoff, kTurns, kPayoffPerTurn, kCooperations, kCooperationRate };

}  // namespace

PopulationRecorder::PopulationRecorder(const io::ResultsFile& file,
                                       const std::vector<std::string>& names,
                                       const std::vector<uint64_t>& counts, bool iterated)
    : file_(file), iterated_(iterated) {
  io::Group population = file.root().create_group("population");
  io::write_strings(population, "strategies", names);
  io::write_vector(population, "initial_counts", counts);
  io::Group obs = file.observables();
  const size_t n = names.size();
  const std::string unit = iterated ? "payoff units (game.payoffs)" : "payoff units (game.matrix)";
  series_.push_back(
      io::ObservableSeries::create<int64_t>(obs, "strategy_counts", n, "agents", names));
  series_.push_back(io::ObservableSeries::create<int64_t>(obs, "payoff_total", n, unit, names));
  series_.push_back(io::ObservableSeries::create<int64_t>(
      obs, "turns_total", n, iterated ? "agent-turns" : "agent-rounds", names));
  series_.push_back(io::ObservableSeries::create<double>(obs, "mean_payoff_per_turn", n,
                                                         unit + " per round", names));
  if (iterated) {
    series_.push_back(
        io::ObservableSeries::create<int64_t>(obs, "cooperations_total", n, "moves C", names));
    series_.push_back(io::ObservableSeries::create<double>(obs, "cooperation_rate", n,
                                                           "share of moves C", names));
  }
}

void PopulationRecorder::record(uint32_t generation, const StrategyTotals& t) {
  const size_t n = t.agents.size();
  std::vector<int64_t> counts(n), payoff(n), turns(n), cooperations(n);
  std::vector<double> per_turn(n), rate(n);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (size_t s = 0; s < n; ++s) {
    counts[s] = static_cast<int64_t>(t.agents[s]);
    payoff[s] = t.payoff[s];
    turns[s] = static_cast<int64_t>(t.turns[s]);
    cooperations[s] = static_cast<int64_t>(t.cooperations[s]);
    per_turn[s] = t.turns[s] ? double(t.payoff[s]) / double(t.turns[s]) : nan;
    rate[s] = t.turns[s] ? double(t.cooperations[s]) / double(t.turns[s]) : nan;
  }
  series_[kCounts].append(generation, counts);
  series_[kPayoff].append(generation, payoff);
  series_[kTurns].append(generation, turns);
  series_[kPayoffPerTurn].append(generation, per_turn);
  if (iterated_) {
    series_[kCooperations].append(generation, cooperations);
    series_[kCooperationRate].append(generation, rate);
  }
  if (!t.community_agents.empty()) {
    if (!community_counts_) {
      community_counts_ = std::make_unique<io::ObservableSeries>(
          io::ObservableSeries::create<int64_t>(file_.observables(), "community_strategy_counts",
                                                t.community_agents.size(), "agents"));
      io::set_attr(community_counts_->group(), "layout",
                   "row-major [community][strategy]: value[g, c * strategies + s]");
      io::set_attr(community_counts_->group(), "strategies", static_cast<int64_t>(n));
    }
    community_counts_->append(
        generation, std::vector<int64_t>(t.community_agents.begin(), t.community_agents.end()));
  }
}

void PopulationRecorder::snapshot(uint32_t generation, const std::vector<uint16_t>& strategies) {
  if (!snapshots_) {
    snapshots_ = std::make_unique<io::ObservableSeries>(io::ObservableSeries::create<uint16_t>(
        file_.root().require_group("agents"), "strategy", strategies.size(),
        "strategy index (/population/strategies)"));
  }
  snapshots_->append(generation, strategies);
}

void write_final_agents(const io::ResultsFile& file, const AgentSnapshot& agents) {
  io::Group g = file.root().require_group("agents");
  io::write_vector(g, "final_strategy", agents.strategy);
  io::write_vector(g, "final_payoff", agents.payoff);
  io::write_vector(g, "final_rounds", agents.turns);
}

void set_population_outcome(const io::ResultsFile& file, const std::string& stop_reason,
                            uint32_t generations) {
  io::Group population = file.root().open_group("population");
  io::set_attr(population, "stop_reason", stop_reason);
  io::set_attr(population, "generations", static_cast<int64_t>(generations));
}

}  // namespace evomarket
