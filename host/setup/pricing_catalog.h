// Names of the market game's pricing strategies (kernels/bidding.h, docs/market.md):
//   Truthful          ask the feed-in tariff, bid the retail price (markup 0, 0)
//   ZIC               zero intelligence constrained: a fresh uniform price in [fit, retail]
//   Markup(a)         ask fit + a (retail - fit), bid retail - a (retail - fit), a in [0, 1]
//   Markup(a,b)       ask markup a, bid markdown b
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kernels/bidding.h"

namespace evomarket {

// The strategy a name stands for, or nullopt (with `why` set) when it names none.
std::optional<PricingStrategy> parse_pricing_strategy(const std::string& name, std::string* why);

// Every pricing strategy form with its one-line meaning, for `evomarket strategies`.
struct PricingForm {
  const char* name;
  const char* meaning;
};
const std::vector<PricingForm>& pricing_forms();

// The default strategy set of the market game.
std::vector<std::string> default_pricing_strategies();

// The default contract strategies of the bilateral and composite structures (iterated-game
// strategies deciding to honour or renege each day).
std::vector<std::string> default_contract_strategies();

}  // namespace evomarket
