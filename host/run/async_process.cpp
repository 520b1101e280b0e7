#include "host/run/async_process.h"

#include <stdexcept>

#include <fmt/format.h>

#include "host/backend/complete_mixing.h"
#include "host/config/config.h"
#include "host/errors.h"
#include "kernels/group_game.h"
#include "kernels/match.h"
#include "kernels/update.h"

namespace evomarket {
namespace {

// Matches in one round robin of z agents.
uint64_t pair_count(uint64_t z) {
  return z * (z - 1) / 2;
}

// Index of the match of agents i < j among the z (z - 1) / 2 of a round robin.
uint64_t pair_index(uint64_t i, uint64_t j, uint64_t z) {
  return i * (2 * z - i - 1) / 2 + (j - i - 1);
}

}  // namespace

AsyncProcess::AsyncProcess(const GameSetup& game, const EvolutionSetup& evolution, uint64_t agents)
    : game_(game), evolution_(evolution), agents_(agents) {
  if (agents < 2 || agents > kMaxAsyncAgents) {
    throw std::invalid_argument("asynchronous processes need 2 .. 2^20 agents");
  }
  const uint32_t n = game.strategy_count();
  if (game.kind == GameKind::kMatrix) {
    matrix_ = game.matrix;
    return;
  }
  if (game.kind == GameKind::kGroup) {
    turns_per_match_ = static_cast<uint32_t>(game.group.rounds);
    const GroupView view = game.view().group;
    const std::vector<int32_t> codes = game.group_codes;
    // One group: the focal agent first, then its co-players; `cooperation` picks what to read.
    const auto play = [view, codes](bool cooperation, std::size_t focal,
                                    const std::vector<uint32_t>& others) {
      int members[kMaxGroupSize];
      int n = 0;
      members[n++] = codes[focal];
      for (std::size_t t = 0; t < others.size(); ++t) {
        for (uint32_t k = 0; k < others[t]; ++k) members[n++] = codes[t];
      }
      int64_t payoffs[kMaxGroupSize];
      int cooperations[kMaxGroupSize];
      play_group_q16(view, n, members, payoffs, cooperations);
      // Per round, in 2^-16 units (floor division: the same on every machine).
      const int64_t total = cooperation ? int64_t{cooperations[0]} * kFitnessOne : payoffs[0];
      const int64_t rounds = view.rounds;
      return total / rounds - ((total % rounds != 0 && total < 0) ? 1 : 0);
    };
    const auto size = static_cast<uint32_t>(game.group.group_size);
    group_payoff_ = std::make_unique<GroupExpectation>(
        n, size,
        [play](std::size_t f, const std::vector<uint32_t>& o) { return play(false, f, o); });
    group_cooperation_ = std::make_unique<GroupExpectation>(
        n, size,
        [play](std::size_t f, const std::vector<uint32_t>& o) { return play(true, f, o); });
    return;
  }
  const MatchTableView table = game.shortcuts.view();
  bool tabulated = true;
  for (uint32_t s = 0; s < n && tabulated; ++s) {
    for (uint32_t t = 0; t < n && tabulated; ++t) tabulated = table.has(s, t);
  }
  if (!tabulated) {
    plays_matches_ = true;
    if (agents > kMaxAsyncMatchAgents) {
      throw ConfigError(fmt::format(
          "population.agents = {}: at most {} agents in an asynchronous iterated game with "
          "stochastic strategies, noise or random match lengths (every pair plays a match in "
          "every event)",
          agents, kMaxAsyncMatchAgents));
    }
    return;
  }
  turns_per_match_ = game.rules.turns;
  matrix_.resize(uint64_t{n} * n);
  cooperation_matrix_.resize(uint64_t{n} * n);
  for (uint32_t s = 0; s < n; ++s) {
    for (uint32_t t = 0; t < n; ++t) {
      matrix_[s * n + t] = table.entry(s, t).score[0];
      cooperation_matrix_[s * n + t] = table.entry(s, t).cooperations[0];
    }
  }
}

void AsyncProcess::set_counts(const std::vector<uint64_t>& counts) {
  counts_ = counts;
  const size_t n = game_.strategy_count();
  counts_.resize(n, 0);
  payoff_.resize(n);
  fitness_.resize(n);
  moran_.resize(n);
  weight_.resize(n);
  refresh_fitness();
}

void AsyncProcess::refresh_fitness() {
  if (plays_matches_) return;  // fitness comes from each event's matches
  if (group_payoff_) {
    group_payoff_->payoffs(counts_, fitness_.data());
    for (size_t s = 0; s < counts_.size(); ++s) {
      payoff_[s] = fitness_[s] * turns_per_match_;  // one group's rounds, 2^-16 units
      moran_[s] = moran_fitness_q32(fitness_[s], evolution_.w_q16) >> 16;
    }
    return;
  }
  complete_mixing_payoffs(matrix_, counts_, payoff_.data());
  const auto rounds = static_cast<uint32_t>((agents_ - 1) * turns_per_match_);
  for (size_t s = 0; s < counts_.size(); ++s) {
    fitness_[s] = fitness_q16(payoff_[s], rounds);
    moran_[s] = moran_fitness_q32(fitness_[s], evolution_.w_q16) >> 16;
  }
}

StrategyTotals AsyncProcess::totals(uint32_t generation) const {
  const size_t n = counts_.size();
  StrategyTotals t(n);
  if (game_.kind == GameKind::kIterated) t.matches = pair_count(agents_);
  if (plays_matches_) {
    Agents agents;
    play_round_robin(generation, agents_, agents);
    for (uint64_t i = 0; i < agents_; ++i) {
      const uint32_t s = agents.strategy[i];
      ++t.agents[s];
      t.payoff[s] += agents.score[i];
      t.turns[s] += agents.turns[i];
      t.cooperations[s] += agents.cooperations[i];
    }
    return t;
  }
  if (group_payoff_) {  // the expectation of one group per agent: its rounds, payoff and C moves
    std::vector<int64_t> cooperation(n);
    group_cooperation_->payoffs(counts_, cooperation.data());
    for (size_t s = 0; s < n; ++s) {
      t.agents[s] = counts_[s];
      t.payoff[s] = static_cast<int64_t>(counts_[s]) * payoff_[s];
      t.turns[s] = counts_[s] * turns_per_match_;
      t.cooperations[s] = static_cast<uint64_t>(static_cast<int64_t>(counts_[s]) * cooperation[s] *
                                                turns_per_match_ / kFitnessOne);
    }
    return t;
  }
  for (size_t s = 0; s < n; ++s) {
    t.agents[s] = counts_[s];
    t.payoff[s] = static_cast<int64_t>(counts_[s]) * payoff_[s];
    t.turns[s] = counts_[s] * (agents_ - 1) * turns_per_match_;
    if (cooperation_matrix_.empty() || counts_[s] == 0) continue;
    uint64_t per_agent = 0;  // C moves of one agent of s over its Z - 1 matches
    for (size_t u = 0; u < n; ++u) {
      per_agent +=
          static_cast<uint64_t>(cooperation_matrix_[s * n + u]) * (counts_[u] - (u == s ? 1 : 0));
    }
    t.cooperations[s] = counts_[s] * per_agent;
  }
  return t;
}

uint32_t AsyncProcess::pick_weighted(uint64_t total, uint32_t hi, uint32_t lo) const {
  uint64_t u = uniform_below(hi, lo, total);
  for (uint32_t s = 0; s < weight_.size(); ++s) {
    if (u < weight_[s]) return s;
    u -= weight_[s];
  }
  return static_cast<uint32_t>(weight_.size() - 1);  // not reached
}

uint32_t AsyncProcess::pick_agent(uint32_t hi, uint32_t lo, int64_t exclude) const {
  uint64_t u = uniform_below(hi, lo, agents_ - (exclude >= 0 ? 1 : 0));
  for (uint32_t s = 0; s < counts_.size(); ++s) {
    const uint64_t w = counts_[s] - (s == exclude ? 1 : 0);
    if (u < w) return s;
    u -= w;
  }
  return static_cast<uint32_t>(counts_.size() - 1);  // not reached
}

void AsyncProcess::sort_agents(Agents& agents) const {
  agents.strategy.resize(agents_);
  uint64_t i = 0;
  for (uint32_t s = 0; s < counts_.size(); ++s) {
    for (uint64_t k = 0; k < counts_[s]; ++k) agents.strategy[i++] = s;
  }
  agents.score.assign(agents_, 0);
  agents.turns.assign(agents_, 0);
  agents.cooperations.assign(agents_, 0);
  agents.fitness.assign(agents_, 0);
}

// Agent `agent`'s matches against every other agent of event `event`; only its own entries
// change (the partners' seats of those matches are not recorded).
void AsyncProcess::play_agent(uint32_t generation, uint64_t event, uint64_t agent,
                              Agents& agents) const {
  const StrategyTableView table = game_.strategies.view();
  const MatchTableView shortcuts = game_.shortcuts.view();
  const uint64_t first_id = event * pair_count(agents_);
  for (uint64_t other = 0; other < agents_; ++other) {
    if (other == agent) continue;
    const bool first = agent < other;
    const uint64_t id =
        first_id + (first ? pair_index(agent, other, agents_) : pair_index(other, agent, agents_));
    const uint32_t a = agents.strategy[first ? agent : other];
    const uint32_t b = agents.strategy[first ? other : agent];
    const MatchOutcome o =
        score_match(table, shortcuts, game_.rules, a, b, game_.seed, id, generation);
    const int seat = first ? 0 : 1;
    agents.score[agent] += o.score[seat];
    agents.cooperations[agent] += o.cooperations[seat];
    agents.turns[agent] += o.turns;
    agents.fitness[agent] += fitness_q16(o.score[seat], o.turns);
  }
  agents.fitness[agent] /= static_cast<int64_t>(agents_ - 1);
}

void AsyncProcess::play_round_robin(uint32_t generation, uint64_t event, Agents& agents) const {
  sort_agents(agents);
  const StrategyTableView table = game_.strategies.view();
  const MatchTableView shortcuts = game_.shortcuts.view();
  const uint64_t first_id = event * pair_count(agents_);
  for (uint64_t i = 0; i < agents_; ++i) {
    for (uint64_t j = i + 1; j < agents_; ++j) {
      const MatchOutcome o =
          score_match(table, shortcuts, game_.rules, agents.strategy[i], agents.strategy[j],
                      game_.seed, first_id + pair_index(i, j, agents_), generation);
      agents.score[i] += o.score[0];
      agents.score[j] += o.score[1];
      agents.cooperations[i] += o.cooperations[0];
      agents.cooperations[j] += o.cooperations[1];
      agents.turns[i] += o.turns;
      agents.turns[j] += o.turns;
      agents.fitness[i] += fitness_q16(o.score[0], o.turns);
      agents.fitness[j] += fitness_q16(o.score[1], o.turns);
    }
  }
  for (uint64_t i = 0; i < agents_; ++i) agents.fitness[i] /= static_cast<int64_t>(agents_ - 1);
}

bool AsyncProcess::select_by_counts(const Draw4& a, const Draw4& b, uint32_t& from, uint32_t& to) {
  const UpdateParams p = evolution_.params();
  const auto strategies = static_cast<uint32_t>(counts_.size());
  if (p.rule == UpdateRule::kFermi || p.rule == UpdateRule::kProportional) {
    from = pick_agent(a.v[1], a.v[2], -1);                        // the focal individual
    to = pick_agent(a.v[3], b.v[0], static_cast<int64_t>(from));  // its model
    if (to == from) return false;
    return b.v[1] < imitation_threshold(p, fitness_[to] - fitness_[from]);
  }
  if (p.rule == UpdateRule::kBirthDeath) {
    uint64_t total = 0;
    for (uint32_t s = 0; s < strategies; ++s) total += weight_[s] = counts_[s] * moran_[s];
    if (total == 0) return false;
    to = pick_weighted(total, a.v[1], a.v[2]);  // the reproducer
    // The one it replaces: among the others, or among all (then possibly the parent itself).
    from = pick_agent(a.v[3], b.v[0], evolution_.replace_parent ? -1 : static_cast<int64_t>(to));
    return true;
  }
  if (p.rule == UpdateRule::kDeathBirth) {
    from = pick_agent(a.v[1], a.v[2], -1);  // the one that dies
    uint64_t total = 0;
    for (uint32_t s = 0; s < strategies; ++s) {
      total += weight_[s] = (counts_[s] - (s == from ? 1 : 0)) * moran_[s];
    }
    if (total == 0) return false;
    to = pick_weighted(total, a.v[3], b.v[0]);  // the parent of its replacement
    return true;
  }
  return false;
}

bool AsyncProcess::select_by_matches(uint32_t generation, uint64_t event, const Draw4& a,
                                     const Draw4& b, uint32_t& from, uint32_t& to) {
  const UpdateParams p = evolution_.params();
  Agents& agents = scratch_;
  const uint64_t z = agents_;
  if (p.rule == UpdateRule::kFermi || p.rule == UpdateRule::kProportional) {
    sort_agents(agents);
    const uint64_t focal = uniform_below(a.v[1], a.v[2], z);
    const uint64_t u = uniform_below(a.v[3], b.v[0], z - 1);
    const uint64_t model = u >= focal ? u + 1 : u;
    from = agents.strategy[focal];
    to = agents.strategy[model];
    if (to == from) return false;
    play_agent(generation, event, focal, agents);
    play_agent(generation, event, model, agents);
    return b.v[1] < imitation_threshold(p, agents.fitness[model] - agents.fitness[focal]);
  }
  if (p.rule != UpdateRule::kBirthDeath && p.rule != UpdateRule::kDeathBirth) return false;
  play_round_robin(generation, event, agents);
  std::vector<uint64_t>& weight = agents.weight;
  weight.resize(z);
  for (uint64_t i = 0; i < z; ++i) {
    weight[i] = moran_fitness_q32(agents.fitness[i], evolution_.w_q16) >> 16;
  }
  // The agent drawn with probability proportional to its weight, leaving out `exclude`.
  const auto pick = [&](uint32_t hi, uint32_t lo, uint64_t exclude) -> int64_t {
    uint64_t total = 0;
    for (uint64_t i = 0; i < z; ++i) total += i == exclude ? 0 : weight[i];
    if (total == 0) return -1;
    uint64_t r = uniform_below(hi, lo, total);
    for (uint64_t i = 0; i < z; ++i) {
      const uint64_t w = i == exclude ? 0 : weight[i];
      if (r < w) return static_cast<int64_t>(i);
      r -= w;
    }
    return -1;  // not reached
  };
  if (p.rule == UpdateRule::kBirthDeath) {
    const int64_t parent = pick(a.v[1], a.v[2], z);
    if (parent < 0) return false;
    uint64_t replaced = 0;
    if (evolution_.replace_parent) {
      replaced = uniform_below(a.v[3], b.v[0], z);
    } else {
      const uint64_t r = uniform_below(a.v[3], b.v[0], z - 1);
      replaced = r >= static_cast<uint64_t>(parent) ? r + 1 : r;
    }
    to = agents.strategy[static_cast<uint64_t>(parent)];
    from = agents.strategy[replaced];
    return true;
  }
  const uint64_t dies = uniform_below(a.v[1], a.v[2], z);
  const int64_t parent = pick(a.v[3], b.v[0], dies);
  if (parent < 0) return false;
  from = agents.strategy[dies];
  to = agents.strategy[static_cast<uint64_t>(parent)];
  return true;
}

void AsyncProcess::run_generation(uint32_t generation) {
  const UpdateParams p = evolution_.params();
  const uint64_t seed = game_.seed;
  const auto strategies = static_cast<uint32_t>(counts_.size());
  for (uint64_t event = 0; event < agents_; ++event) {
    const Draw4 a = draw4(seed, event, Purpose::kAsyncEvent, generation, 0);
    const Draw4 b = draw4(seed, event, Purpose::kAsyncEvent, generation, 1);
    uint32_t from = 0;  // one agent of `from` becomes `to`
    uint32_t to = 0;
    if (strategies > 1 && bernoulli(a.v[0], p.mutation)) {
      from = pick_agent(a.v[1], a.v[2], -1);
      const auto r = static_cast<uint32_t>(uniform_below(a.v[3], b.v[0], strategies - 1));
      to = r >= from ? r + 1 : r;
    } else if (!(plays_matches_ ? select_by_matches(generation, event, a, b, from, to)
                                : select_by_counts(a, b, from, to))) {
      continue;
    }
    if (from == to) continue;
    --counts_[from];
    ++counts_[to];
    refresh_fitness();
  }
}

}  // namespace evomarket
