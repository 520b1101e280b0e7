// Coalitional games with transferable utility, given by their characteristic function: the
// worth v(S) of every non-empty coalition S of n players (docs/solvers.md, "Coalitional games").
// A coalition is a bitmask, bit i for player i; v(empty) = 0.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "host/theory/rational.h"

namespace evomarket::theory {

// The most players whose 2^n - 1 coalitions are enumerated: exact Shapley values and the core.
// 2^20 coalitions take a second or two; each added player doubles the time and the memory.
constexpr uint32_t kMaxExactPlayers = 20;
// The most players a game file may have at all (sampled Shapley values only above
// kMaxExactPlayers): 2^24 - 1 rows are already a file of several hundred MB.
constexpr uint32_t kMaxTablePlayers = 24;

struct CoalitionTable {
  std::vector<std::string> players;
  // Exact worths: v(S) = worth[S] / scale, scale > 0, indexed by coalition (worth[0] = 0). Empty
  // above kMaxExactPlayers players.
  std::vector<mpz_class> worth;
  mpz_class scale = 1;
  // v(S) as a double (within a unit in the last place of the exact value), every coalition:
  // what sampling and the least-core linear program read.
  std::vector<double> approx;

  uint32_t size() const { return static_cast<uint32_t>(players.size()); }
  uint64_t grand() const { return (uint64_t{1} << players.size()) - 1; }
  bool exact() const { return !worth.empty(); }
  Rational value(uint64_t coalition) const;
};

// "A+C": the members' names in player order, joined by '+'.
std::string coalition_name(const std::vector<std::string>& players, uint64_t coalition);

// A table from exact values (values[S] for every coalition S, values[0] = 0): the worths over
// their common denominator, and the doubles. Precondition: players.size() <= kMaxExactPlayers.
CoalitionTable make_coalition_table(std::vector<std::string> players,
                                    const std::vector<Rational>& values);

// Reads a game file (docs/solvers.md): the header "coalition,value", then one row per non-empty
// coalition, members joined by '+' ("A+C,4"), the value an integer, decimal or fraction. The
// players are the members of the single-member rows, in the order those rows appear. At most
// `max_players` players (<= kMaxTablePlayers); `beyond` says what to do about more (e.g. "give
// --samples N"). Above kMaxExactPlayers only `approx` is filled. Throws ConfigError naming
// path:line and what was expected on a malformed row, a non-numeric value, a duplicate or
// missing coalition, a member without a single-member row, or too many players.
CoalitionTable read_coalition_game(const std::string& path, uint32_t max_players,
                                   const std::string& beyond);

}  // namespace evomarket::theory
