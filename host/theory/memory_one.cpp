#include "host/theory/memory_one.h"

#include <stdexcept>
#include <string>
#include <vector>

#include "host/setup/probability.h"

namespace evomarket {
namespace {

// The same turn seen from the other seat: CD and DC exchange.
constexpr uint32_t kSwap[4] = {0, 2, 1, 3};

void check_probability(double p, const char* what) {
  if (!(p >= 0.0 && p <= 1.0)) {
    throw std::invalid_argument(std::string(what) + ": expected a probability in [0, 1], got " +
                                std::to_string(p));
  }
}

void check_inputs(const MemoryOne& a, const MemoryOne& b, double noise) {
  for (const MemoryOne* s : {&a, &b}) {
    for (double p : s->p) check_probability(p, "memory-one four_vector entry");
    check_probability(s->first, "memory-one first move");
  }
  check_probability(noise, "noise");
}

// P(C) and P(D) as played when C is intended with probability p. Both are computed directly
// (not one as 1 minus the other) so that zeros stay exact and tiny values keep their digits.
struct MoveOdds {
  double c;
  double d;
};
MoveOdds played(double p, double noise) {
  return MoveOdds{p * (1 - noise) + (1 - p) * noise, (1 - p) * (1 - noise) + p * noise};
}

OutcomeDistribution joint(MoveOdds x, MoveOdds y) {
  return {x.c * y.c, x.c * y.d, x.d * y.c, x.d * y.d};
}

OutcomeMatrix multiply(const OutcomeMatrix& x, const OutcomeMatrix& y) {
  OutcomeMatrix z{};
  for (int i = 0; i < 4; ++i) {
    for (int k = 0; k < 4; ++k) {
      for (int j = 0; j < 4; ++j) z[i][j] += x[i][k] * y[k][j];
    }
  }
  return z;
}

// x y for stochastic x and y, rows rescaled to sum 1: squaring doubles a row-sum error, so
// without this 40 squarings would turn rounding into errors near 1e-4.
OutcomeMatrix multiply_stochastic(const OutcomeMatrix& x, const OutcomeMatrix& y) {
  OutcomeMatrix z = multiply(x, y);
  for (auto& row : z) {
    const double sum = row[0] + row[1] + row[2] + row[3];
    for (double& v : row) v /= sum;
  }
  return z;
}

// Stationary distribution of the irreducible chain M restricted to `states` (a closed class) by
// the Grassmann-Taksar-Heyman algorithm: censor the states one by one from the last, taking each
// exit mass as the sum of the remaining row (never 1 minus the self-loop).
OutcomeDistribution stationary_of_class(const OutcomeMatrix& m, const std::vector<int>& states) {
  const int n = static_cast<int>(states.size());
  double w[4][4];
  double exit[4] = {0, 0, 0, 0};
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) w[i][j] = m[states[i]][states[j]];
  }
  for (int k = n - 1; k > 0; --k) {
    for (int j = 0; j < k; ++j) exit[k] += w[k][j];
    for (int i = 0; i < k; ++i) {
      for (int j = 0; j < k; ++j) w[i][j] += w[i][k] * w[k][j] / exit[k];
    }
  }
  double pi[4] = {1, 0, 0, 0};
  double total = 1;
  for (int k = 1; k < n; ++k) {
    for (int i = 0; i < k; ++i) pi[k] += pi[i] * w[i][k];
    pi[k] /= exit[k];
    total += pi[k];
  }
  OutcomeDistribution d{};
  for (int i = 0; i < n; ++i) d[states[i]] = pi[i] / total;
  return d;
}

double checked_prob_end(double prob_end) {
  if (!(prob_end > 0.0 && prob_end <= 1.0)) {
    throw std::invalid_argument("prob_end: expected a probability in (0, 1], got " +
                                std::to_string(prob_end));
  }
  return prob_end;
}

}  // namespace

OutcomeMatrix transition_matrix(const MemoryOne& a, const MemoryOne& b, double noise) {
  check_inputs(a, b, noise);
  OutcomeMatrix m{};
  for (uint32_t o = 0; o < 4; ++o) {
    m[o] = joint(played(a.p[o], noise), played(b.p[kSwap[o]], noise));
  }
  return m;
}

OutcomeDistribution first_turn_distribution(const MemoryOne& a, const MemoryOne& b, double noise) {
  check_inputs(a, b, noise);
  return joint(played(a.first, noise), played(b.first, noise));
}

OutcomeDistribution limit_distribution(const MemoryOne& a, const MemoryOne& b, double noise) {
  const OutcomeMatrix m = transition_matrix(a, b, noise);
  OutcomeDistribution v = first_turn_distribution(a, b, noise);

  // Reachability (reflexive, transitive) from the exact zero pattern of M.
  bool reach[4][4];
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) reach[i][j] = i == j || m[i][j] > 0;
  }
  for (int k = 0; k < 4; ++k) {
    for (int i = 0; i < 4; ++i) {
      for (int j = 0; j < 4; ++j) reach[i][j] = reach[i][j] || (reach[i][k] && reach[k][j]);
    }
  }
  // A state is recurrent when everything it reaches leads back to it.
  bool recurrent[4];
  for (int i = 0; i < 4; ++i) {
    recurrent[i] = true;
    for (int j = 0; j < 4; ++j) recurrent[i] = recurrent[i] && (!reach[i][j] || reach[j][i]);
  }

  // Absorption: censor the transient states out of the chain and out of v (mass on a transient
  // state moves to where the chain goes next). What remains of v on the recurrent states is the
  // probability that each is the first recurrent state the match enters.
  OutcomeMatrix w = m;
  bool removed[4] = {false, false, false, false};
  for (int k = 0; k < 4; ++k) {
    if (recurrent[k]) continue;
    double exit = 0;
    for (int j = 0; j < 4; ++j) {
      if (j != k && !removed[j]) exit += w[k][j];
    }
    removed[k] = true;
    if (!(exit > 0)) continue;  // only on underflow; a transient state always has a way out
    for (int i = 0; i < 4; ++i) {
      if (removed[i]) continue;
      for (int j = 0; j < 4; ++j) {
        if (!removed[j]) w[i][j] += w[i][k] * w[k][j] / exit;
      }
    }
    for (int j = 0; j < 4; ++j) {
      if (!removed[j]) v[j] += v[k] * w[k][j] / exit;
    }
    v[k] = 0;
  }

  // Each closed class spreads the mass that enters it by its own stationary distribution.
  OutcomeDistribution limit{};
  bool done[4] = {false, false, false, false};
  for (int i = 0; i < 4; ++i) {
    if (!recurrent[i] || done[i]) continue;
    std::vector<int> cls;
    double mass = 0;
    for (int j = 0; j < 4; ++j) {
      if (recurrent[j] && reach[i][j]) {  // within a closed class reach is mutual
        cls.push_back(j);
        mass += v[j];
        done[j] = true;
      }
    }
    if (mass == 0) continue;
    const OutcomeDistribution pi = stationary_of_class(m, cls);
    for (int j : cls) limit[j] += mass * pi[j];
  }
  return limit;
}

OutcomeDistribution average_distribution(const MemoryOne& a, const MemoryOne& b, double noise,
                                         uint64_t turns) {
  if (turns == 0) throw std::invalid_argument("average over turns: expected at least one turn");
  const OutcomeMatrix m = transition_matrix(a, b, noise);
  const OutcomeDistribution v0 = first_turn_distribution(a, b, noise);
  // Invariant: sum = sum_{t<k} M^t and power = M^k, walking k up the bits of `turns`.
  OutcomeMatrix sum{};
  OutcomeMatrix power{};
  for (int i = 0; i < 4; ++i) power[i][i] = 1;
  for (int bit = 63; bit >= 0; --bit) {
    const OutcomeMatrix twice = multiply(sum, power);  // k -> 2k: S_2k = S_k + S_k M^k
    for (int i = 0; i < 4; ++i) {
      for (int j = 0; j < 4; ++j) sum[i][j] += twice[i][j];
    }
    power = multiply_stochastic(power, power);
    if ((turns >> bit) & 1u) {  // k -> k + 1: S_k+1 = S_k + M^k
      for (int i = 0; i < 4; ++i) {
        for (int j = 0; j < 4; ++j) sum[i][j] += power[i][j];
      }
      power = multiply_stochastic(power, m);
    }
  }
  OutcomeDistribution d{};
  const double n = static_cast<double>(turns);
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) d[j] += v0[i] * sum[i][j] / n;
  }
  return d;
}

PairPayoff expected_payoff(const OutcomeDistribution& d, const PayoffMatrix& payoffs) {
  PairPayoff u{0, 0};
  for (uint32_t o = 0; o < 4; ++o) {
    u.first += d[o] * static_cast<double>(payoffs.value[o]);
    u.second += d[o] * static_cast<double>(payoffs.value[kSwap[o]]);
  }
  return u;
}

PairPayoff infinite_game_payoff(const MemoryOne& a, const MemoryOne& b, double noise,
                                const PayoffMatrix& payoffs) {
  return expected_payoff(limit_distribution(a, b, noise), payoffs);
}

PairPayoff finite_game_payoff(const MemoryOne& a, const MemoryOne& b, double noise, uint32_t turns,
                              const PayoffMatrix& payoffs) {
  return expected_payoff(average_distribution(a, b, noise, turns), payoffs);
}

PairPayoff discounted_game_totals(const MemoryOne& a, const MemoryOne& b, double noise,
                                  double prob_end, const PayoffMatrix& payoffs) {
  const double q = checked_prob_end(prob_end);
  const OutcomeMatrix m = transition_matrix(a, b, noise);
  const OutcomeDistribution v0 = first_turn_distribution(a, b, noise);
  // x = u + W x with W = (1 - q) M: x[i] is the expected total from a turn with outcome i on.
  // Censor states 3, 2, 1 (as in GTH): each step folds state k's reward and onward moves into
  // the rows that lead to k; the leak (end of match) of each row is tracked explicitly, so the
  // pivot 1 - W[k][k] is a sum of non-negative terms even when q and the noise are tiny.
  double w[4][4];
  double leak[4];
  double reward[4][2];
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) w[i][j] = (1 - q) * m[i][j];
    leak[i] = q;
    reward[i][0] = static_cast<double>(payoffs.value[i]);
    reward[i][1] = static_cast<double>(payoffs.value[kSwap[i]]);
  }
  double pivot[4];
  for (int k = 3; k >= 0; --k) {
    pivot[k] = leak[k];
    for (int j = 0; j < k; ++j) pivot[k] += w[k][j];
    for (int i = 0; i < k; ++i) {
      const double f = w[i][k] / pivot[k];
      for (int j = 0; j < k; ++j) w[i][j] += f * w[k][j];
      leak[i] += f * leak[k];
      reward[i][0] += f * reward[k][0];
      reward[i][1] += f * reward[k][1];
    }
  }
  double x[4][2];
  for (int k = 0; k < 4; ++k) {  // back substitution: x[k] = (reward[k] + sum_{j<k} w x) / pivot
    for (int s = 0; s < 2; ++s) {
      double t = reward[k][s];
      for (int j = 0; j < k; ++j) t += w[k][j] * x[j][s];
      x[k][s] = t / pivot[k];
    }
  }
  PairPayoff total{0, 0};
  for (int i = 0; i < 4; ++i) {
    total.first += v0[i] * x[i][0];
    total.second += v0[i] * x[i][1];
  }
  return total;
}

PairPayoff discounted_game_payoff(const MemoryOne& a, const MemoryOne& b, double noise,
                                  double prob_end, const PayoffMatrix& payoffs) {
  const PairPayoff total = discounted_game_totals(a, b, noise, prob_end, payoffs);
  return PairPayoff{total.first * prob_end, total.second * prob_end};
}

std::optional<MemoryOne> as_memory_one(const StrategySet& set, uint32_t strategy) {
  if (strategy >= set.size()) {
    throw std::out_of_range("as_memory_one: strategy " + std::to_string(strategy) +
                            " is not in a set of " + std::to_string(set.size()));
  }
  const StrategyInfo& info = set.infos[strategy];
  // A strategy that uses the match length is not memory-one.
  if (info.kind != StrategyKind::kMachine || info.final_defections != 0) return std::nullopt;
  const auto threshold = [&](uint32_t s) { return set.states.at(s).coop_threshold; };

  // Every state reachable through any outcomes (noise can produce all four). Checking that all
  // of them send outcome o to the same threshold P_o is enough: the state after any later turn
  // is itself such a successor, so every move from turn 2 on depends only on the last outcome.
  std::vector<uint32_t> reachable{info.initial_state};
  std::vector<bool> seen(set.states.size(), false);
  seen.at(info.initial_state) = true;
  uint64_t after[4];
  for (uint32_t o = 0; o < 4; ++o) after[o] = threshold(set.states[info.initial_state].next[o]);
  for (size_t i = 0; i < reachable.size(); ++i) {
    const MachineState& s = set.states[reachable[i]];
    for (uint32_t o = 0; o < 4; ++o) {
      if (threshold(s.next[o]) != after[o]) return std::nullopt;
      if (!seen[s.next[o]]) {
        seen[s.next[o]] = true;
        reachable.push_back(s.next[o]);
      }
    }
  }
  MemoryOne m{};
  for (uint32_t o = 0; o < 4; ++o) m.p[o] = threshold_probability(Probability{after[o]});
  m.first = threshold_probability(Probability{threshold(info.initial_state)});
  return m;
}

}  // namespace evomarket
