// What `evomarket clear` prints: the clearing of one book as JSON or as a table, with every
// engine integer written as an exact decimal (docs/clearing.md, "Clearing a book by hand").
#pragma once

#include <cstdint>
#include <string>

#include "host/profiles/order_book.h"
#include "host/run/book_clearing.h"

namespace evomarket {

// value / per_unit as an exact decimal, trailing zeros dropped (per_unit a power of ten):
// exact_decimal(2500, 1000) = "2.5", exact_decimal(-7, 1000) = "-0.007", (3000, 1000) = "3".
std::string exact_decimal(int64_t value, int64_t per_unit);

// One JSON object: mechanism, price (null: no single price), traded_kwh, operator_surplus,
// grid_import_kwh, grid_export_kwh, retail and fit (sdr, mid_market) or reserve
// (reverse_auction), orders [{id, side, price, quantity, filled_kwh, payment}] in file order;
// prices in currency per kWh, money in currency.
std::string clearing_json(const OrderBook& book, const BookClearing& c);

// The same as a readable table with a summary above it.
std::string clearing_table(const OrderBook& book, const BookClearing& c);

}  // namespace evomarket
