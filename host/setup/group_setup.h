// Host side of the group games (kernels/group_game.h): the fixed-point payoff table the
// simulation kernels read, and the strategy names of repeated groups.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kernels/group_game.h"

namespace evomarket {

// Largest |payoff| per round a group game may give (payoff units), so that fixed-point fitness
// (2^-16 units) and the int64 sums over agents and rounds stay far from overflow.
constexpr double kMaxGroupPayoff = 1000.0;

// round(group_payoff(g with N = n) * 2^16) at group_table_index(n, C, others) for every group
// size n = 2 .. kMaxGroupSize a game allows (a table game only its own N); 0 elsewhere.
std::vector<int64_t> build_group_payoff_table(const GroupGame& g);

// The largest |payoff| of the sizes the table holds (payoff units), to check against
// kMaxGroupPayoff.
double largest_group_payoff(const GroupGame& g);

// Smallest and largest payoff of one round (payoff units) over the sizes the table holds.
std::pair<double, double> group_payoff_range(const GroupGame& g);

// The code of a group strategy name ("Cooperate", "Defect", "Conditional(k)" with
// 0 <= k <= N - 1), or -1 when the name is none of them.
int32_t group_strategy_code(const std::string& name, int group_size);

// Whether a table game allows groups of n (every game allows 2 .. kMaxGroupSize, a table game
// only its own N).
bool group_size_allowed(const GroupGame& g, int n);

}  // namespace evomarket
