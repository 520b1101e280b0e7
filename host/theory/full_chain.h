// The full Markov chain of a well-mixed population of Z players among n strategies, one event
// at a time with mutation, and its exact stationary distribution (a sparse direct solve).
//
// States are the compositions (n_0, ..., n_{n-1}) of Z, C(Z + n - 1, n - 1) of them (Z = 100 with
// three strategies: 5151), in lexicographic order with more of strategy 0 first (so state 0 is
// "everyone plays strategy 0"). One event moves one player from strategy i to j != i:
//  - with probability mu a mutation: the player is uniform among Z, j uniform among the n - 1
//    other strategies: mu n_i / (Z (n - 1));
//  - otherwise a selection event of the process (finite_population.h, with payoffs pi_t of the
//    game at the current counts):
//      Fermi:           n_i/Z * n_j/(Z-1) * fermi(beta (pi_j - pi_i))
//      Moran birth-death: n_j phi_j / sum_t n_t phi_t * n_i/(Z-1)
//      Moran death-birth: n_i/Z * n_j phi_j / (sum_t n_t phi_t - phi_i),   phi = 1 - w + w pi.
// For n = 2 this is exactly the birth-death chain of finite_population.h.
//
// Errors: violated preconditions throw std::invalid_argument; a singular system (mu = 0 with
// several absorbing states) throws std::domain_error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "host/theory/finite_population.h"
#include "host/theory/population_game.h"

namespace evomarket::theory {

// Refuse chains larger than this many states: the sparse LU's fill-in grows fast (measured on
// 2 cores: 5151 states in 0.04 s; 39 711 states, Z = 60 among four strategies, in 18 s and
// 0.7 GB).
constexpr std::uint64_t kMaxFullChainStates = 100000;

// C(Z + n - 1, n - 1), saturating at UINT64_MAX.
std::uint64_t full_chain_state_count(std::uint64_t population, std::size_t strategies);

struct FullChainStationary {
  std::size_t strategies = 0;
  std::uint64_t population = 0;
  std::vector<std::uint32_t> states;  // [S * n]: counts of state k at k * n .. k * n + n - 1
  std::vector<double> probability;    // [S], sums to 1
  std::vector<double> mean_share;     // [n]: sum_k probability[k] n_t(k) / Z
  double residual = 0;                // max |(pi Q)_k| of the solution, Q the generator
};

// The stationary distribution of the chain above for mu in (0, 1] (then the chain is
// irreducible), Z >= game.min_population(), n >= 2, at most kMaxFullChainStates states.
FullChainStationary full_chain_stationary(Process process, const PopulationGame& game,
                                          std::uint64_t population, double intensity, double mu);

// The chain's transition matrix, dense, for small chains (tests; at most 5000 states):
// rows and columns in the state order above, rows summing to 1.
Matrix full_chain_transition_matrix(Process process, const PopulationGame& game,
                                    std::uint64_t population, double intensity, double mu);

}  // namespace evomarket::theory
