// Finite-population theory of a well-mixed population of Z individuals updated one event at a
// time: transition probabilities of the Fermi pairwise-comparison and Moran processes, the
// gradient of selection, fixation probabilities, the small-mutation-limit stationary
// distribution over monomorphic states, and the full birth–death chain with mutation.
//
// Conventions (docs/theory.md has them with the derivations; simulations are compared against
// these formulas, so they are part of the interface):
//  - Payoffs: a PopulationGame (population_game.h) gives pi_s from the counts: a matrix game
//    a[s][t] (payoff of one play to s against t, theory_matrix.h) with self-interaction excluded
//    by default, pi_s = sum_t a[s][t] (n_t - [s == t]) / (Z - 1), or included; or a group game
//    with hypergeometric groups. The functions taking a Matrix use the excluded convention.
//  - Two-strategy chains: strategy 0 is "A", strategy 1 is "B" (or the pair first, second of a
//    larger game, the others absent), i = number of A players, i = 0 .. Z. T+(i) is the probability
//    that one event raises i by one, T-(i) that it lowers it.
//  - Fermi (selection intensity beta >= 0): a focal individual uniform among Z, a model uniform
//    among the other Z - 1; the focal adopts the model's strategy with probability
//    fermi(beta (pi_model - pi_focal)), fermi(x) = 1 / (1 + e^-x).
//      T+(i) = (Z-i)/Z * i/(Z-1) * fermi(beta (pi_A - pi_B))
//      T-(i) = i/Z * (Z-i)/(Z-1) * fermi(beta (pi_B - pi_A))
//  - Moran (selection strength 0 <= w <= 1): fitness phi_s = 1 - w + w pi_s, required > 0.
//    Birth–death: the reproducer is chosen among all Z proportionally to phi, its offspring
//    replaces one of the other Z - 1 uniformly:
//      T+(i) = i phi_A / (i phi_A + (Z-i) phi_B) * (Z-i)/(Z-1)
//      T-(i) = (Z-i) phi_B / (i phi_A + (Z-i) phi_B) * i/(Z-1)
//    Death–birth: one of Z dies uniformly, one of the remaining Z - 1 reproduces into the gap,
//    chosen proportionally to phi:
//      T+(i) = (Z-i)/Z * i phi_A / (i phi_A + (Z-i-1) phi_B)
//      T-(i) = i/Z * (Z-i) phi_B / ((i-1) phi_A + (Z-i) phi_B)
//  - Mutation at rate mu: each event is, with probability mu, a mutation (a focal individual
//    uniform among Z switches to a strategy uniform among the other n - 1) and otherwise the
//    selection event above. For two strategies:
//      T+_mu(i) = (1-mu) T+(i) + mu (Z-i)/Z,   T-_mu(i) = (1-mu) T-(i) + mu i/Z.
//
// Errors: violated preconditions (sizes, ranges, Moran fitness <= 0) throw std::invalid_argument;
// a stationary distribution that is not unique throws std::domain_error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "host/theory/matrix.h"
#include "host/theory/population_game.h"

namespace evomarket::theory {

enum class Process {
  kFermi,            // pairwise comparison; intensity = beta >= 0
  kMoranBirthDeath,  // intensity = w in [0, 1]
  kMoranDeathBirth,  // intensity = w in [0, 1]
};

// "fermi", "moran-bd", "moran-db" (as `evomarket solve --process` spells them) and back;
// parse_process throws std::invalid_argument on anything else.
const char* process_name(Process process);
Process parse_process(const std::string& name);

// The expected payoff of one `s`-player in a population with counts[t] players of strategy t
// (Z = sum of counts >= 2, counts[s] >= 1), self-interaction excluded (see above).
// Preconditions: `a` square n x n, counts.size() == n.
double expected_payoff(const Matrix& a, const std::vector<std::uint64_t>& counts, std::size_t s);

// The 2x2 game between strategies `first` and `second` of `a`:
// {{a[f][f], a[f][s]}, {a[s][f], a[s][s]}}, so `first` becomes strategy 0 ("A").
Matrix subgame(const Matrix& a, std::size_t first, std::size_t second);

// Transition probabilities of a two-strategy birth–death chain, indexed by i = 0 .. Z.
struct BirthDeathChain {
  std::vector<double> plus;   // T+(i): one more A player; plus[Z] == 0
  std::vector<double> minus;  // T-(i): one fewer A player; minus[0] == 0
};

// T+_mu(i), T-_mu(i) for i = 0 .. Z of `process` on the 2x2 game `a` (strategy 0 = A) in a
// population of `population` = Z >= 2, with `intensity` beta (Fermi) or w (Moran) and mutation
// probability per event mu in [0, 1] (0: no mutation; then i = 0 and i = Z are absorbing).
// Without mutation T+(0) = T-(Z) = 0 exactly; payoffs of a strategy are only evaluated where it
// is present, so the Moran fitness condition phi > 0 is checked only there.
BirthDeathChain birth_death_chain(Process process, const Matrix& a, std::uint64_t population,
                                  double intensity, double mu = 0.0);
// The same for the strategies `first` (A) and `second` (B) of any game, nobody playing the
// others; mutation switches between the two (the chain of the game restricted to the pair).
// Z must be at least game.min_population().
BirthDeathChain birth_death_chain(Process process, const PopulationGame& game,
                                  std::uint64_t population, double intensity, double mu,
                                  std::size_t first, std::size_t second);

// The gradient of selection T+_mu(i) - T-_mu(i), i = 0 .. Z (same arguments as above).
std::vector<double> gradient_of_selection(Process process, const Matrix& a,
                                          std::uint64_t population, double intensity,
                                          double mu = 0.0);
std::vector<double> gradient_of_selection(Process process, const PopulationGame& game,
                                          std::uint64_t population, double intensity, double mu,
                                          std::size_t first, std::size_t second);

// The probability that a single `mutant` among Z - 1 `resident`s takes over the population (no
// mutation during fixation), on the 2-strategy subgame of `a`:
//   rho = 1 / (1 + sum_{k=1}^{Z-1} prod_{i=1}^{k} T-(i)/T+(i)),  i = number of mutants.
// The ratios T-(i)/T+(i) are formed in closed form (Fermi: e^(-beta (pi_m - pi_r))) and the sum
// is taken in log space, so rho is accurate down to the smallest positive double (and is 0
// below that). Neutral games give exactly 1/Z up to rounding. resident == mutant gives 1/Z.
// Preconditions: `a` square, resident and mutant < n, Z >= 2, intensity in range.
double fixation_probability(Process process, const Matrix& a, std::uint64_t population,
                            double intensity, std::size_t resident, std::size_t mutant);
double fixation_probability(Process process, const PopulationGame& game, std::uint64_t population,
                            double intensity, std::size_t resident, std::size_t mutant);
// Its natural logarithm, accurate where rho itself is below the smallest positive double.
double log_fixation_probability(Process process, const Matrix& a, std::uint64_t population,
                                double intensity, std::size_t resident, std::size_t mutant);
double log_fixation_probability(Process process, const PopulationGame& game,
                                std::uint64_t population, double intensity, std::size_t resident,
                                std::size_t mutant);

// The probability that a chain without mutation (T+(0) = T-(Z) = 0, every T+(i) > 0 for
// 0 < i < Z) started with `start` A players ends with all Z: the textbook sum
//   (1 + sum_{k=1}^{start-1} g_k) / (1 + sum_{k=1}^{Z-1} g_k),  g_k = prod_{j=1}^{k} T-(j)/T+(j),
// in plain doubles (for moderate Z; fixation_probability is the log-space form from one mutant).
// start 0 gives 0, start Z gives 1.
double absorption_probability(const BirthDeathChain& chain, std::size_t start);

// The embedded Markov chain of the small-mutation limit and its stationary distribution.
struct SmallMutationLimit {
  Matrix fixation;    // fixation[r][m] = rho_{r->m}; the diagonal holds the neutral 1/Z
  Matrix transition;  // transition[r][m] = rho_{r->m} / (n-1), m != r; rows sum to 1
  std::vector<double> stationary;  // share of time spent in each monomorphic state; sums to 1
};

// Small-mutation limit (mu -> 0: a mutant fixes or dies out before the next one appears) over
// the n monomorphic states of `a` (n >= 2), same process arguments as fixation_probability.
// Throws std::domain_error when the stationary distribution is not unique (fixation
// probabilities underflowing to 0 can split the chain into separate absorbing classes).
SmallMutationLimit small_mutation_limit(Process process, const Matrix& a, std::uint64_t population,
                                        double intensity);
SmallMutationLimit small_mutation_limit(Process process, const PopulationGame& game,
                                        std::uint64_t population, double intensity);

// Stationary distribution pi (pi P = pi, sum pi = 1) of a finite Markov chain with row-stochastic
// `transition`, by Grassmann–Taksar–Heyman elimination (no subtractions, so tiny transition
// probabilities keep their relative accuracy). When the chain has transient states, they get 0
// and the single closed class is solved on its own. Throws std::domain_error when there is more
// than one closed class (the distribution is not unique), std::invalid_argument when a row is
// not a probability vector (tolerance 1e-9).
std::vector<double> stationary_distribution(const Matrix& transition);

// Stationary distribution of the full two-strategy chain with mutation mu in (0, 1] over
// i = 0 .. Z A-players, by detailed balance in log space:
//   p(i) ∝ prod_{j=0}^{i-1} T+_mu(j) / T-_mu(j+1).
// Same process arguments as birth_death_chain; `a` is 2x2.
std::vector<double> birth_death_stationary(Process process, const Matrix& a,
                                           std::uint64_t population, double intensity, double mu);

// The same for given transition probabilities (plus[i] > 0 for i < Z and minus[i] > 0 for
// i > 0 are required, so the chain is irreducible).
std::vector<double> birth_death_stationary(const BirthDeathChain& chain);

}  // namespace evomarket::theory
