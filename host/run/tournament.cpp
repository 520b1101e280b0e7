#include "host/run/tournament.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "host/errors.h"

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
  outcomes.reserve(jobs.size());
  for (size_t begin = 0; begin < jobs.size(); begin += kMatchesPerCall) {
    const size_t end = std::min(jobs.size(), begin + kMatchesPerCall);
    const std::vector<MatchOutcome> played =
        backend.play_matches(game, std::vector<MatchJob>(jobs.begin() + begin, jobs.begin() + end));
    outcomes.insert(outcomes.end(), played.begin(), played.end());
    if (progress) progress(end, jobs.size());
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
  std::vector<uint64_t> cooperations(n, 0), moves(n, 0);
  for (size_t k = 0; k < jobs.size(); ++k) {
    const MatchJob& job = jobs[k];
    const MatchOutcome& o = outcomes[k];
    const size_t r = k / pairs.size();
    const uint32_t i = job.first, j = job.second;
    const double turns = o.turns;
    res.matches += 1;
    res.turns += o.turns;
    if (i == j) {  // self-play: the diagonal holds the mean of both seats
      res.payoff_matrix[i * n + i] += 0.5 * (o.score[0] + o.score[1]) / turns / reps;
      res.cooperation_matrix[i * n + i] +=
          0.5 * (o.cooperations[0] + o.cooperations[1]) / turns / reps;
      continue;
    }
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
