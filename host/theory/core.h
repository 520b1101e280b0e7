// The core of a coalitional game (docs/solvers.md, "Coalitional games"): whether an allocation
// x (x(N) = v(N)) is in it, x(S) >= v(S) for every coalition S, decided exactly; and, empty or
// not, the least core: the smallest epsilon with an allocation x(S) >= v(S) - epsilon for every
// proper coalition S, a linear program solved by GLPK.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "host/theory/coalition_game.h"
#include "host/theory/rational.h"

namespace evomarket::theory {

struct CoreCheck {
  bool in_core = false;  // max_excess <= 0
  // The largest excess e(S) = v(S) - x(S) over the proper non-empty coalitions S, and one S
  // that has it (the smallest bitmask among those).
  Rational max_excess;
  uint64_t max_excess_coalition = 0;
  // Coalitions with e(S) > 0, largest excess first (ties by bitmask), at most the limit asked.
  std::vector<std::pair<uint64_t, Rational>> violations;
  uint64_t violation_count = 0;  // all of them
};

// Checks `allocation` (one exact share per player, summing to exactly v(N)) against every
// coalition, in exact integer arithmetic: no tolerance. Throws std::invalid_argument when the
// game is not exact or has fewer than 2 players, or the allocation has the wrong length or does
// not sum to v(N).
CoreCheck check_core(const CoalitionTable& g, const std::vector<Rational>& allocation,
                     std::size_t list_limit);

// A coalition is added to the least-core program when it is violated by more than this times
// max(1, max |v(S)|); the program is solved when none is.
// An epsilon within it of 0 (relative likewise) is reported as exactly 0.
constexpr double kLeastCoreTolerance = 1e-9;

struct LeastCore {
  // > 0: the core is empty; 0: it is not, but no allocation gives every proper coalition more
  // than its worth; < 0: one gives each at least -epsilon more.
  double epsilon = 0;
  std::vector<double> allocation;  // one allocation of the least core
  uint32_t rounds = 0;             // programs solved
  uint64_t constraints = 0;        // coalition rows the last one had
};

// min epsilon s.t. x(S) >= v(S) - epsilon for every proper non-empty S, x(N) = v(N), on the
// game's doubles, by GLPK's simplex with constraint generation: it starts from the coalitions of
// one and of n - 1 players, and each round adds the most violated coalitions (every coalition is
// checked each round) until none is violated beyond kLeastCoreTolerance. Throws
// std::invalid_argument for fewer than 2 or more than kMaxExactPlayers players, and
// std::runtime_error if GLPK fails.
LeastCore least_core(const CoalitionTable& g);

}  // namespace evomarket::theory
