// The P2P market game in one community and one trading slot, shared by both backends
// (docs/market.md). One header (over 400 lines): the day's three steps below share the slot
// summary layout and the settlement types, and each backend includes all of them.
//
// Per day a backend (1) runs every agent's slots through agent_positions() (profile, scale,
// shift, home battery) to get its net position per slot, (1b) in the bilateral and composite
// structures settles each member's contract with its partner (member_contract_trade(), what is
// left goes on), (2) for order-book mechanisms gives
// every agent with a position an order key (order_key(): side, price from its pricing strategy,
// local index) and sorts each (community, slot) segment of keys ascending (std::sort on the CPU,
// CUB segmented sort on the GPU), then (3) calls settle_slot() once per segment. Everything is
// integer: energy in mWh, prices in micro-currency per kWh, money in price x mWh (1e-12 of the
// currency, "pico"), so sums are exact and results do not depend on the backend.
#pragma once

#include <cstdint>

#include "kernels/battery.h"
#include "kernels/bidding.h"
#include "kernels/clearing.h"
#include "kernels/clearing_community.h"
#include "kernels/clearing_mcafee.h"
#include "kernels/clearing_muda.h"
#include "kernels/contract.h"
#include "kernels/evo_hd.h"
#include "kernels/market_accounts.h"
#include "kernels/pricing_genome.h"
#include "kernels/profile.h"

namespace evomarket {

enum class MarketMechanism : uint32_t {
  kUniform = 0,            // uniform-price k-double auction (UniformPrice convention)
  kPayAsBid = 1,           // discriminatory matching in merit order (PayAsBid rule)
  kTradeReduction = 2,     // trade reduction for divisible books (Huang et al. 2002 style)
  kContinuous = 3,         // continuous double auction in a Philox arrival order
  kSupplyDemandRatio = 4,  // Liu et al. (2017) SDR prices, no order book
  kMidMarket = 5,          // (retail + feed-in) / 2 for what is matched inside, no order book
  kReverseAuction = 6,     // the manager buys the community's deficit from the cheapest asks
  kNone = 7,               // no community market: everything settles with the grid
  kMcAfee = 8,             // McAfee (1992): p0 when it fits, else trade reduction
  kMuda = 9,               // MUDA: random halves, each trading at the other half's price
};

// One more than the largest MarketMechanism value (the names are listed by value).
constexpr uint32_t kMarketMechanismCount = 10;

EVO_HD bool uses_order_book(MarketMechanism m) {
  return m != MarketMechanism::kSupplyDemandRatio && m != MarketMechanism::kMidMarket &&
         m != MarketMechanism::kNone;
}

// Everything the market kernels read, pointing at host or device copies.
struct MarketView {
  TariffView tariff;
  const PricingStrategy* strategies;
  MarketMechanism mechanism;
  UniformPrice uniform_rule;
  PayAsBid pay_as_bid_rule;
  ContinuousPrice continuous_price;  // continuous: the price of each trade
  ReversePayment reverse_payment;    // reverse auction: how the manager pays the sellers
  int64_t k_num, k_den;              // k of the k-double auction, k_num / k_den in [0, 1]
  BatteryParams battery;
  AgentProfileRule profiles;
  uint64_t agents;
  uint32_t community_size;  // equal blocks of consecutive ids (the last may be smaller); with
                            // community_offsets: the largest community
  uint64_t seed;
  // An agent's strategy s prices its orders by strategies[s % pricing_count] and, in the
  // bilateral and composite structures, decides its contract by contracts[s / pricing_count]
  // (composite agents hold one of each; community: pricing_count = every strategy).
  uint32_t pricing_count;
  MarketStructure structure;
  StrategyTableView contracts;
  Probability contract_noise;
  const uint64_t* reneges;   // per agent: the days of this generation it reneges (bit per day)
  const uint32_t* partners;  // per agent: its partner's index in the community (itself: none)
  // Communities of any size (market.agents = "meters"): community c holds the consecutive ids
  // [community_offsets[c], community_offsets[c + 1]), `communities` + 1 ascending entries from 0
  // to agents; nullptr: equal blocks of community_size.
  const uint64_t* community_offsets;
  uint64_t communities;
  // Per agent the store meter it follows at scale and shift drawn by `profiles` (real meters);
  // nullptr: the meter is drawn too (sampled agents).
  const uint32_t* meters;
  // Evolving prices: every agent's pricing genome ([agent][kGenomeWords], kernels/
  // pricing_genome.h) in place of its strategy's pricing; nullptr: strategies price.
  const uint32_t* genome = nullptr;
};

// The first agent of `community`; community = communities gives agents.
EVO_HD uint64_t community_first(const MarketView& m, uint64_t community) {
  if (m.community_offsets) return m.community_offsets[community];
  const uint64_t first = community * m.community_size;
  return first < m.agents ? first : m.agents;
}

// Members of `community` (equal blocks: the last community may be smaller).
EVO_HD uint32_t community_members(const MarketView& m, uint64_t community) {
  return static_cast<uint32_t>(community_first(m, community + 1) - community_first(m, community));
}

// The community `agent` belongs to (a binary search over the offsets when sizes differ).
EVO_HD uint64_t community_index(const MarketView& m, uint64_t agent) {
  if (!m.community_offsets) return agent / m.community_size;
  uint64_t lo = 0, hi = m.communities - 1;  // the last community whose first agent <= agent
  while (lo < hi) {
    const uint64_t mid = hi - (hi - lo) / 2;
    if (m.community_offsets[mid] <= agent) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

// The agent's profile: a sampled meter, or its own meter (kernels/profile.h).
EVO_HD AgentProfile market_agent_profile(const MarketView& m, uint64_t agent) {
  AgentProfile a = agent_profile(m.profiles, agent);
  if (m.meters) a.profile = m.meters[agent];
  return a;
}

// An agent's payoff: its savings of a generation (pico) floored to milli-currency, the unit
// the update rule compares.
constexpr int64_t kPicoPerMilli = 1000000000;

EVO_HD int64_t payoff_milli(int64_t savings_pico) {
  const int64_t q = savings_pico / kPicoPerMilli;
  return (savings_pico % kPicoPerMilli != 0 && savings_pico < 0) ? q - 1 : q;
}

// --- step 1: net positions ---------------------------------------------------------------------

// What one agent's slots add to its community's totals (grid-only money is what the agent
// would pay (< 0) or earn without any market: imports at retail plus the import fee, exports at
// the feed-in tariff).
struct AgentSlotTotals {
  int64_t load;       // scaled gross consumption, mWh
  int64_t pv;         // scaled gross generation, mWh
  int64_t grid_only;  // pico
  int64_t potential;  // pico: the most it could save, (local value - feed-in) x |net| per slot
};

// Adds a day's (or chunk's) totals of one agent to its account (kernels/market_accounts.h).
EVO_HD void add_position_totals(int64_t* account, const AgentSlotTotals& t) {
  account[kAccountLoad] += t.load;
  account[kAccountPv] += t.pv;
  account[kAccountGridOnly] += t.grid_only;
  account[kAccountPotential] += t.potential;
}

// The agent's load and generation in absolute slot `slot` (scaled like agent_net_energy).
EVO_HD void agent_load_pv(const EnergyBatchView& b, const AgentProfile& a, uint64_t slot,
                          int64_t* load, int64_t* pv) {
  const uint64_t i = profile_cell(b, a, slot);
  *load = scaled_energy(b.load[i], a);
  *pv = scaled_energy(b.pv[i], a);
}

// Net positions of `agent` in `slots` slots from absolute slot `first_slot` (all in one day:
// first_slot / slots_per_day) into net[s * stride]. The battery (if the agent owns one) runs
// first, carrying its charge in *charge. *nem_value accumulates import price x net, what net
// metering credits or charges (docs/market.md).
EVO_HD AgentSlotTotals agent_positions(const MarketView& m, const EnergyBatchView& b,
                                       uint64_t agent, uint64_t first_slot, uint32_t slots,
                                       int64_t* charge, int64_t* nem_value, int64_t* net,
                                       uint64_t stride) {
  const AgentProfile a = market_agent_profile(m, agent);
  const bool battery = owns_battery(m.battery, m.seed, agent);
  AgentSlotTotals t{0, 0, 0, 0};
  for (uint32_t s = 0; s < slots; ++s) {
    const uint64_t slot = first_slot + s;
    const uint32_t of_day = static_cast<uint32_t>(slot % m.tariff.slots_per_day);
    int64_t load = 0, pv = 0;
    agent_load_pv(b, a, slot, &load, &pv);
    int64_t x = pv - load;
    if (battery) x = battery_step(m.battery, x, charge);
    net[s * stride] = x;
    // Without a market imports cost retail plus the import fee; a trade saves at most the
    // spread between the local value and the feed-in tariff (kernels/bidding.h).
    const int64_t imported = import_price(m.tariff, of_day);
    t.load += load;
    t.pv += pv;
    const int64_t feed_in = feed_in_price(m.tariff, of_day);
    t.grid_only += x > 0 ? feed_in * x : imported * x;
    t.potential += (local_value(m.tariff, of_day) - feed_in) * (x < 0 ? -x : x);
    *nem_value += imported * x;
  }
  return t;
}

// --- step 1b: bilateral contracts (bilateral and composite structures) -------------------------

// The index within its community of the partner of `agent` in `generation` (its own index when
// it has none); backends keep these in MarketView::partners for the generation.
EVO_HD uint32_t member_partner_local(const MarketView& m, uint64_t agent, uint32_t generation) {
  const uint64_t community = community_index(m, agent);
  return contract_partner(m.seed, community, community_members(m, community),
                          static_cast<uint32_t>(agent - community_first(m, community)), generation);
}

// The partner (an agent id) of `agent` from MarketView::partners: itself when it has none.
EVO_HD uint64_t member_partner(const MarketView& m, uint64_t agent) {
  return community_first(m, community_index(m, agent)) + m.partners[agent];
}

// The days of `generation` on which `agent` reneges on its contract (kernels/contract.h).
EVO_HD uint64_t member_reneges(const MarketView& m, const uint16_t* strategy, uint64_t agent,
                               uint32_t generation, uint32_t days) {
  const uint64_t first = community_first(m, community_index(m, agent));
  const uint32_t local = static_cast<uint32_t>(agent - first);
  const uint32_t partner = m.partners[agent];
  if (partner == local) return 0;
  const uint32_t low = local < partner ? local : partner;
  return contract_reneges(m.contracts, m.contract_noise, m.seed, first + low, generation,
                          strategy[agent] / m.pricing_count,
                          strategy[first + partner] / m.pricing_count, local < partner, days);
}

// One member's contract trade in a slot: its saving (pico); *residual gets what is left of its
// position. The contract price is the k-point between the feed-in tariff and retail.
EVO_HD int64_t member_contract_trade(const MarketView& m, uint64_t agent, uint64_t partner,
                                     int64_t own, int64_t partner_net, uint32_t day_of_generation,
                                     uint32_t slot_of_day, int64_t* residual) {
  if (partner == agent) {
    *residual = own;
    return 0;
  }
  const int64_t retail = local_value(m.tariff, slot_of_day);  // contracts pay community fees
  const int64_t fit = feed_in_price(m.tariff, slot_of_day);
  const bool own_honours = ((m.reneges[agent] >> day_of_generation) & 1u) == 0;
  const bool partner_honours = ((m.reneges[partner] >> day_of_generation) & 1u) == 0;
  return contract_trade(own, partner_net, own_honours, partner_honours,
                        k_point(fit, retail, m.k_num, m.k_den), retail, fit, residual);
}

// --- step 2: order keys ------------------------------------------------------------------------

// Sort key of an agent's order: asks (class 0) by price ascending, then bids (class 1) by price
// descending, then agents without a position (class 2); ties by local index. Bits: class 60-61,
// price (bids: 2^32 - 1 - price) 28-59, local index 0-27.
constexpr uint32_t kKeyLocalBits = 28;
constexpr uint64_t kKeyLocalMask = (uint64_t{1} << kKeyLocalBits) - 1;
constexpr uint64_t kKeyPriceMask = 0xFFFFFFFFull;

// The key of an order with a known price (0 <= price < 2^32, local < 2^28): what order_key
// gives once the pricing strategy has quoted, and what `evomarket clear` builds from a book.
EVO_HD uint64_t book_key(bool seller, int64_t price, uint32_t local) {
  const uint64_t p =
      seller ? static_cast<uint64_t>(price) : kKeyPriceMask - static_cast<uint64_t>(price);
  return (uint64_t{seller ? 0u : 1u} << 60) | (p << kKeyLocalBits) | local;
}

EVO_HD uint64_t order_key(const MarketView& m, uint64_t agent, uint32_t local, int64_t net,
                          uint32_t strategy, uint32_t day, uint32_t slot_of_day) {
  if (net == 0) return (uint64_t{2} << 60) | local;
  const bool seller = net > 0;
  const PricingStrategy pricing =
      m.genome ? genome_pricing(m.genome, agent) : m.strategies[strategy % m.pricing_count];
  const int64_t price =
      order_price(pricing, seller, local_value(m.tariff, slot_of_day),
                  feed_in_price(m.tariff, slot_of_day), m.seed, agent, day, slot_of_day);
  return book_key(seller, price, local);
}

EVO_HD uint32_t key_class(uint64_t key) {
  return static_cast<uint32_t>(key >> 60);
}
EVO_HD uint32_t key_local(uint64_t key) {
  return static_cast<uint32_t>(key & kKeyLocalMask);
}
EVO_HD int64_t key_price(uint64_t key) {
  const uint64_t p = (key >> kKeyLocalBits) & kKeyPriceMask;
  return static_cast<int64_t>(key_class(key) == 0 ? p : kKeyPriceMask - p);
}

// --- step 3: clearing and settlement -------------------------------------------------------------

// One community in one slot.
struct SlotSummary {
  int64_t supply;            // sum of the sellers' net positions, mWh
  int64_t demand;            // sum of the buyers' deficits, mWh
  int64_t traded;            // energy exchanged inside the community, mWh
  int64_t grid_import;       // demand - traded
  int64_t grid_export;       // supply - traded
  int64_t price;             // uniform price (SDR: buyers' price), else -1 when nothing trades
  int64_t traded_value;      // what buyers pay for the energy traded inside, pico
  int64_t operator_surplus;  // what the operator or manager keeps, pico (>= 0)
  int64_t savings;           // members' money minus their grid-only money, pico
  int64_t orders;            // members with a position (asks plus bids)
  int64_t contract_traded;   // energy delivered under bilateral contracts, mWh
  int64_t contract_savings;  // members' savings from their contracts, pico (part of savings)
  int64_t network_fees;      // community fee on traded + contract traded, import fee on imports
};

// Where each field of a SlotSummary sits in the int64 form backends hand to the host (the one
// place that fixes the order).
enum SlotSummaryField : uint32_t {
  kSummarySupply = 0,
  kSummaryDemand = 1,
  kSummaryTraded = 2,
  kSummaryGridImport = 3,
  kSummaryGridExport = 4,
  kSummaryPrice = 5,
  kSummaryTradedValue = 6,
  kSummaryOperatorSurplus = 7,
  kSummarySavings = 8,
  kSummaryOrders = 9,
  kSummaryContractTraded = 10,
  kSummaryContractSavings = 11,
  kSummaryNetworkFees = 12,
};

constexpr uint32_t kSlotSummaryFields = kSummaryNetworkFees + 1;

// The summary as kSlotSummaryFields int64 in SlotSummaryField order.
EVO_HD void store_summary(const SlotSummary& r, int64_t* out) {
  out[kSummarySupply] = r.supply;
  out[kSummaryDemand] = r.demand;
  out[kSummaryTraded] = r.traded;
  out[kSummaryGridImport] = r.grid_import;
  out[kSummaryGridExport] = r.grid_export;
  out[kSummaryPrice] = r.price;
  out[kSummaryTradedValue] = r.traded_value;
  out[kSummaryOperatorSurplus] = r.operator_surplus;
  out[kSummarySavings] = r.savings;
  out[kSummaryOrders] = r.orders;
  out[kSummaryContractTraded] = r.contract_traded;
  out[kSummaryContractSavings] = r.contract_savings;
  out[kSummaryNetworkFees] = r.network_fees;
}

// The inverse of store_summary.
EVO_HD SlotSummary load_summary(const int64_t* in) {
  SlotSummary r;
  r.supply = in[kSummarySupply];
  r.demand = in[kSummaryDemand];
  r.traded = in[kSummaryTraded];
  r.grid_import = in[kSummaryGridImport];
  r.grid_export = in[kSummaryGridExport];
  r.price = in[kSummaryPrice];
  r.traded_value = in[kSummaryTradedValue];
  r.operator_surplus = in[kSummaryOperatorSurplus];
  r.savings = in[kSummarySavings];
  r.orders = in[kSummaryOrders];
  r.contract_traded = in[kSummaryContractTraded];
  r.contract_savings = in[kSummaryContractSavings];
  r.network_fees = in[kSummaryNetworkFees];
  return r;
}

// Caller-provided scratch of n elements each (n = community members).
struct SlotScratch {
  Order* orders;      // asks then bids
  int64_t* fill;      // per order (book mechanisms) or traded energy per member (book-free)
  int64_t* money;     // per order or per member
  int64_t* extra;     // book-free: grid energy per member
  uint32_t* arrival;  // continuous double auction: arrival order
};

// Clears community `community` (members first_agent .. first_agent + n) in slot
// (day, slot_of_day). `net` holds the members' net positions; for order-book mechanisms
// `sorted_keys` holds their order_key()s sorted ascending. Writes every member's savings (pico,
// money minus grid-only money) into savings[local]. The continuous auction's arrival order is
// drawn (arrival_order) unless `given_arrival` holds one over the rebuilt book (asks, then bids,
// in key order): `evomarket clear` replays a book's own arrival times. With `traded`, writes
// what each member traded inside the community (> 0 sold, < 0 bought; kernels/market_accounts.h).
EVO_HD SlotSummary settle_slot(const MarketView& m, uint64_t community, uint32_t n, uint32_t day,
                               uint32_t slot_of_day, const int64_t* net,
                               const uint64_t* sorted_keys, SlotScratch s, int64_t* savings,
                               const uint32_t* given_arrival = nullptr, int64_t* traded = nullptr) {
  // Every mechanism prices between the feed-in tariff and the buyers' local value (retail when
  // there are no network fees): savings against the grid are the same measured from either.
  const int64_t retail = local_value(m.tariff, slot_of_day);
  const int64_t fit = feed_in_price(m.tariff, slot_of_day);
  SlotSummary r{0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0};
  for (uint32_t i = 0; i < n; ++i) {
    savings[i] = 0;
    if (traded) traded[i] = 0;
    if (net[i] > 0) r.supply += net[i];
    if (net[i] < 0) r.demand -= net[i];
    if (net[i] != 0) ++r.orders;
  }

  if (m.mechanism == MarketMechanism::kNone) {
    r.grid_import = r.demand;
    r.grid_export = r.supply;
    return r;
  }
  if (!uses_order_book(m.mechanism)) {
    const CommunityPricing pricing = m.mechanism == MarketMechanism::kSupplyDemandRatio
                                         ? CommunityPricing::kSupplyDemandRatio
                                         : CommunityPricing::kMidMarket;
    const CommunityResult c =
        clear_community(net, n, retail, fit, pricing, s.fill, s.extra, s.money);
    for (uint32_t i = 0; i < n; ++i) {
      const int64_t grid_only = net[i] > 0 ? fit * net[i] : retail * net[i];
      savings[i] = s.money[i] - grid_only;
      r.savings += savings[i];
      if (traded) traded[i] = s.fill[i];
    }
    r.traded = c.internal;
    r.price = c.internal > 0 ? c.buy_price : -1;
    r.traded_value = c.buy_price * c.internal;
    r.operator_surplus = c.manager_surplus;
    r.grid_import = c.grid_import;
    r.grid_export = c.grid_export;
    return r;
  }

  // Rebuild the book from the sorted keys: asks first, then bids.
  uint32_t n_asks = 0, n_bids = 0;
  for (uint32_t i = 0; i < n; ++i) {
    const uint64_t key = sorted_keys[i];
    const uint32_t cls = key_class(key);
    if (cls == 2) break;
    const uint32_t local = key_local(key);
    const int64_t q = net[local] > 0 ? net[local] : -net[local];
    s.orders[i] = Order{key_price(key), q, local};
    if (cls == 0)
      ++n_asks;
    else
      ++n_bids;
  }
  const Order* asks = s.orders;
  const Order* bids = s.orders + n_asks;
  int64_t* ask_fill = s.fill;
  int64_t* bid_fill = s.fill + n_asks;
  int64_t* ask_money = s.money;
  int64_t* bid_money = s.money + n_asks;

  switch (m.mechanism) {
    case MarketMechanism::kUniform: {
      const ClearingResult c =
          clear_uniform(asks, n_asks, bids, n_bids, m.k_num, m.k_den, m.uniform_rule, ask_fill,
                        bid_fill, ask_money, bid_money);
      r.price = c.volume > 0 ? c.price : -1;
      break;
    }
    case MarketMechanism::kPayAsBid:
      clear_pay_as_bid(asks, n_asks, bids, n_bids, m.pay_as_bid_rule, ask_fill, bid_fill, ask_money,
                       bid_money);
      break;
    case MarketMechanism::kTradeReduction:
    case MarketMechanism::kMcAfee: {
      const McAfeeResult c =
          m.mechanism == MarketMechanism::kMcAfee
              ? clear_mcafee(asks, n_asks, bids, n_bids, ask_fill, bid_fill, ask_money, bid_money)
              : clear_trade_reduction(asks, n_asks, bids, n_bids, ask_fill, bid_fill, ask_money,
                                      bid_money);
      r.price = c.volume > 0 ? c.buy_price : -1;
      break;
    }
    case MarketMechanism::kMuda: {
      // Halves keyed by the community slot, the day and the member: both backends agree.
      const uint64_t entity = community * m.tariff.slots_per_day + slot_of_day;
      const uint64_t seed = m.seed;
      clear_muda(
          asks, n_asks, bids, n_bids, m.k_num, m.k_den,
          [&](uint32_t member) { return muda_half(seed, entity, day, member); }, ask_fill, bid_fill,
          ask_money, bid_money);
      break;
    }
    case MarketMechanism::kContinuous: {
      const uint64_t entity = community * m.tariff.slots_per_day + slot_of_day;
      if (given_arrival == nullptr) {
        arrival_order(m.seed, entity, Purpose::kArrival, day, n_asks + n_bids, s.arrival);
      }
      continuous_double_auction(asks, n_asks, bids, n_bids,
                                given_arrival ? given_arrival : s.arrival, ask_fill, bid_fill,
                                ask_money, bid_money, m.continuous_price);
      break;
    }
    case MarketMechanism::kReverseAuction: {
      // The manager buys the community's deficit at the Vickrey price or VCG payments (reserve:
      // retail) and passes energy and cost on to the buyers pro rata: it breaks even.
      const ReverseAuctionResult c =
          reverse_auction(asks, n_asks, r.demand, retail, ask_fill, ask_money, m.reverse_payment);
      for (uint32_t i = 0; i < n; ++i) s.extra[i] = 0;
      if (c.quantity > 0) community_detail::ration(net, n, -1, c.quantity, r.demand, s.extra);
      for (uint32_t j = 0; j < n_bids; ++j) {
        bid_fill[j] = -s.extra[bids[j].id];
        bid_money[j] = 0;
      }
      if (c.quantity > 0) share_cost(bid_fill, n_bids, c.cost, c.quantity, bid_money);
      r.price = c.quantity > 0 ? c.price : -1;
      break;
    }
    default:
      break;
  }

  // Settlement: traded parts at the mechanism's money, the rest with the grid.
  int64_t received = 0;
  for (uint32_t i = 0; i < n_asks; ++i) {
    savings[asks[i].id] = ask_money[i] - fit * ask_fill[i];
    r.traded += ask_fill[i];
    received += ask_money[i];
    if (traded) traded[asks[i].id] = ask_fill[i];
  }
  for (uint32_t j = 0; j < n_bids; ++j) {  // buyers' fills sum to r.traded (tested)
    savings[bids[j].id] = retail * bid_fill[j] - bid_money[j];
    r.traded_value += bid_money[j];
    if (traded) traded[bids[j].id] = -bid_fill[j];
  }
  for (uint32_t i = 0; i < n; ++i) r.savings += savings[i];
  r.operator_surplus = r.traded_value - received;
  r.grid_import = r.demand - r.traded;
  r.grid_export = r.supply - r.traded;
  return r;
}

// settle_slot on what the contracts left (`residual`), then the contracts' part: `net` holds
// the positions before the contracts, contract_savings[i] each member's contract saving. With
// residual == nullptr (community structure) this is settle_slot itself. Supply and demand in the
// summary are the positions before the contracts; grid flows are what is left after both.
EVO_HD SlotSummary trade_slot(const MarketView& m, uint64_t community, uint32_t n, uint32_t day,
                              uint32_t slot_of_day, const int64_t* net, const int64_t* residual,
                              const int64_t* contract_savings, const uint64_t* sorted_keys,
                              SlotScratch s, int64_t* savings, int64_t* traded = nullptr) {
  SlotSummary r = settle_slot(m, community, n, day, slot_of_day, residual ? residual : net,
                              sorted_keys, s, savings, nullptr, traded);
  if (residual != nullptr) {
    for (uint32_t i = 0; i < n; ++i) {
      if (net[i] > 0) r.contract_traded += net[i] - residual[i];
      r.contract_savings += contract_savings[i];
      savings[i] += contract_savings[i];
    }
    r.supply += r.contract_traded;
    r.demand += r.contract_traded;
    r.savings += r.contract_savings;
  }
  r.network_fees = community_fee(m.tariff, slot_of_day) * (r.traded + r.contract_traded) +
                   import_fee(m.tariff, slot_of_day) * r.grid_import;
  return r;
}

}  // namespace evomarket
