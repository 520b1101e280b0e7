#include "host/theory/finite_population.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "host/theory/process_checks.h"

namespace evomarket::theory {
namespace {

using detail::fermi;
using detail::require_intensity;
using detail::require_mutation;
using detail::require_population_of;

void require_pair(const PopulationGame& game, std::size_t first, std::size_t second,
                  const char* what) {
  if (first >= game.strategies() || second >= game.strategies()) {
    throw std::invalid_argument(std::string(what) + ": strategy index out of range");
  }
}

// Payoffs of two strategies of `game` with i players of `first` ("A") and Z - i of `second`
// ("B") and nobody else; `counts` is scratch space of game.strategies() entries. pi_A is
// meaningful for i >= 1, pi_B for i <= Z - 1 (the other is left 0).
struct PairPayoffs {
  double a = 0;
  double b = 0;
};

PairPayoffs pair_payoffs(const PopulationGame& game, std::size_t first, std::size_t second,
                         std::uint64_t i, std::uint64_t z, std::vector<std::uint64_t>& counts) {
  std::fill(counts.begin(), counts.end(), 0);
  counts[first] = i;
  counts[second] = z - i;
  PairPayoffs pi;
  if (i >= 1) pi.a = game.payoff(counts, first);
  if (i + 1 <= z) pi.b = game.payoff(counts, second);
  return pi;
}

// Labels of the chain's two strategies in error messages.
struct Labels {
  std::string a = "strategy 0";
  std::string b = "strategy 1";
  std::string i = "strategy-0 players";
};

double moran_fitness(double w, double payoff, const std::string& strategy, std::uint64_t i,
                     const Labels& labels, const char* what) {
  const double phi = 1 - w + w * payoff;
  if (!(phi > 0)) {
    throw std::invalid_argument(std::string(what) +
                                ": Moran fitness 1 - w + w*payoff must be > 0, "
                                "but " +
                                strategy + " has payoff " + std::to_string(payoff) + " with " +
                                std::to_string(i) + " " + labels.i +
                                " (lower w or shift the payoffs)");
  }
  return phi;
}

// log(T-(i) / T+(i)) of the selection process for 0 < i < Z, in closed form so that factors
// common to T+ and T- cancel exactly and nothing overflows.
double log_ratio_minus_plus(Process process, const PairPayoffs& pi, std::uint64_t i,
                            std::uint64_t z, double intensity, const Labels& labels,
                            const char* what) {
  const double di = static_cast<double>(i), dz = static_cast<double>(z);
  if (process == Process::kFermi) return -intensity * (pi.a - pi.b);
  const double phi_a = moran_fitness(intensity, pi.a, labels.a, i, labels, what);
  const double phi_b = moran_fitness(intensity, pi.b, labels.b, i, labels, what);
  double r = std::log(phi_b) - std::log(phi_a);
  if (process == Process::kMoranDeathBirth) {
    r += std::log(di * phi_a + (dz - di - 1) * phi_b) -
         std::log((di - 1) * phi_a + (dz - di) * phi_b);
  }
  return r;
}

// log(sum_k exp(v_k)).
double log_sum_exp(const std::vector<double>& v) {
  const double m = *std::max_element(v.begin(), v.end());
  double sum = 0;
  for (double x : v) sum += std::exp(x - m);
  return m + std::log(sum);
}

std::vector<double> normalized_from_logs(const std::vector<double>& logs) {
  const double total = log_sum_exp(logs);
  std::vector<double> p(logs.size());
  for (std::size_t k = 0; k < logs.size(); ++k) p[k] = std::exp(logs[k] - total);
  return p;
}

// GTH elimination on an irreducible chain given by the rows/columns `states` of `p`.
std::vector<double> gth(const Matrix& p, const std::vector<std::size_t>& states) {
  const std::size_t n = states.size();
  Matrix q(n, std::vector<double>(n));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) q[i][j] = p[states[i]][states[j]];
  }
  for (std::size_t k = n; k-- > 1;) {
    double s = 0;
    for (std::size_t j = 0; j < k; ++j) s += q[k][j];
    if (!(s > 0)) {
      throw std::domain_error("stationary_distribution: a transition probability underflowed");
    }
    for (std::size_t i = 0; i < k; ++i) q[i][k] /= s;
    for (std::size_t i = 0; i < k; ++i) {
      if (q[i][k] == 0) continue;
      for (std::size_t j = 0; j < k; ++j) q[i][j] += q[i][k] * q[k][j];
    }
  }
  std::vector<double> pi(n);
  pi[0] = 1;
  double total = 1;
  for (std::size_t k = 1; k < n; ++k) {
    double v = 0;
    for (std::size_t i = 0; i < k; ++i) v += pi[i] * q[i][k];
    pi[k] = v;
    total += v;
  }
  for (double& v : pi) v /= total;
  return pi;
}

}  // namespace

const char* process_name(Process process) {
  switch (process) {
    case Process::kFermi:
      return "fermi";
    case Process::kMoranBirthDeath:
      return "moran-bd";
    case Process::kMoranDeathBirth:
      return "moran-db";
  }
  return "?";
}

Process parse_process(const std::string& name) {
  if (name == "fermi") return Process::kFermi;
  if (name == "moran-bd") return Process::kMoranBirthDeath;
  if (name == "moran-db") return Process::kMoranDeathBirth;
  throw std::invalid_argument("unknown process \"" + name +
                              "\" (expected fermi, moran-bd or moran-db)");
}

double expected_payoff(const Matrix& a, const std::vector<std::uint64_t>& counts, std::size_t s) {
  return MatrixPopulationGame(a).payoff(counts, s);
}

Matrix subgame(const Matrix& a, std::size_t first, std::size_t second) {
  require_payoff_matrix(a, "subgame");
  if (first >= a.size() || second >= a.size()) {
    throw std::invalid_argument("subgame: strategy index out of range");
  }
  return {{a[first][first], a[first][second]}, {a[second][first], a[second][second]}};
}

BirthDeathChain birth_death_chain(Process process, const PopulationGame& game,
                                  std::uint64_t population, double intensity, double mu,
                                  std::size_t first, std::size_t second) {
  const char* what = "birth_death_chain";
  require_pair(game, first, second, what);
  require_population_of(game, population, what);
  require_intensity(process, intensity, what);
  require_mutation(mu, what);
  const std::uint64_t z = population;
  const double dz = static_cast<double>(z);
  std::vector<std::uint64_t> counts(game.strategies());
  const Labels labels{"strategy " + std::to_string(first), "strategy " + std::to_string(second),
                      "strategy-" + std::to_string(first) + " players"};
  BirthDeathChain chain{std::vector<double>(z + 1), std::vector<double>(z + 1)};
  for (std::uint64_t i = 0; i <= z; ++i) {
    const double di = static_cast<double>(i);
    double plus = 0, minus = 0;  // selection events
    if (i > 0 && i < z) {
      const PairPayoffs pi = pair_payoffs(game, first, second, i, z, counts);
      switch (process) {
        case Process::kFermi: {
          const double pair = (dz - di) / dz * di / (dz - 1);  // a B-A or an A-B (focal, model)
          plus = pair * fermi(intensity * (pi.a - pi.b));
          minus = pair * fermi(intensity * (pi.b - pi.a));
          break;
        }
        case Process::kMoranBirthDeath: {
          const double phi_a = moran_fitness(intensity, pi.a, labels.a, i, labels, what);
          const double phi_b = moran_fitness(intensity, pi.b, labels.b, i, labels, what);
          const double total = di * phi_a + (dz - di) * phi_b;
          plus = di * phi_a / total * (dz - di) / (dz - 1);
          minus = (dz - di) * phi_b / total * di / (dz - 1);
          break;
        }
        case Process::kMoranDeathBirth: {
          const double phi_a = moran_fitness(intensity, pi.a, labels.a, i, labels, what);
          const double phi_b = moran_fitness(intensity, pi.b, labels.b, i, labels, what);
          plus = (dz - di) / dz * di * phi_a / (di * phi_a + (dz - di - 1) * phi_b);
          minus = di / dz * (dz - di) * phi_b / ((di - 1) * phi_a + (dz - di) * phi_b);
          break;
        }
      }
    }
    chain.plus[i] = (1 - mu) * plus + mu * (dz - di) / dz;
    chain.minus[i] = (1 - mu) * minus + mu * di / dz;
  }
  return chain;
}

BirthDeathChain birth_death_chain(Process process, const Matrix& a, std::uint64_t population,
                                  double intensity, double mu) {
  require_payoff_matrix(a, "birth_death_chain");
  if (a.size() != 2) {
    throw std::invalid_argument("birth_death_chain: needs a 2x2 game (2 strategies), got " +
                                std::to_string(a.size()) + " strategies");
  }
  return birth_death_chain(process, MatrixPopulationGame(a), population, intensity, mu, 0, 1);
}

std::vector<double> gradient_of_selection(Process process, const PopulationGame& game,
                                          std::uint64_t population, double intensity, double mu,
                                          std::size_t first, std::size_t second) {
  const BirthDeathChain chain =
      birth_death_chain(process, game, population, intensity, mu, first, second);
  std::vector<double> g(chain.plus.size());
  for (std::size_t i = 0; i < g.size(); ++i) g[i] = chain.plus[i] - chain.minus[i];
  return g;
}

std::vector<double> gradient_of_selection(Process process, const Matrix& a,
                                          std::uint64_t population, double intensity, double mu) {
  const BirthDeathChain chain = birth_death_chain(process, a, population, intensity, mu);
  std::vector<double> g(chain.plus.size());
  for (std::size_t i = 0; i < g.size(); ++i) g[i] = chain.plus[i] - chain.minus[i];
  return g;
}

double fixation_probability(Process process, const PopulationGame& game, std::uint64_t population,
                            double intensity, std::size_t resident, std::size_t mutant) {
  const double log_rho =
      log_fixation_probability(process, game, population, intensity, resident, mutant);
  return resident == mutant ? 1.0 / static_cast<double>(population) : std::exp(log_rho);
}

double fixation_probability(Process process, const Matrix& a, std::uint64_t population,
                            double intensity, std::size_t resident, std::size_t mutant) {
  return fixation_probability(process, MatrixPopulationGame(a), population, intensity, resident,
                              mutant);
}

double log_fixation_probability(Process process, const PopulationGame& game,
                                std::uint64_t population, double intensity, std::size_t resident,
                                std::size_t mutant) {
  const char* what = "fixation_probability";
  require_pair(game, resident, mutant, what);
  require_population_of(game, population, what);
  require_intensity(process, intensity, what);
  const double dz = static_cast<double>(population);
  if (resident == mutant) return std::log(1.0 / dz);
  const Labels labels{"strategy " + std::to_string(mutant) + " (mutant)",
                      "strategy " + std::to_string(resident) + " (resident)", "mutants"};
  std::vector<std::uint64_t> counts(game.strategies());
  // Running log-sum-exp of log_k = log prod_{i=1}^{k} T-(i)/T+(i), k = 0 .. Z-1, without
  // storing the terms (Z may be large): sum = e^top * scaled. The mutant is "A".
  double log_k = 0, top = 0, scaled = 1;
  for (std::uint64_t k = 1; k < population; ++k) {
    const PairPayoffs pi = pair_payoffs(game, mutant, resident, k, population, counts);
    log_k += log_ratio_minus_plus(process, pi, k, population, intensity, labels, what);
    if (log_k <= top) {
      scaled += std::exp(log_k - top);
    } else {
      scaled = scaled * std::exp(top - log_k) + 1;
      top = log_k;
    }
  }
  return -(top + std::log(scaled));
}

double log_fixation_probability(Process process, const Matrix& a, std::uint64_t population,
                                double intensity, std::size_t resident, std::size_t mutant) {
  return log_fixation_probability(process, MatrixPopulationGame(a), population, intensity, resident,
                                  mutant);
}

double absorption_probability(const BirthDeathChain& chain, std::size_t start) {
  const std::size_t z = chain.plus.size() - 1;
  if (chain.plus.size() < 2 || chain.minus.size() != chain.plus.size() || start > z) {
    throw std::invalid_argument("absorption_probability: needs Z + 1 >= 2 entries and start <= Z");
  }
  if (start == 0 || start == z) return start == z ? 1.0 : 0.0;
  double partial = 1, total = 1, product = 1;
  for (std::size_t k = 1; k < z; ++k) {
    if (!(chain.plus[k] > 0)) {
      throw std::invalid_argument("absorption_probability: T+(i) must be > 0 for 0 < i < Z");
    }
    product *= chain.minus[k] / chain.plus[k];
    if (k < start) partial += product;
    total += product;
  }
  return partial / total;
}

std::vector<double> stationary_distribution(const Matrix& transition) {
  require_payoff_matrix(transition, "stationary_distribution");
  const std::size_t n = transition.size();
  for (const auto& row : transition) {
    double sum = 0;
    for (double v : row) {
      if (v < 0) throw std::invalid_argument("stationary_distribution: negative probability");
      sum += v;
    }
    if (std::abs(sum - 1) > 1e-9) {
      throw std::invalid_argument("stationary_distribution: a row does not sum to 1");
    }
  }
  // Reachability along positive off-diagonal entries (n is the number of strategies: small).
  std::vector<std::vector<char>> reach(n, std::vector<char>(n, 0));
  for (std::size_t i = 0; i < n; ++i) {
    reach[i][i] = 1;
    for (std::size_t j = 0; j < n; ++j) {
      if (transition[i][j] > 0) reach[i][j] = 1;
    }
  }
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t i = 0; i < n; ++i) {
      if (!reach[i][k]) continue;
      for (std::size_t j = 0; j < n; ++j) {
        if (reach[k][j]) reach[i][j] = 1;
      }
    }
  }
  // A state is recurrent when everything it reaches reaches it back; the recurrent states of
  // one closed class all reach each other.
  std::vector<std::size_t> recurrent;
  for (std::size_t i = 0; i < n; ++i) {
    bool closed = true;
    for (std::size_t j = 0; j < n && closed; ++j) closed = !reach[i][j] || reach[j][i];
    if (closed) recurrent.push_back(i);
  }
  for (std::size_t k = 1; k < recurrent.size(); ++k) {
    if (!reach[recurrent[0]][recurrent[k]]) {
      throw std::domain_error(
          "stationary_distribution: the chain has more than one closed class, so the stationary "
          "distribution is not unique");
    }
  }
  const std::vector<double> sub = gth(transition, recurrent);
  std::vector<double> pi(n, 0.0);
  for (std::size_t k = 0; k < recurrent.size(); ++k) pi[recurrent[k]] = sub[k];
  return pi;
}

SmallMutationLimit small_mutation_limit(Process process, const PopulationGame& game,
                                        std::uint64_t population, double intensity) {
  const std::size_t n = game.strategies();
  if (n < 2) throw std::invalid_argument("small_mutation_limit: needs at least 2 strategies");
  SmallMutationLimit out;
  out.fixation.assign(n, std::vector<double>(n, 0.0));
  out.transition.assign(n, std::vector<double>(n, 0.0));
  for (std::size_t r = 0; r < n; ++r) {
    double leave = 0;
    for (std::size_t m = 0; m < n; ++m) {
      out.fixation[r][m] = fixation_probability(process, game, population, intensity, r, m);
      if (m == r) continue;
      out.transition[r][m] = out.fixation[r][m] / static_cast<double>(n - 1);
      leave += out.transition[r][m];
    }
    out.transition[r][r] = 1 - leave;
  }
  out.stationary = stationary_distribution(out.transition);
  return out;
}

SmallMutationLimit small_mutation_limit(Process process, const Matrix& a, std::uint64_t population,
                                        double intensity) {
  require_payoff_matrix(a, "small_mutation_limit");
  return small_mutation_limit(process, MatrixPopulationGame(a), population, intensity);
}

std::vector<double> birth_death_stationary(const BirthDeathChain& chain) {
  const std::size_t states = chain.plus.size();
  if (states < 2 || chain.minus.size() != states) {
    throw std::invalid_argument("birth_death_stationary: plus and minus need Z + 1 >= 2 entries");
  }
  std::vector<double> logs(states);
  logs[0] = 0;
  for (std::size_t i = 1; i < states; ++i) {
    if (!(chain.plus[i - 1] > 0) || !(chain.minus[i] > 0)) {
      throw std::invalid_argument(
          "birth_death_stationary: the chain is not irreducible (a transition probability is 0; "
          "use a mutation rate mu > 0)");
    }
    logs[i] = logs[i - 1] + std::log(chain.plus[i - 1]) - std::log(chain.minus[i]);
  }
  return normalized_from_logs(logs);
}

std::vector<double> birth_death_stationary(Process process, const Matrix& a,
                                           std::uint64_t population, double intensity, double mu) {
  if (!(mu > 0 && mu <= 1)) {
    throw std::invalid_argument(
        "birth_death_stationary: the mutation probability mu must be in "
        "(0, 1]");
  }
  return birth_death_stationary(birth_death_chain(process, a, population, intensity, mu));
}

}  // namespace evomarket::theory
