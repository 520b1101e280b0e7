// The CUDA backend's data layout for the market game (cuda/cuda_market.cu), as functions of
// one thread's index so that the host can run the same steps in tests: a chunk of `slots`
// slots of one day keeps every per-order array as [slot][agent], so that the members of
// community c in chunk slot s form the contiguous segment
//   [s * agents + c * community_size, s * agents + min((c + 1) * community_size, agents)),
// the segments tile the chunk in (slot, community) order, and one segmented sort orders every
// community's book at once.
#pragma once

#include <cstdint>

#include "kernels/evo_hd.h"
#include "kernels/market.h"
#include "kernels/market_accounts.h"

namespace evomarket {

struct MarketChunk {
  uint32_t first_of_day;  // the chunk's first slot within the day
  uint32_t slots;
  int64_t* net;            // positions before contracts
  int64_t* residual;       // contract structures: what contracts leave, else nullptr
  int64_t* contract;       // contract structures: each agent's contract saving, else nullptr
  uint64_t* keys;          // order keys (unsorted)
  const uint64_t* sorted;  // the keys sorted within every segment
  Order* orders;           // clearing scratch, per segment
  int64_t* fill;
  int64_t* money;
  int64_t* extra;
  uint32_t* arrival;
  int64_t* savings;  // each agent's saving in each slot
  int64_t* traded;   // what each agent traded inside its community in each slot (> 0 sold)
};

EVO_HD uint64_t chunk_communities(const MarketView& m) {
  return (m.agents + m.community_size - 1) / m.community_size;
}

// Step 1, one agent: its positions in the chunk's slots (battery and net-metering value carry
// over); returns what it adds to its community's totals.
EVO_HD AgentSlotTotals chunk_positions(const MarketView& m, const EnergyBatchView& batch,
                                       uint64_t day_first_slot, const MarketChunk& c,
                                       uint64_t agent, int64_t* charge, int64_t* nem_value) {
  return agent_positions(m, batch, agent, day_first_slot + c.first_of_day, c.slots, charge,
                         nem_value, &c.net[agent], m.agents);
}

// Step 1b, one agent-slot item (s * agents + agent): its side of its contract.
EVO_HD void chunk_contract(const MarketView& m, const MarketChunk& c, uint32_t day_of_generation,
                           uint64_t item) {
  const uint64_t agent = item % m.agents;
  const uint64_t row = item - agent;
  const uint32_t s = static_cast<uint32_t>(item / m.agents);
  const uint64_t partner = member_partner(m, agent);
  c.contract[item] =
      member_contract_trade(m, agent, partner, c.net[item], c.net[row + partner], day_of_generation,
                            c.first_of_day + s, &c.residual[item]);
}

// Step 2, one agent-slot item: its order key (on what contracts left, if any).
EVO_HD void chunk_key(const MarketView& m, const MarketChunk& c, const uint16_t* strategy,
                      uint32_t day, uint64_t item) {
  const uint64_t agent = item % m.agents;
  const uint32_t s = static_cast<uint32_t>(item / m.agents);
  const int64_t* book = c.residual ? c.residual : c.net;
  c.keys[item] = order_key(m, agent, static_cast<uint32_t>(agent % m.community_size), book[item],
                           strategy[agent], day, c.first_of_day + s);
}

// Where segment k (= s * communities + community) begins; k = slots * communities gives the end.
EVO_HD uint64_t chunk_segment_begin(const MarketView& m, uint64_t k) {
  const uint64_t communities = chunk_communities(m);
  return (k / communities) * m.agents + (k % communities) * m.community_size;
}

// Step 3, one segment: clears the community's slot and writes its summary into
// summaries[(community * slots_per_day + slot of day) * kSlotSummaryFields].
EVO_HD void chunk_settle(const MarketView& m, const MarketChunk& c, uint32_t day, uint64_t k,
                         int64_t* summaries) {
  const uint64_t communities = chunk_communities(m);
  const uint64_t s = k / communities, community = k % communities;
  const uint32_t n = community_members(m, community);
  const uint64_t b = s * m.agents + community * m.community_size;
  const uint32_t slot = c.first_of_day + static_cast<uint32_t>(s);
  const SlotSummary r =
      trade_slot(m, community, n, day, slot, c.net + b, c.residual ? c.residual + b : nullptr,
                 c.contract ? c.contract + b : nullptr, c.sorted + b,
                 SlotScratch{c.orders + b, c.fill + b, c.money + b, c.extra + b, c.arrival + b},
                 c.savings + b, c.traded + b);
  store_summary(r, &summaries[(community * m.tariff.slots_per_day + slot) * kSlotSummaryFields]);
}

// Step 4, one agent: adds the chunk's slots to its account (its kAccountFields values), savings
// summed in slot order.
EVO_HD void chunk_sum_accounts(const MarketView& m, const MarketChunk& c, uint64_t agent,
                               int64_t* account) {
  int64_t sum = 0;
  for (uint32_t s = 0; s < c.slots; ++s) {
    const uint64_t item = uint64_t{s} * m.agents + agent;
    sum += c.savings[item];
    const int64_t contract = c.contract ? c.contract[item] : 0;
    const uint32_t of_day = c.first_of_day + s;
    const int64_t position = c.residual ? c.residual[item] : c.net[item];
    add_slot_account(account, position, c.traded[item], c.savings[item] - contract,
                     contract_bought(c.net[item], position), m.tariff, of_day);
    account[kAccountContract] += contract;
  }
  account[kAccountSavings] += sum;
}

}  // namespace evomarket
