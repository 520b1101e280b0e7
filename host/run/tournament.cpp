#include "host/run/tournament.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

#include "host/errors.h"
#include "host/theory/replicator.h"

namespace evomarket {
namespace {

// Matches per backend call: a long tournament reports progress between calls, and each call
// still holds enough matches to keep every core (or a GPU) busy.
constexpr size_t kMatchesPerCall = size_t{1} << 16;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Axelrod's Ecosystem on the payoff matrix (diagonal included: the self-interaction, or 0
// without self-play, as in the library), `steps` steps from uniform shares.
std::vector<double> ecosystem_orbit(const std::vector<double>& payoff_matrix, uint32_t n,
                                    uint32_t steps) {
  theory::Matrix a(n, std::vector<double>(n));
  for (uint32_t i = 0; i < n; ++i) {
    for (uint32_t j = 0; j < n; ++j) a[i][j] = payoff_matrix[size_t{i} * n + j];
  }
  std::vector<double> x(n, 1.0 / n);
  std::vector<double> orbit(x);
  orbit.reserve((size_t{steps} + 1) * n);
  for (uint32_t k = 1; k <= steps; ++k) {
    try {
      x = theory::ecosystem_step(a, x);
    } catch (const std::domain_error&) {
      throw ConfigError(fmt::format(
          "tournament.ecosystem_steps: at step {} every strategy left earns 0 against the "
          "others, so the ecological shares are undefined from there on; ask for fewer steps",
          k));
    }
    orbit.insert(orbit.end(), x.begin(), x.end());
  }
  return orbit;
}

// Axelrod's normalised state distribution and its per-player form from the state counts
// [row][column][state] (ResultSet._build_normalised_state_distribution and summarise).
void normalise_states(const std::vector<uint64_t>& counts, uint32_t n, TournamentResult& res) {
  res.state_distribution.assign(size_t{n} * n * 4, 0.0);
  res.player_state_distribution.assign(size_t{n} * 4, 0.0);
  for (uint32_t i = 0; i < n; ++i) {
    double player[4] = {0, 0, 0, 0};
    for (uint32_t j = 0; j < n; ++j) {
      if (i == j) continue;
      const uint64_t* c = &counts[(size_t{i} * n + j) * 4];
      const uint64_t total = c[0] + c[1] + c[2] + c[3];
      if (total == 0) continue;
      for (int s = 0; s < 4; ++s) {
        const double share = double(c[s]) / double(total);
        res.state_distribution[(size_t{i} * n + j) * 4 + s] = share;
        player[s] += share;
      }
    }
    const double sum = player[0] + player[1] + player[2] + player[3];
    if (sum == 0) continue;
    for (int s = 0; s < 4; ++s) res.player_state_distribution[size_t{i} * 4 + s] = player[s] / sum;
  }
}

// Adds one match's turns by state (kernels/match.h) to the row's counts against the column,
// and to the column's against the row.
void count_states(const MatchOutcome& o, uint32_t i, uint32_t j, uint32_t n,
                  std::vector<uint64_t>& counts) {
  const uint64_t cc = o.mutual_cooperations;
  const uint64_t cd = o.cooperations[0] - cc, dc = o.cooperations[1] - cc;
  const uint64_t dd = o.turns - cc - cd - dc;
  uint64_t* row = &counts[(size_t{i} * n + j) * 4];
  uint64_t* column = &counts[(size_t{j} * n + i) * 4];
  row[0] += cc, row[1] += cd, row[2] += dc, row[3] += dd;
  column[0] += cc, column[1] += dc, column[2] += cd, column[3] += dd;
}

// Scatters the per-job move buffer of play_matches_recorded into [repetition][row][column][turn]
// with the turn axis cut to the longest match played.
void arrange_moves(const std::vector<MatchJob>& jobs, const std::vector<MatchOutcome>& outcomes,
                   const std::vector<int8_t>& recorded, uint32_t capacity, size_t pairs,
                   TournamentResult& res) {
  const size_t n = res.strategies;
  uint32_t longest = 0;
  for (const MatchOutcome& o : outcomes) longest = std::max(longest, o.turns);
  res.move_turns = longest;
  res.moves.assign(size_t{res.repetitions} * n * n * longest, kNoMove);
  for (size_t k = 0; k < jobs.size(); ++k) {
    const size_t r = k / pairs, i = jobs[k].first, j = jobs[k].second;
    const int8_t* first = recorded.data() + 2 * k * capacity;
    std::copy(first, first + longest, res.moves.begin() + ((r * n + i) * n + j) * longest);
    if (i != j) {
      std::copy(first + capacity, first + capacity + longest,
                res.moves.begin() + ((r * n + j) * n + i) * longest);
    }
  }
}

}  // namespace

uint64_t tournament_matches(const TournamentConfig& config, uint32_t strategies) {
  const uint64_t n = strategies;
  const uint64_t pairs = config.self_play ? n * (n + 1) / 2 : n * (n - 1) / 2;
  return pairs * config.repetitions;
}

TournamentResult run_tournament(const ExperimentConfig& config, const GameSetup& game,
                                Backend& backend, const MatchProgress& progress) {
  const TournamentConfig& tc = config.tournament;
  const uint32_t n = game.strategy_count();
  if (n < 2) throw ConfigError("tournament.strategies: expected at least 2 strategies");
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  for (uint32_t i = 0; i < n; ++i) {
    for (uint32_t j = tc.self_play ? i : i + 1; j < n; ++j) pairs.emplace_back(i, j);
  }
  std::vector<MatchJob> jobs;
  jobs.reserve(pairs.size() * tc.repetitions);
  for (uint32_t r = 0; r < tc.repetitions; ++r) {
    for (size_t p = 0; p < pairs.size(); ++p) {
      jobs.push_back(MatchJob{pairs[p].first, pairs[p].second, uint64_t{r} * pairs.size() + p, 0});
    }
  }
  std::vector<MatchOutcome> outcomes;
  const bool iterated = game.kind == GameKind::kIterated;
  std::vector<int8_t> recorded;
  const uint32_t capacity = longest_match(game.view());
  if (tc.record_moves) {  // small tournaments (record_moves is capped): one call
    outcomes = backend.play_matches_recorded(game, jobs, capacity, recorded);
    if (progress) progress(jobs.size(), jobs.size());
  } else {
    outcomes.reserve(jobs.size());
    for (size_t begin = 0; begin < jobs.size(); begin += kMatchesPerCall) {
      const size_t end = std::min(jobs.size(), begin + kMatchesPerCall);
      const std::vector<MatchOutcome> played = backend.play_matches(
          game, std::vector<MatchJob>(jobs.begin() + begin, jobs.begin() + end));
      outcomes.insert(outcomes.end(), played.begin(), played.end());
      if (progress) progress(end, jobs.size());
    }
  }

  TournamentResult res;
  res.names = game.strategies.names;
  res.repetitions = tc.repetitions;
  res.strategies = n;
  const size_t reps = tc.repetitions;
  res.scores.assign(reps * n, 0);
  res.normalised_scores.assign(reps * n, 0.0);
  res.wins.assign(reps * n, 0);
  res.payoff_matrix.assign(size_t{n} * n, 0.0);
  res.cooperation_matrix.assign(size_t{n} * n, 0.0);
  res.pair_scores.assign(reps * n * n, 0);
  std::vector<uint64_t> cooperations(n, 0), moves(n, 0);
  std::vector<uint64_t> states(iterated ? size_t{n} * n * 4 : 0, 0);
  for (size_t k = 0; k < jobs.size(); ++k) {
    const MatchJob& job = jobs[k];
    const MatchOutcome& o = outcomes[k];
    const size_t r = k / pairs.size();
    const uint32_t i = job.first, j = job.second;
    const double turns = o.turns;
    res.matches += 1;
    res.turns += o.turns;
    res.pair_scores[(r * n + i) * n + j] = o.score[0];
    if (i == j) {  // self-play: the diagonal holds the mean of both seats
      res.payoff_matrix[i * n + i] += 0.5 * (o.score[0] + o.score[1]) / turns / reps;
      res.cooperation_matrix[i * n + i] +=
          0.5 * (o.cooperations[0] + o.cooperations[1]) / turns / reps;
      continue;
    }
    res.pair_scores[(r * n + j) * n + i] = o.score[1];
    if (iterated) count_states(o, i, j, n, states);
    res.payoff_matrix[i * n + j] += o.score[0] / turns / reps;
    res.payoff_matrix[j * n + i] += o.score[1] / turns / reps;
    res.cooperation_matrix[i * n + j] += o.cooperations[0] / turns / reps;
    res.cooperation_matrix[j * n + i] += o.cooperations[1] / turns / reps;
    res.scores[r * n + i] += o.score[0];
    res.scores[r * n + j] += o.score[1];
    res.normalised_scores[r * n + i] += o.score[0] / turns / (n - 1);
    res.normalised_scores[r * n + j] += o.score[1] / turns / (n - 1);
    if (o.score[0] > o.score[1]) ++res.wins[r * n + i];
    if (o.score[1] > o.score[0]) ++res.wins[r * n + j];
    cooperations[i] += o.cooperations[0];
    cooperations[j] += o.cooperations[1];
    moves[i] += o.turns;
    moves[j] += o.turns;
  }
  res.cooperation_rate.resize(n);
  res.median_normalised_score.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    res.cooperation_rate[i] = moves[i] ? double(cooperations[i]) / double(moves[i]) : 0.0;
    std::vector<double> per_rep(reps);
    for (size_t r = 0; r < reps; ++r) per_rep[r] = res.normalised_scores[r * n + i];
    res.median_normalised_score[i] = median(per_rep);
  }
  if (iterated) normalise_states(states, n, res);
  if (tc.record_moves) arrange_moves(jobs, outcomes, recorded, capacity, pairs.size(), res);
  if (tc.ecosystem_steps > 0) {
    res.ecosystem = ecosystem_orbit(res.payoff_matrix, n, tc.ecosystem_steps);
  }
  res.ranking.resize(n);
  std::iota(res.ranking.begin(), res.ranking.end(), 0u);
  std::stable_sort(res.ranking.begin(), res.ranking.end(), [&](uint32_t a, uint32_t b) {
    return res.median_normalised_score[a] > res.median_normalised_score[b];
  });
  return res;
}

std::string format_ranking(const TournamentResult& res) {
  size_t width = 8;
  for (const auto& name : res.names) width = std::max(width, name.size());
  std::string out = fmt::format("{:>4}  {:<{}}  {:>12}  {:>9}  {:>11}\n", "rank", "strategy", width,
                                "median score", "mean wins", "cooperation");
  const uint32_t n = res.strategies;
  for (uint32_t rank = 0; rank < n; ++rank) {
    const uint32_t s = res.ranking[rank];
    double wins = 0;
    for (uint32_t r = 0; r < res.repetitions; ++r) wins += res.wins[size_t{r} * n + s];
    out += fmt::format("{:>4}  {:<{}}  {:>12.4f}  {:>9.2f}  {:>10.1f}%\n", rank + 1, res.names[s],
                       width, res.median_normalised_score[s], wins / res.repetitions,
                       100.0 * res.cooperation_rate[s]);
  }
  return out;
}

}  // namespace evomarket
