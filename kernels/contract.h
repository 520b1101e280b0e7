// Bilateral contracts of the market game (docs/market.md): within each community, agents are
// paired for a generation; every day each partner honours (C) or reneges (D) on the contract,
// as its iterated-game strategy (kernels/strategy_machine.h) decides from the partner's earlier
// days. In each slot the partner with surplus owes the partner with deficit
// q = min(surplus, deficit) at the contract price; a seller that honours delivers, a buyer that
// honours pays. The stage game derived from the trade is a prisoner's dilemma:
//   both honour:      seller (p - fit) q,  buyer (retail - p) q
//   seller reneges:   seller p q (paid, keeps exporting),  buyer -p q (paid, still imports)
//   buyer reneges:    seller -fit q (delivered for nothing),  buyer retail q
//   both renege:      0, 0                       (money against grid-only settlement)
#pragma once

#include <cstdint>

#include "kernels/evo_hd.h"
#include "kernels/placement.h"
#include "kernels/rng.h"
#include "kernels/strategy_machine.h"

namespace evomarket {

enum class MarketStructure : uint32_t {
  kCommunity = 0,  // everything through the community market
  kBilateral = 1,  // bilateral contracts only; the rest settles with the grid
  kComposite = 2,  // bilateral contracts first, the rest through the community market
};

// The contract partner of member `local` of a community of n members in `generation` (itself
// when n is odd and it is left over): members are paired (2i, 2i + 1) in a keyed permutation.
EVO_HD uint32_t contract_partner(uint64_t seed, uint64_t community, uint32_t n, uint32_t local,
                                 uint32_t generation) {
  const uint64_t key = seed ^ ((community + 1) * 0x9E3779B97F4A7C15ull);
  const uint64_t position = permute_index(local, n, key, Purpose::kContractPairing, generation);
  const uint64_t other = position ^ 1u;
  if (other >= n) return local;
  return static_cast<uint32_t>(
      unpermute_index(other, n, key, Purpose::kContractPairing, generation));
}

// The days on which a member reneges (bit d set: reneges on day d of the generation, d < 64),
// playing strategy `own` against `partner_strategy` for `days` days. Both partners compute
// the same pair of sequences (the pair's draws are keyed by pair_id, seats by local order).
EVO_HD uint64_t contract_reneges(const StrategyTableView& table, Probability noise, uint64_t seed,
                                 uint64_t pair_id, uint32_t generation, uint32_t own,
                                 uint32_t partner_strategy, bool first_seat, uint32_t days) {
  const uint32_t first = first_seat ? own : partner_strategy;
  const uint32_t second = first_seat ? partner_strategy : own;
  const StrategyInfo info_a = table.strategies[first];
  const StrategyInfo info_b = table.strategies[second];
  PlayerState a = start_player(info_a);
  PlayerState b = start_player(info_b);
  uint64_t moves_a = 0, moves_b = 0;
  for (uint32_t t = 0; t < days; ++t) {
    const Draw4 d = draw4(seed, pair_id, Purpose::kContract, generation, t);
    uint32_t move_a = intended_move(info_a, table.states, a, d.v[0]);
    uint32_t move_b = intended_move(info_b, table.states, b, d.v[1]);
    move_a ^= static_cast<uint32_t>(bernoulli(d.v[2], noise));
    move_b ^= static_cast<uint32_t>(bernoulli(d.v[3], noise));
    moves_a |= static_cast<uint64_t>(move_a) << t;
    moves_b |= static_cast<uint64_t>(move_b) << t;
    observe_turn(info_a, table.states, a, move_a, move_b);
    observe_turn(info_b, table.states, b, move_b, move_a);
  }
  return first_seat ? moves_a : moves_b;
}

// One member's side of its contract in one slot. `own` and `partner` are the net positions,
// `price` the contract price; returns the member's saving (pico) and writes what is left of
// its position for the community market or the grid.
EVO_HD int64_t contract_trade(int64_t own, int64_t partner, bool own_honours, bool partner_honours,
                              int64_t price, int64_t retail, int64_t fit, int64_t* residual) {
  *residual = own;
  if (own > 0 && partner < 0) {  // seller
    const int64_t q = own < -partner ? own : -partner;
    const int64_t delivered = own_honours ? q : 0;
    const int64_t paid = partner_honours ? price * q : 0;
    *residual = own - delivered;
    return paid - fit * delivered;
  }
  if (own < 0 && partner > 0) {  // buyer
    const int64_t q = -own < partner ? -own : partner;
    const int64_t delivered = partner_honours ? q : 0;
    const int64_t paid = own_honours ? price * q : 0;
    *residual = own + delivered;
    return retail * delivered - paid;
  }
  return 0;
}

}  // namespace evomarket
