#include "host/run/results_writers.h"

#include <cmath>
#include <limits>

#include "io/dimension_scales.h"

namespace evomarket {

namespace {

// /tournament/state_distribution [S, S, 4] and player_state_distribution [S, 4], along the
// dimension `state` (CC, CD, DC, DD). Needs the scales strategy and opponent.
void write_state_distribution(const io::Group& g, const TournamentResult& r) {
  const size_t n = r.strategies;
  io::write_strings(g, "state", {"CC", "CD", "DC", "DD"});
  io::make_dimension_scale(g, "state");
  io::write_array(g, "state_distribution", {n, n, 4}, r.state_distribution.data());
  io::set_attr(g.open_dataset("state_distribution"), "description",
               "shares of the row strategy's turns against the column in each state (own move "
               "first), over all repetitions; 0 on the diagonal (self-interactions left out)");
  io::attach_dimensions(g, "state_distribution", {"strategy", "opponent", "state"});
  io::write_matrix(g, "player_state_distribution", n, 4, r.player_state_distribution.data());
  io::set_attr(g.open_dataset("player_state_distribution"), "description",
               "mean over the other strategies of the rows of state_distribution");
  io::attach_dimensions(g, "player_state_distribution", {"strategy", "state"});
}

// /tournament/moves [repetition, S, S, turn] and the scale `turn` (0-based).
void write_moves(const io::Group& g, const TournamentResult& r) {
  const size_t n = r.strategies;
  std::vector<int64_t> turn(r.move_turns);
  for (size_t t = 0; t < turn.size(); ++t) turn[t] = static_cast<int64_t>(t);
  io::write_vector(g, "turn", turn);
  io::make_dimension_scale(g, "turn");
  io::write_array(g, "moves", {size_t{r.repetitions}, n, n, size_t{r.move_turns}}, r.moves.data());
  io::set_attr(g.open_dataset("moves"), "description",
               "the row strategy's move against the column at each turn: 0 = C, 1 = D, -1 after "
               "the match's last turn (diagonal: the self-interaction's first seat)");
  io::attach_dimensions(g, "moves", {"repetition", "strategy", "opponent", "turn"});
}

}  // namespace

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
  // Dimension scales: xarray opens /tournament with named axes (docs/results.md).
  io::write_strings(g, "strategy", r.names);
  io::write_strings(g, "opponent", r.names);
  std::vector<int64_t> repetition(reps), rank(n);
  for (size_t i = 0; i < reps; ++i) repetition[i] = static_cast<int64_t>(i);
  for (size_t i = 0; i < n; ++i) rank[i] = static_cast<int64_t>(i);
  io::write_vector(g, "repetition", repetition);
  io::write_vector(g, "rank", rank);
  for (const char* dim : {"strategy", "opponent", "repetition", "rank"}) {
    io::make_dimension_scale(g, dim);
  }
  for (const char* name : {"strategies", "cooperation_rate", "median_normalised_score"}) {
    io::attach_dimensions(g, name, {"strategy"});
  }
  for (const char* name : {"payoff_matrix", "cooperation_matrix"}) {
    io::attach_dimensions(g, name, {"strategy", "opponent"});
  }
  for (const char* name : {"scores", "normalised_scores", "wins"}) {
    io::attach_dimensions(g, name, {"repetition", "strategy"});
  }
  io::write_array(g, "pair_scores", {reps, n, n}, r.pair_scores.data());
  io::attach_dimensions(g, "pair_scores", {"repetition", "strategy", "opponent"});
  if (!r.state_distribution.empty()) write_state_distribution(g, r);
  if (r.move_turns > 0) write_moves(g, r);
  if (!r.ecosystem.empty()) {
    const size_t steps = r.ecosystem.size() / n;  // ecosystem_steps + 1 states
    io::write_matrix(g, "ecosystem", steps, n, r.ecosystem.data());
    io::set_attr(g.open_dataset("ecosystem"), "description",
                 "Axelrod's ecological variant: shares after each step of x_i' = x_i (A x)_i / "
                 "x.A x on payoff_matrix A, from uniform shares (row 0)");
    std::vector<int64_t> step(steps);
    for (size_t k = 0; k < steps; ++k) step[k] = static_cast<int64_t>(k);
    io::write_vector(g, "step", step);
    io::make_dimension_scale(g, "step");
    io::attach_dimensions(g, "ecosystem", {"step", "strategy"});
  }
  io::attach_dimensions(g, "ranking", {"rank"});
  io::attach_dimensions(g, "ranked_names", {"rank"});
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

io::SeriesLayout per_strategy(const std::vector<std::string>& names, const std::string& unit) {
  io::SeriesLayout layout;
  layout.axes.push_back({"strategy", names.size(), names, true, {}});
  layout.unit = unit;
  return layout;
}

PopulationRecorder::PopulationRecorder(const io::ResultsFile& file,
                                       const std::vector<std::string>& names,
                                       const std::vector<uint64_t>& counts, GameKind kind)
    : file_(file),
      iterated_(kind != GameKind::kMatrix),
      payoff_unit_(kind == GameKind::kGroup ? 1.0 / static_cast<double>(kGroupPayoffOne) : 1.0) {
  const bool iterated = kind == GameKind::kIterated;
  io::Group population = file.root().create_group("population");
  write_strategy_table(population, names, counts);
  names_ = names;
  io::Group obs = file.observables();
  const std::string unit = kind == GameKind::kGroup ? "payoff units (group game)"
                           : iterated               ? "payoff units (game.payoffs)"
                                                    : "payoff units (game.matrix)";
  series_.push_back(
      io::ObservableSeries::create<int64_t>(obs, "strategy_counts", per_strategy(names, "agents")));
  series_.push_back(io::ObservableSeries::create<int64_t>(
      obs, "payoff_total", per_strategy(names, kind == GameKind::kGroup ? "2^-16 " + unit : unit)));
  series_.push_back(io::ObservableSeries::create<int64_t>(
      obs, "turns_total", per_strategy(names, iterated ? "agent-turns" : "agent-rounds")));
  series_.push_back(io::ObservableSeries::create<double>(obs, "mean_payoff_per_turn",
                                                         per_strategy(names, unit + " per round")));
  if (iterated_) {
    series_.push_back(io::ObservableSeries::create<int64_t>(obs, "cooperations_total",
                                                            per_strategy(names, "moves C")));
    series_.push_back(io::ObservableSeries::create<double>(
        obs, "cooperation_rate", per_strategy(names, "share of moves C")));
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
    per_turn[s] = t.turns[s] ? double(t.payoff[s]) / double(t.turns[s]) * payoff_unit_ : nan;
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
      io::SeriesLayout layout = per_strategy(names_, "agents");
      layout.axes.insert(layout.axes.begin(),
                         {"community", t.community_agents.size() / n, {}, true, {}});
      community_counts_ =
          std::make_unique<io::ObservableSeries>(io::ObservableSeries::create<int64_t>(
              file_.observables(), "community_strategy_counts", layout));
    }
    community_counts_->append(
        generation, std::vector<int64_t>(t.community_agents.begin(), t.community_agents.end()));
  }
}

void PopulationRecorder::snapshot(uint32_t generation, const std::vector<uint16_t>& strategies) {
  if (!snapshots_) {
    // Agents are numbered by position: a dimension without coordinate values (10^9 agents).
    io::SeriesLayout layout;
    layout.axes.push_back({"agent", strategies.size(), {}, false, {}});
    layout.unit = "strategy index (/population/strategies)";
    snapshots_ = std::make_unique<io::ObservableSeries>(io::ObservableSeries::create<uint16_t>(
        file_.root().require_group("agents"), "strategy", layout));
  }
  snapshots_->append(generation, strategies);
}

void write_strategy_table(const io::Group& group, const std::vector<std::string>& names,
                          const std::vector<uint64_t>& counts) {
  io::write_strings(group, "strategies", names);
  io::write_vector(group, "initial_counts", counts);
  io::write_strings(group, "strategy", names);
  io::make_dimension_scale(group, "strategy");
  io::attach_dimensions(group, "strategies", {"strategy"});
  io::attach_dimensions(group, "initial_counts", {"strategy"});
}

void write_final_agents(const io::ResultsFile& file, const AgentSnapshot& agents) {
  io::Group g = file.root().require_group("agents");
  io::write_vector(g, "final_strategy", agents.strategy);
  io::write_vector(g, "final_payoff", agents.payoff);
  io::write_vector(g, "final_rounds", agents.turns);
  io::make_bare_dimension(g, "agent", agents.strategy.size());
  for (const char* name : {"final_strategy", "final_payoff", "final_rounds"}) {
    io::attach_dimensions(g, name, {"agent"});
  }
}

void set_population_outcome(const io::ResultsFile& file, const std::string& stop_reason,
                            uint32_t generations) {
  io::Group population = file.root().open_group("population");
  io::set_attr(population, "stop_reason", stop_reason);
  io::set_attr(population, "generations", static_cast<int64_t>(generations));
}

}  // namespace evomarket
