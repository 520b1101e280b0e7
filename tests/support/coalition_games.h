// Small coalitional games with known Shapley values and cores, as exact tables
// (host/theory/coalition_game.h) and as game files (docs/solvers.md).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "host/theory/coalition_game.h"

namespace evomarket::testing {

// The table of players `players` whose worth is value(S) for coalition bitmask S.
inline theory::CoalitionTable table_of(const std::vector<std::string>& players,
                                       const std::function<theory::Rational(uint64_t)>& value) {
  std::vector<theory::Rational> v(uint64_t{1} << players.size());
  for (uint64_t s = 1; s < v.size(); ++s) v[s] = value(s);
  return theory::make_coalition_table(players, v);
}

// Players p0, p1, ... of a game of n players.
inline std::vector<std::string> player_names(uint32_t n) {
  std::vector<std::string> out;
  for (uint32_t i = 0; i < n; ++i) out.push_back("p" + std::to_string(i));
  return out;
}

inline int members(uint64_t s) {
  return __builtin_popcountll(s);
}

// The glove game: player L holds a left glove, R1 and R2 a right one each; a pair is worth 1.
// Shapley (2/3, 1/6, 1/6); the core is the single point (1, 0, 0).
inline theory::CoalitionTable glove_game() {
  return table_of({"L", "R1", "R2"},
                  [](uint64_t s) { return theory::Rational((s & 1) && (s & 6) ? 1 : 0); });
}

// Three-player majority: any two players share 1. Shapley 1/3 each; the core is empty, and
// the least-core epsilon is 1/3.
inline theory::CoalitionTable majority_game() {
  return table_of({"A", "B", "C"},
                  [](uint64_t s) { return theory::Rational(members(s) >= 2 ? 1 : 0); });
}

// The game file of `table` (rows in bitmask order, exact values).
inline std::string game_file_text(const theory::CoalitionTable& table) {
  std::string text = "coalition,value\n";
  for (uint64_t s = 1; s <= table.grand(); ++s) {
    text +=
        theory::coalition_name(table.players, s) + "," + theory::exact_text(table.value(s)) + "\n";
  }
  return text;
}

}  // namespace evomarket::testing
