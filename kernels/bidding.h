// Bid formation: how an agent's pricing strategy turns its net position in one trading slot into
// an order price between the feed-in tariff and the retail price (docs/market.md).
//
// Prices are integers in micro-currency per kWh. A seller's outside option is exporting at the
// feed-in tariff (fit) and a buyer's is importing at retail, so every strategy here prices inside
// [fit, retail]: nobody is ever asked to trade worse than the grid (individual rationality).
#pragma once

#include <cstdint>

#include "kernels/evo_hd.h"
#include "kernels/rng.h"

namespace evomarket {

constexpr uint32_t kMarkupOne = 1000000;  // markups are parts per million of the spread

enum class PricingKind : uint32_t {
  kMarkup = 0,            // ask fit + a (retail - fit), bid retail - b (retail - fit)
  kZeroIntelligence = 1,  // ZI-C (Gode & Sunder 1993): uniform in [fit, retail], fresh each slot
};

// One pricing strategy. Truthful is the markup (0, 0): ask the feed-in tariff, bid retail.
struct PricingStrategy {
  PricingKind kind;
  uint32_t ask_markup_ppm;  // a, in [0, kMarkupOne]
  uint32_t bid_markup_ppm;  // b, in [0, kMarkupOne]
};

// Grid prices per slot of the day (time of use; constant tariffs repeat one value), and the
// network charges per kWh on grid imports and on energy traded inside a community
// (market.import_fee, market.community_fee; nullptr: none).
struct TariffView {
  const int64_t* retail;
  const int64_t* feed_in;
  uint32_t slots_per_day;
  const int64_t* import_fee = nullptr;
  const int64_t* community_fee = nullptr;
};

EVO_HD int64_t retail_price(const TariffView& t, uint32_t slot_of_day) {
  return t.retail[slot_of_day];
}
EVO_HD int64_t feed_in_price(const TariffView& t, uint32_t slot_of_day) {
  return t.feed_in[slot_of_day];
}
EVO_HD int64_t import_fee(const TariffView& t, uint32_t slot_of_day) {
  return t.import_fee ? t.import_fee[slot_of_day] : 0;
}
EVO_HD int64_t community_fee(const TariffView& t, uint32_t slot_of_day) {
  return t.community_fee ? t.community_fee[slot_of_day] : 0;
}
// What a kWh from the grid costs: retail plus the network charge on imports.
EVO_HD int64_t import_price(const TariffView& t, uint32_t slot_of_day) {
  return retail_price(t, slot_of_day) + import_fee(t, slot_of_day);
}
// What a kWh bought inside the community is worth to a buyer: the import it replaces, less the
// network charge the buyer pays on community trades. The market prices between the feed-in
// tariff and this value (the host checks fit <= local value); without fees it is retail.
EVO_HD int64_t local_value(const TariffView& t, uint32_t slot_of_day) {
  return import_price(t, slot_of_day) - community_fee(t, slot_of_day);
}

// The price `agent` quotes in slot (day, slot_of_day) as a seller (ask) or a buyer (bid).
// Markups round toward the agent's own reservation price (floor of the markup term).
EVO_HD int64_t order_price(const PricingStrategy& s, bool seller, int64_t retail, int64_t fit,
                           uint64_t seed, uint64_t agent, uint32_t day, uint32_t slot_of_day) {
  const int64_t spread = retail - fit;  // >= 0 (checked on the host)
  if (s.kind == PricingKind::kZeroIntelligence) {
    const Draw4 d = draw4(seed, agent, Purpose::kBid, day, slot_of_day);
    return fit +
           static_cast<int64_t>(uniform_below(d.v[0], d.v[1], static_cast<uint64_t>(spread) + 1));
  }
  const uint32_t m = seller ? s.ask_markup_ppm : s.bid_markup_ppm;
  const int64_t part = spread * static_cast<int64_t>(m) / kMarkupOne;
  return seller ? fit + part : retail - part;
}

}  // namespace evomarket
