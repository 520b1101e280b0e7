#include "host/theory/full_chain.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include <Eigen/SparseCore>
#include <Eigen/SparseLU>

#include "host/theory/process_checks.h"

namespace evomarket::theory {
namespace {

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
  return a > std::numeric_limits<std::uint64_t>::max() - b
             ? std::numeric_limits<std::uint64_t>::max()
             : a + b;
}

// The compositions of Z into n parts, ranked in the order of full_chain.h.
class StateSpace {
 public:
  StateSpace(std::uint64_t population, std::size_t strategies)
      : z_(population), n_(strategies), pascal_(population + strategies + 1) {
    for (std::size_t a = 0; a < pascal_.size(); ++a) {
      pascal_[a].assign(n_ + 1, 0);
      pascal_[a][0] = 1;
      for (std::size_t b = 1; b <= std::min<std::size_t>(a, n_); ++b) {
        pascal_[a][b] = saturating_add(pascal_[a - 1][b - 1], b < a ? pascal_[a - 1][b] : 0);
      }
    }
    size_ = binomial(z_ + n_ - 1, n_ - 1);
  }

  std::uint64_t size() const { return size_; }

  // C(a, b) for b <= n.
  std::uint64_t binomial(std::uint64_t a, std::size_t b) const { return b > a ? 0 : pascal_[a][b]; }

  // The position of `counts` in the enumeration: compositions with the same first p counts and
  // more of strategy p come first, C(left - c_p - 1 + q, q) of them (q = parts after p).
  std::uint64_t rank(const std::uint32_t* counts) const {
    std::uint64_t r = 0, left = z_;
    for (std::size_t p = 0; p + 1 < n_; ++p) {
      if (left > counts[p]) r += binomial(left - counts[p] - 1 + (n_ - p - 1), n_ - p - 1);
      left -= counts[p];
    }
    return r;
  }

  // Every state, flat [S * n], in rank order.
  std::vector<std::uint32_t> enumerate() const {
    std::vector<std::uint32_t> out;
    out.reserve(size_ * n_);
    std::vector<std::uint32_t> current(n_, 0);
    add(static_cast<std::uint32_t>(z_), 0, current, out);
    return out;
  }

 private:
  void add(std::uint32_t left, std::size_t part, std::vector<std::uint32_t>& current,
           std::vector<std::uint32_t>& out) const {
    if (part + 1 == n_) {
      current[part] = left;
      out.insert(out.end(), current.begin(), current.end());
      return;
    }
    for (std::uint32_t k = left + 1; k-- > 0;) {
      current[part] = k;
      add(left - k, part + 1, current, out);
    }
  }

  std::uint64_t z_;
  std::size_t n_;
  std::vector<std::vector<std::uint64_t>> pascal_;
  std::uint64_t size_ = 0;
};

struct Transition {
  std::uint64_t to;
  double probability;
};

// The chain, state by state: checks the arguments once, then lists the transitions out of any
// state (one player moving from i to j != i).
class Chain {
 public:
  Chain(Process process, const PopulationGame& game, std::uint64_t population, double intensity,
        double mu)
      : process_(process),
        game_(game),
        space_(population, game.strategies()),
        z_(population),
        intensity_(intensity),
        mu_(mu) {
    const char* what = "full_chain_stationary";
    const std::size_t n = game.strategies();
    if (n < 2) throw std::invalid_argument(std::string(what) + ": needs at least 2 strategies");
    detail::require_population_of(game, population, what);
    detail::require_intensity(process, intensity, what);
    detail::require_mutation(mu, what);
    if (population > std::numeric_limits<std::uint32_t>::max() ||
        space_.size() > kMaxFullChainStates) {
      throw std::invalid_argument(std::string(what) +
                                  ": the chain of Z = " + std::to_string(population) + " among " +
                                  std::to_string(n) + " strategies has " +
                                  (space_.size() == std::numeric_limits<std::uint64_t>::max()
                                       ? std::string("too many")
                                       : std::to_string(space_.size())) +
                                  " states, more than the " + std::to_string(kMaxFullChainStates) +
                                  " it solves (use the small-mutation limit or a smaller Z)");
    }
    states_ = space_.enumerate();
  }

  std::uint64_t size() const { return space_.size(); }
  std::size_t strategies() const { return game_.strategies(); }
  std::uint64_t rank(const std::uint32_t* counts) const { return space_.rank(counts); }
  const std::vector<std::uint32_t>& states() const { return states_; }

  void transitions(std::uint64_t k, std::vector<Transition>& out) {
    out.clear();
    const std::size_t n = game_.strategies();
    const std::uint32_t* c = &states_[k * n];
    const double dz = static_cast<double>(z_);
    counts_.assign(c, c + n);
    pi_.assign(n, 0.0);
    phi_.assign(n, 0.0);
    double fitness_total = 0;
    for (std::size_t t = 0; t < n; ++t) {
      if (c[t] == 0) continue;
      pi_[t] = game_.payoff(counts_, t);
      if (process_ != Process::kFermi) {
        phi_[t] = 1 - intensity_ + intensity_ * pi_[t];
        if (!(phi_[t] > 0)) {
          throw std::invalid_argument(
              "full_chain_stationary: Moran fitness 1 - w + w*payoff must be > 0, but strategy " +
              std::to_string(t) + " has payoff " + std::to_string(pi_[t]) +
              " (lower w or shift the payoffs)");
        }
        fitness_total += static_cast<double>(c[t]) * phi_[t];
      }
    }
    std::vector<std::uint32_t>& next = next_;
    for (std::size_t i = 0; i < n; ++i) {
      if (c[i] == 0) continue;
      const double ni = static_cast<double>(c[i]);
      for (std::size_t j = 0; j < n; ++j) {
        if (j == i) continue;
        const double nj = static_cast<double>(c[j]);
        double selection = 0;
        if (c[j] > 0) {
          switch (process_) {
            case Process::kFermi:
              selection = ni / dz * nj / (dz - 1) * detail::fermi(intensity_ * (pi_[j] - pi_[i]));
              break;
            case Process::kMoranBirthDeath:
              selection = nj * phi_[j] / fitness_total * ni / (dz - 1);
              break;
            case Process::kMoranDeathBirth:
              selection = ni / dz * nj * phi_[j] / (fitness_total - phi_[i]);
              break;
          }
        }
        const double p = (1 - mu_) * selection + mu_ * ni / dz / static_cast<double>(n - 1);
        if (!(p > 0)) continue;
        next.assign(c, c + n);
        --next[i];
        ++next[j];
        out.push_back({space_.rank(next.data()), p});
      }
    }
  }

 private:
  Process process_;
  const PopulationGame& game_;
  StateSpace space_;
  std::uint64_t z_;
  double intensity_;
  double mu_;
  std::vector<std::uint32_t> states_;
  std::vector<std::uint64_t> counts_;
  std::vector<double> pi_, phi_;
  std::vector<std::uint32_t> next_;
};

}  // namespace

std::uint64_t full_chain_state_count(std::uint64_t population, std::size_t strategies) {
  if (strategies == 0) return 0;
  if (population > 1000000000 || strategies > 1000000) {
    return std::numeric_limits<std::uint64_t>::max();
  }
  return StateSpace(population, strategies).size();
}

FullChainStationary full_chain_stationary(Process process, const PopulationGame& game,
                                          std::uint64_t population, double intensity, double mu) {
  if (!(mu > 0 && mu <= 1)) {
    throw std::invalid_argument(
        "full_chain_stationary: the mutation probability mu must be in (0, 1] (the chain is "
        "then irreducible)");
  }
  Chain chain(process, game, population, intensity, mu);
  const auto size = static_cast<Eigen::Index>(chain.size());
  const std::size_t n = chain.strategies();
  // pi Q = 0 with Q the generator (P - I), as Q^T pi^T = 0. One state is pinned to 1 and the
  // other equations solved for the rest (then normalised): unlike a row of ones for sum pi = 1,
  // that keeps the system as sparse as the chain, which the LU's fill-in needs. The pinned state
  // is the monomorphic state the small-mutation limit favours, among the likeliest of all, so
  // the others stay within the range of doubles relative to it.
  std::uint64_t pinned = 0;
  try {
    const SmallMutationLimit limit = small_mutation_limit(process, game, population, intensity);
    std::vector<std::uint32_t> mono(n, 0);
    mono[static_cast<std::size_t>(
        std::max_element(limit.stationary.begin(), limit.stationary.end()) -
        limit.stationary.begin())] = static_cast<std::uint32_t>(population);
    pinned = chain.rank(mono.data());
  } catch (const std::domain_error&) {
    pinned = 0;  // no unique limit (fixation probabilities underflow): any state will do
  }
  const auto pin = static_cast<Eigen::Index>(pinned);
  const auto reduced = [pin](Eigen::Index k) { return k < pin ? k : k - 1; };
  std::vector<Eigen::Triplet<double>> entries, generator;
  std::vector<Transition> out;
  for (Eigen::Index k = 0; k < size; ++k) {
    chain.transitions(static_cast<std::uint64_t>(k), out);
    double leave = 0;
    for (const Transition& t : out) {
      const auto to = static_cast<Eigen::Index>(t.to);
      generator.emplace_back(to, k, t.probability);
      leave += t.probability;
    }
    generator.emplace_back(k, k, -leave);
  }
  Eigen::VectorXd b = Eigen::VectorXd::Zero(size - 1);
  for (const auto& e : generator) {
    if (e.row() == pin) continue;
    if (e.col() == pin) {
      b[reduced(e.row())] -= e.value();  // pi_pinned = 1 moved to the right-hand side
    } else {
      entries.emplace_back(reduced(e.row()), reduced(e.col()), e.value());
    }
  }
  Eigen::SparseMatrix<double> a(size - 1, size - 1);
  a.setFromTriplets(entries.begin(), entries.end());
  a.makeCompressed();
  Eigen::SparseLU<Eigen::SparseMatrix<double>, Eigen::COLAMDOrdering<int>> lu;
  lu.compute(a);
  if (lu.info() != Eigen::Success) {
    throw std::domain_error("full_chain_stationary: the chain's system is singular (" +
                            lu.lastErrorMessage() + ")");
  }
  const Eigen::VectorXd solved = lu.solve(b);
  if (lu.info() != Eigen::Success || !solved.allFinite()) {
    throw std::domain_error("full_chain_stationary: the sparse solve failed");
  }
  Eigen::VectorXd x(size);
  for (Eigen::Index k = 0; k < size; ++k) x[k] = k == pin ? 1.0 : solved[reduced(k)];

  FullChainStationary result;
  result.strategies = n;
  result.population = population;
  result.states = chain.states();
  result.probability.resize(static_cast<std::size_t>(size));
  // Round-off can leave states of probability ~1e-17 slightly negative; nothing else may be.
  double total = 0;
  for (Eigen::Index k = 0; k < size; ++k) total += std::max(0.0, x[k]);
  for (Eigen::Index k = 0; k < size; ++k) {
    double v = x[k] / total;
    if (v < 0) {
      if (v < -1e-12) {
        throw std::domain_error("full_chain_stationary: the solve lost accuracy (probability " +
                                std::to_string(v) + ")");
      }
      v = 0;
    }
    result.probability[static_cast<std::size_t>(k)] = v;
  }
  double sum = 0;
  for (double v : result.probability) sum += v;
  for (double& v : result.probability) v /= sum;
  std::vector<double> flow(static_cast<std::size_t>(size), 0.0);
  for (const auto& e : generator) {
    flow[static_cast<std::size_t>(e.row())] +=
        e.value() * result.probability[static_cast<std::size_t>(e.col())];
  }
  for (double f : flow) result.residual = std::max(result.residual, std::abs(f));
  result.mean_share.assign(n, 0.0);
  const double dz = static_cast<double>(population);
  for (std::size_t k = 0; k < result.probability.size(); ++k) {
    for (std::size_t t = 0; t < n; ++t) {
      result.mean_share[t] += result.probability[k] * result.states[k * n + t] / dz;
    }
  }
  return result;
}

Matrix full_chain_transition_matrix(Process process, const PopulationGame& game,
                                    std::uint64_t population, double intensity, double mu) {
  Chain chain(process, game, population, intensity, mu);
  if (chain.size() > 5000) {
    throw std::invalid_argument("full_chain_transition_matrix: more than 5000 states");
  }
  const std::size_t size = chain.size();
  Matrix p(size, std::vector<double>(size, 0.0));
  std::vector<Transition> out;
  for (std::size_t k = 0; k < size; ++k) {
    chain.transitions(k, out);
    double leave = 0;
    for (const Transition& t : out) {
      p[k][t.to] += t.probability;
      leave += t.probability;
    }
    p[k][k] = 1 - leave;
  }
  return p;
}

}  // namespace evomarket::theory
