// N-player games played in groups (docs/group_games.md has the formulas and conventions): the
// public goods game, the collective-risk dilemma (Santos & Pacheco 2011), the N-player stag hunt
// (Pacheco et al. 2009) and a general game given as a table, one-shot or repeated between
// conditional strategies.
//
// Two faces of one game:
//  - group_payoff() and play_group() in double, for host theory and tests;
//  - a payoff table in integer fixed point (kGroupPayoffOne = 2^16 per payoff unit), built once
//    on the host from group_payoff() for every group size 2 .. kMaxGroupSize
//    (build_group_payoff_table, host/setup/group_setup.h), which the simulation kernels read
//    through GroupView (play_group_q16()): sums stay integer and order-independent, as the
//    determinism contract asks. The same round loop (play_rounds) drives both faces.
//
// Deterministic: no noise, and the collective-risk loss enters as its expectation (the form
// EGTtools' theory uses); nothing here draws random numbers.
#pragma once

#include <cstdint>

#include "kernels/evo_hd.h"

namespace evomarket {

// Largest group (focal agent plus co-players) any group game may have. Bounds the per-group
// arrays on the stack of a kernel thread; configs and graphs with larger groups are refused.
constexpr int kMaxGroupSize = 64;

enum class GroupGameKind : uint32_t {
  kPublicGoods = 0,     // cost c, factor r
  kCollectiveRisk = 1,  // endowment b, contributed fraction c, threshold M, risk
  kStagHunt = 2,        // cost c, factor r, threshold M
  kTable = 3,           // cooperator[] / defector[] by other cooperators
};

// Plain data (device-copyable). Formulas (k = cooperators in the group, own move included):
//   public goods     P = r c k / N - c [C]
//   collective risk  P = b (1 - c [C]) (1 - risk [k < M])         (expected payoff)
//   stag hunt        P = [k >= M] r c k / N - c [C]
//   table            P = cooperator[k - 1] if C, defector[k] if D (by OTHER cooperators)
struct GroupGame {
  GroupGameKind kind;
  int group_size;    // N, 2 .. kMaxGroupSize
  double cost;       // c: contribution (public goods, stag hunt) or fraction of b (collective risk)
  double factor;     // r: multiplication factor of the pot (public goods, stag hunt)
  int threshold;     // M: contributors needed (collective risk, stag hunt), 0 .. N
  double risk;       // probability of losing what is left below the threshold (collective risk)
  double endowment;  // b (collective risk), default 1
  int rounds;        // rounds a group plays; 1 = one-shot
  // kTable: payoff of a cooperator / defector by the number of OTHER cooperators 0 .. N - 1.
  double cooperator[kMaxGroupSize];
  double defector[kMaxGroupSize];
};

// One-shot payoff of a member of a group of g.group_size with `other_cooperators` cooperators
// besides itself (0 .. N - 1).
EVO_HD double group_payoff(const GroupGame& g, bool cooperates, int other_cooperators) {
  const int k = other_cooperators + (cooperates ? 1 : 0);
  const double n = static_cast<double>(g.group_size);
  const double paid = cooperates ? g.cost : 0.0;
  switch (g.kind) {
    case GroupGameKind::kPublicGoods:
      return g.factor * g.cost * static_cast<double>(k) / n - paid;
    case GroupGameKind::kCollectiveRisk: {
      const double kept = g.endowment * (1.0 - paid);
      return k >= g.threshold ? kept : kept * (1.0 - g.risk);
    }
    case GroupGameKind::kStagHunt:
      return (k >= g.threshold ? g.factor * g.cost * static_cast<double>(k) / n : 0.0) - paid;
    default:
      return cooperates ? g.cooperator[other_cooperators] : g.defector[other_cooperators];
  }
}

// --- strategies of repeated groups ----------------------------------------------------------

// Strategy codes: Defect (0), Cooperate (1), Conditional(k) = kGroupConditional + k for
// k = 0 .. kMaxGroupSize - 1: cooperates in round 1, then iff at least k OTHER members
// cooperated in the previous round. In a one-shot game Conditional(k) plays C.
constexpr int kGroupDefect = 0;
constexpr int kGroupCooperate = 1;
constexpr int kGroupConditional = 2;

EVO_HD int group_conditional(int k) {
  return kGroupConditional + k;
}

// The move (true = C) of a member with strategy `code` in round `round` (0-based), given how
// many others cooperated in the previous round.
EVO_HD bool group_move(int code, int round, int others_cooperated_last) {
  if (code == kGroupDefect) return false;
  if (code == kGroupCooperate || round == 0) return true;
  return others_cooperated_last >= code - kGroupConditional;
}

// Plays `rounds` rounds of a group of n members with strategies codes[0 .. n-1]. After each
// round calls pay(i, cooperates, other_cooperators) for every member i in order; members' moves
// depend only on the previous round, so the result is the same in any evaluation order.
// cooperations[i] (when not null) gets the number of rounds member i cooperated.
template <typename Pay>
EVO_HD void play_rounds(int n, int rounds, const int* codes, Pay& pay, int* cooperations) {
  bool move[kMaxGroupSize];
  int total_last = 0;  // cooperators of the previous round
  bool last[kMaxGroupSize];
  for (int i = 0; i < n; ++i) {
    last[i] = false;
    if (cooperations) cooperations[i] = 0;
  }
  for (int t = 0; t < rounds; ++t) {
    int total = 0;
    for (int i = 0; i < n; ++i) {
      move[i] = group_move(codes[i], t, total_last - (last[i] ? 1 : 0));
      total += move[i] ? 1 : 0;
    }
    for (int i = 0; i < n; ++i) {
      pay(i, move[i], total - (move[i] ? 1 : 0));
      if (cooperations && move[i]) ++cooperations[i];
      last[i] = move[i];
    }
    total_last = total;
  }
}

namespace detail {
struct MeanPayoff {
  const GroupGame* game;
  double* sums;
  EVO_HD void operator()(int i, bool c, int others) { sums[i] += group_payoff(*game, c, others); }
};
}  // namespace detail

// Repeated group of g.group_size members with strategy codes strategies[0 .. N-1]: plays
// g.rounds rounds and writes each member's mean payoff per round to payoffs[0 .. N-1].
// Deterministic (no noise). cooperations (optional) gets each member's rounds of C.
EVO_HD void play_group(const GroupGame& g, const int* strategies, double* payoffs,
                       int* cooperations = nullptr) {
  const int n = g.group_size;
  for (int i = 0; i < n; ++i) payoffs[i] = 0.0;
  detail::MeanPayoff pay{&g, payoffs};
  play_rounds(n, g.rounds, strategies, pay, cooperations);
  for (int i = 0; i < n; ++i) payoffs[i] /= static_cast<double>(g.rounds);
}

// --- the simulation's integer face ----------------------------------------------------------

// Fixed-point unit of group-game payoffs in the simulation: payoff 1 = 2^16.
constexpr int64_t kGroupPayoffOne = int64_t{1} << 16;

// Payoffs by group size n (2 .. kMaxGroupSize), own move and other cooperators, in units of
// 2^-16: entry ((n * 2 + (C ? 1 : 0)) * kMaxGroupSize + others). Sizes a game does not allow
// (a table game's other sizes) hold 0 and are never read (the host checks group sizes first).
constexpr uint64_t kGroupTableEntries = uint64_t{kMaxGroupSize + 1} * 2 * kMaxGroupSize;

EVO_HD uint64_t group_table_index(int n, bool cooperates, int others) {
  return (static_cast<uint64_t>(n) * 2 + (cooperates ? 1u : 0u)) * kMaxGroupSize +
         static_cast<uint64_t>(others);
}

struct GroupView {
  const int64_t* payoff_q16;  // [kGroupTableEntries]
  const int32_t* codes;       // strategy code of each strategy index of the population
  int group_size;             // N of well-mixed and community groups
  int rounds;
};

namespace detail {
struct FixedPayoff {
  const int64_t* table;
  int n;
  int64_t* sums;
  EVO_HD void operator()(int i, bool c, int others) {
    sums[i] += table[group_table_index(n, c, others)];
  }
};
}  // namespace detail

// One group of n members with codes[0 .. n-1] in the simulation: payoffs[i] = member i's payoff
// summed over the rounds (2^-16 units), cooperations[i] its rounds of C.
EVO_HD void play_group_q16(const GroupView& g, int n, const int* codes, int64_t* payoffs,
                           int* cooperations) {
  for (int i = 0; i < n; ++i) payoffs[i] = 0;
  detail::FixedPayoff pay{g.payoff_q16, n, payoffs};
  play_rounds(n, g.rounds, codes, pay, cooperations);
}

}  // namespace evomarket
