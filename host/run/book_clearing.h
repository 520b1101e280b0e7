// Clearing one order book with one market mechanism through the simulation's own slot
// settlement (kernels/market.h settle_slot), for `evomarket clear` (docs/clearing.md,
// "Clearing a book by hand"). Every row of the book is one member of a one-slot community.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "host/profiles/order_book.h"
#include "kernels/market.h"

namespace evomarket {

// The mechanism and its parameters. Unset options take their defaults; an option the mechanism
// does not read is refused (ConfigError), so a typo in the mechanism never goes unnoticed.
struct ClearOptions {
  MarketMechanism mechanism = MarketMechanism::kUniform;
  std::optional<double> k;                          // uniform: default 0.5
  std::optional<UniformPrice> uniform_rule;         // uniform: default last matched pair
  std::optional<PayAsBid> pay_as_bid;               // pay_as_bid: default own price
  std::optional<ContinuousPrice> continuous_price;  // continuous: default the resting order's
  std::optional<ReversePayment> reverse_payment;    // reverse_auction: default uniform
  std::optional<double> retail;    // currency per kWh; default: the book's highest price
  std::optional<double> fit;       // currency per kWh; default: the book's lowest price
  std::optional<double> reserve;   // reverse_auction: default the retail price
  std::optional<double> quantity;  // reverse_auction: kWh the manager buys for itself
  std::optional<uint64_t> seed;    // muda: the run seed whose halves it draws (default 0)
};

// The outcome in engine units: energy mWh, prices micro-currency per kWh, money pico-currency.
struct BookClearing {
  MarketMechanism mechanism = MarketMechanism::kUniform;
  std::optional<int64_t> price;  // the one price of every trade (uniform, mid_market, uniform
                                 // reverse_auction, mcafee and trade_reduction when buyers and
                                 // sellers pay the same); none otherwise or when nothing trades
  int64_t traded = 0;            // energy traded inside the market
  int64_t operator_surplus = 0;  // what the operator or manager keeps (SlotSummary's meaning)
  int64_t grid_import = 0;       // demand - traded
  int64_t grid_export = 0;       // supply - traded
  int64_t retail = 0, fit = 0;   // the prices used (reverse_auction: retail is the reserve)
  ReversePayment reverse_payment = ReversePayment::kUniform;
  std::vector<int64_t> filled;   // per order of the book, file order
  std::vector<int64_t> payment;  // per order: paid by a buyer, received by a seller
};

// Mechanisms without an order book settle the grid inside the mechanism: their payments cover
// each member's whole position, so the money balance carries the grid terms (docs/clearing.md).
bool settles_grid(MarketMechanism m);

// Clears `book` (ConfigError for options the mechanism does not read, fit above retail, an
// out-of-range price option, --quantity beside buy orders, or money beyond int64).
BookClearing clear_book(const OrderBook& book, const ClearOptions& options);

}  // namespace evomarket
