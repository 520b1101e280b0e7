// Per-agent accounts of a market generation (docs/market.md, "Per-agent accounts"): what each
// agent consumed and generated, bought and sold inside its community and with the grid, and the
// money of each part. Both backends add every slot with add_slot_account(), so accounts are
// identical, and their sums over agents are the generation's aggregates.
//
// Community money is what remains of the agent's savings once its grid part is valued at the
// tariff: a seller received savings + feed-in x sold, a buyer paid local value x bought - savings
// (local value: retail without network fees, kernels/bidding.h).
// For the order-book mechanisms and the mid-market rule that is the money that changed hands;
// under SDR pricing (the manager settles the grid for everyone) it is the same split by
// convention, so that paid - received is the operator's surplus for every mechanism.
#pragma once

#include <cstdint>

#include "kernels/bidding.h"
#include "kernels/evo_hd.h"

namespace evomarket {

enum AccountField : uint32_t {
  kAccountLoad = 0,          // gross scaled consumption, mWh
  kAccountPv = 1,            // gross scaled generation, mWh
  kAccountBought = 2,        // bought inside the community, mWh
  kAccountSold = 3,          // sold inside the community, mWh
  kAccountPaid = 4,          // paid inside the community, pico
  kAccountReceived = 5,      // received inside the community, pico
  kAccountGridImport = 6,    // mWh
  kAccountGridExport = 7,    // mWh
  kAccountGridMoney = 8,     // exports at feed-in minus imports at retail, pico
  kAccountGridOnly = 9,      // the same for its whole net position, without any market, pico
  kAccountContract = 10,     // bilateral and composite structures: saved by its contract, pico
  kAccountSavings = 11,      // against grid-only settlement, pico (contract included)
  kAccountPotential = 12,    // the most it could have saved, pico (kernels/market_fitness.h)
  kAccountNetworkFees = 13,  // network charges on what it bought inside and imported, pico
  kAccountFields = 14,
};

// What a buyer received under its bilateral contract in a slot: its position before the contract
// (`net`) less what the contract left (`residual`), mWh (0 for sellers and without contracts).
EVO_HD int64_t contract_bought(int64_t net, int64_t residual) {
  return net < 0 && residual > net ? residual - net : 0;
}

// One slot of one agent: `position` is what it brought to the community market (after its
// contract), `traded` what the mechanism traded of it (> 0 sold, < 0 bought), `savings` what
// the market part saved against settling `position` with the grid, `contract_bought` what it
// received under its bilateral contract (mWh, >= 0). Community money is valued at the buyer's
// local value (kernels/bidding.h), so `paid` is what went to sellers and the operator; the
// network charges (community fee on all it bought, import fee on its imports) are their own
// field, and the grid part is energy at retail and feed-in.
EVO_HD void add_slot_account(int64_t* account, int64_t position, int64_t traded, int64_t savings,
                             int64_t contract_bought, const TariffView& t, uint32_t slot_of_day) {
  const int64_t retail = retail_price(t, slot_of_day);
  const int64_t fit = feed_in_price(t, slot_of_day);
  int64_t bought = contract_bought;
  if (traded > 0) {
    account[kAccountSold] += traded;
    account[kAccountReceived] += savings + fit * traded;
  } else if (traded < 0) {
    account[kAccountBought] -= traded;
    account[kAccountPaid] += local_value(t, slot_of_day) * -traded - savings;
    bought -= traded;
  }
  const int64_t rest = position - traded;
  if (rest > 0) {
    account[kAccountGridExport] += rest;
    account[kAccountGridMoney] += fit * rest;
  } else if (rest < 0) {
    account[kAccountGridImport] -= rest;
    account[kAccountGridMoney] += retail * rest;
    account[kAccountNetworkFees] -= import_fee(t, slot_of_day) * rest;
  }
  account[kAccountNetworkFees] += community_fee(t, slot_of_day) * bought;
}

}  // namespace evomarket
