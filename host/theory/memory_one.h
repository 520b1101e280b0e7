// Exact expected payoffs of two memory-one strategies, host-side in double precision.
//
// A memory-one strategy cooperates with probability p[o] after the outcome o of the previous turn
// seen from its own side (o = own * 2 + opponent: CC, CD, DC, DD), and with probability `first`
// on turn 1: the Axelrod library's MemoryOnePlayer four_vector plus an initial move. A match of
// two such strategies is a Markov chain on the four outcomes. Noise e flips each intended move
// independently with probability e, and both players then see the moves as played, so a player
// that intends C with probability p cooperates with probability p (1 - e) + (1 - p) e — on the
// first turn too. This is exactly what kernels/match.h plays, so the functions here are the
// exact expectations of the engine's match scores (tests/host/memory_one_test.cpp checks this by
// Monte Carlo).
//
// The chain is always seen from the first seat: state o = first seat's move * 2 + second seat's
// move. The second seat sees the same turn as swap(o) (CD and DC exchanged) and scores
// payoffs.value[swap(o)].
//
// Every function throws std::invalid_argument when a probability (p, first, noise, prob_end) lies
// outside its range.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "host/setup/strategy_catalog.h"
#include "kernels/payoff.h"

namespace evomarket {

struct MemoryOne {
  double p[4];   // P(intend C) after the previous outcome CC, CD, DC, DD (own view)
  double first;  // P(intend C) on turn 1; 0 or 1 for the catalogue's strategies
};

// Payoff of each seat (first = the seat of strategy a). Per turn or per match as documented.
struct PairPayoff {
  double first;
  double second;
};

using OutcomeMatrix = std::array<std::array<double, 4>, 4>;  // [from][to], rows sum to 1
using OutcomeDistribution = std::array<double, 4>;           // over CC, CD, DC, DD (seat 1 view)

// P(next outcome = j | this outcome = i), outcomes from seat 1's view, noise included.
// Entries that are zero in exact arithmetic (deterministic moves, no noise) are exactly zero.
OutcomeMatrix transition_matrix(const MemoryOne& a, const MemoryOne& b, double noise);

// The distribution of the first turn's outcome (seat 1's view), noise included.
OutcomeDistribution first_turn_distribution(const MemoryOne& a, const MemoryOne& b, double noise);

// The Cesàro limit of the outcome distribution, lim (1/n) sum_{t<n} v0 M^t, exactly: the chain
// is split into its closed classes (by the zero pattern of M); each class contributes its
// stationary distribution (GTH state reduction, free of subtractions, so exact to rounding even
// when noise is tiny and the chain nearly decouples), weighted by the probability that the
// match, started from v0, is absorbed into it. Correct for periodic and reducible chains
// (noise 0: TFT vs TFT, TFT vs STFT) as well as ergodic ones.
OutcomeDistribution limit_distribution(const MemoryOne& a, const MemoryOne& b, double noise);

// The mean outcome distribution over the first `turns` turns, (1/n) sum_{t<n} v0 M^t with
// n = turns >= 1, by binary powering (O(log n) 4x4 products of non-negative matrices, so no
// cancellation). With n = 2^40 it is an independent check of limit_distribution.
OutcomeDistribution average_distribution(const MemoryOne& a, const MemoryOne& b, double noise,
                                         uint64_t turns);

// Expected payoff of each seat per turn when the outcomes (seat 1's view) have distribution d.
PairPayoff expected_payoff(const OutcomeDistribution& d, const PayoffMatrix& payoffs);

// Infinitely repeated game: the limit of the mean payoff per turn (from limit_distribution).
PairPayoff infinite_game_payoff(const MemoryOne& a, const MemoryOne& b, double noise,
                                const PayoffMatrix& payoffs);

// A match of exactly `turns` >= 1 turns: expected total payoff divided by `turns`.
PairPayoff finite_game_payoff(const MemoryOne& a, const MemoryOne& b, double noise, uint32_t turns,
                              const PayoffMatrix& payoffs);

// A match whose length L is geometric, P(L = n) = (1 - q)^(n - 1) q with q = prob_end in (0, 1]
// (kernels/match.h, without its max_turns cap): the expected total payoff of each seat,
// E[sum_{t<L} u_t] = v0 (I - (1 - q) M)^{-1} u, solved by subtraction-free state reduction.
PairPayoff discounted_game_totals(const MemoryOne& a, const MemoryOne& b, double noise,
                                  double prob_end, const PayoffMatrix& payoffs);

// discounted_game_totals divided by the expected length 1 / q: the expected payoff per turn in
// the sense E[total] / E[L] (what a tournament's per-turn means converge to).
PairPayoff discounted_game_payoff(const MemoryOne& a, const MemoryOne& b, double noise,
                                  double prob_end, const PayoffMatrix& payoffs);

// The memory-one parameters of compiled strategy `strategy` of `set` (thresholds turned back
// into probabilities, so they are exactly what the engine plays), or std::nullopt when its
// behaviour depends on more than the last outcome. Recognised: every machine in which all states
// reachable from the initial one (through any outcome, as noise can produce any) send outcome o
// to states of one common cooperation threshold P_o — Cooperator, Defector, TitForTat,
// SuspiciousTitForTat, WinStayLoseShift, Alternator, GTFT, Joss, Random, MemoryOne and such
// user FSMs. Rejected: Grudger, TitFor2Tats, TwoTitsForTat, Cycler, majority rules, longer FSMs.
// Throws std::out_of_range for a strategy index outside the set.
std::optional<MemoryOne> as_memory_one(const StrategySet& set, uint32_t strategy);

}  // namespace evomarket
