// One order book from a CSV file, for `evomarket clear` (docs/clearing.md, "Clearing a book by
// hand"): columns id, side, price, quantity and optionally arrival, one order per line.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace evomarket {

// Bounds on one order, in the book's units. 1000 per kWh keeps every price below the 2^31
// the clearing kernels allow (kernels/clearing_community.h).
constexpr double kMaxBookPrice = 1000.0;       // currency per kWh
constexpr double kMaxBookQuantityKwh = 1.0e6;  // kWh per order
constexpr uint32_t kMaxBookOrders = 1u << 28;  // order keys hold the row in 28 bits

struct BookOrder {
  std::string id;
  bool seller = false;   // side "sell"; "buy" otherwise
  int64_t price = 0;     // micro-currency per kWh: llround(price x 1e6), as the config's prices
  int64_t quantity = 0;  // mWh (1e-6 kWh): llround(quantity x 1e6), > 0
  double arrival = 0;    // the arrival column (0 without one)
  uint64_t line = 0;     // line in the file, for messages
};

struct OrderBook {
  std::string path;
  std::vector<BookOrder> orders;  // in file order (ties in price: earlier line first)
  bool has_arrival = false;       // the file has an arrival column
};

// Reads `path`. ConfigError naming FILE:LINE and what was expected for: a missing, unknown or
// repeated column; a line with the wrong number of fields; an empty or repeated id; a side
// other than buy or sell; a price or quantity (or arrival) that is not a number or out of
// range (price in [0, 1000], quantity in (0, 1e6] kWh and at least 1 mWh after rounding); a
// file without orders.
OrderBook read_order_book(const std::string& path);

}  // namespace evomarket
