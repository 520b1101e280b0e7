// Per-agent accounts of a market generation (docs/market.md, "Per-agent accounts"): what each
// agent consumed and generated, bought and sold inside its community and with the grid, and the
// money of each part. Both backends add every slot with add_slot_account(), so accounts are
// identical, and their sums over agents are the generation's aggregates.
//
// Community money is what remains of the agent's savings once its grid part is valued at the
// tariff: a seller received savings + feed-in x sold, a buyer paid retail x bought - savings.
// For the order-book mechanisms and the mid-market rule that is the money that changed hands;
// under SDR pricing (the manager settles the grid for everyone) it is the same split by
// convention, so that paid - received is the operator's surplus for every mechanism.
#pragma once

#include <cstdint>

#include "kernels/evo_hd.h"

namespace evomarket {

enum AccountField : uint32_t {
  kAccountLoad = 0,        // gross scaled consumption, mWh
  kAccountPv = 1,          // gross scaled generation, mWh
  kAccountBought = 2,      // bought inside the community, mWh
  kAccountSold = 3,        // sold inside the community, mWh
  kAccountPaid = 4,        // paid inside the community, pico
  kAccountReceived = 5,    // received inside the community, pico
  kAccountGridImport = 6,  // mWh
  kAccountGridExport = 7,  // mWh
  kAccountGridMoney = 8,   // exports at feed-in minus imports at retail, pico
  kAccountGridOnly = 9,    // the same for its whole net position, without any market, pico
  kAccountContract = 10,   // bilateral and composite structures: saved by its contract, pico
  kAccountSavings = 11,    // against grid-only settlement, pico (contract included)
  kAccountPotential = 12,  // the most it could have saved, pico (kernels/market_fitness.h)
  kAccountFields = 13,
};

// One slot of one agent: `position` is what it brought to the community market (after its
// contract), `traded` what the mechanism traded of it (> 0 sold, < 0 bought), `savings` what
// the market part saved against settling `position` with the grid.
EVO_HD void add_slot_account(int64_t* account, int64_t position, int64_t traded, int64_t savings,
                             int64_t retail, int64_t fit) {
  if (traded > 0) {
    account[kAccountSold] += traded;
    account[kAccountReceived] += savings + fit * traded;
  } else if (traded < 0) {
    account[kAccountBought] -= traded;
    account[kAccountPaid] += retail * -traded - savings;
  }
  const int64_t rest = position - traded;
  if (rest > 0) {
    account[kAccountGridExport] += rest;
    account[kAccountGridMoney] += fit * rest;
  } else if (rest < 0) {
    account[kAccountGridImport] -= rest;
    account[kAccountGridMoney] += retail * rest;
  }
}

}  // namespace evomarket
