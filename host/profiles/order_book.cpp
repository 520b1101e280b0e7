#include "host/profiles/order_book.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include <fmt/format.h>

#include "host/errors.h"
#include "host/profiles/header_columns.h"
#include "host/profiles/meter_csv.h"
#include "host/setup/market_setup.h"
#include "kernels/profile.h"

namespace evomarket {
namespace {

constexpr const char* kExpectedColumns = "id,side,price,quantity and optionally arrival";

enum Column : size_t { kId, kSide, kPrice, kQuantity, kArrival, kColumns };
constexpr std::array<const char*, kColumns> kColumnNames = {"id", "side", "price", "quantity",
                                                            "arrival"};

std::string trimmed(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// Where each column sits in a row (SIZE_MAX: absent; only arrival may be). `where` is the
// header's "FILE:LINE".
std::array<size_t, kColumns> column_positions(const std::string& where,
                                              const std::vector<std::string>& header) {
  std::array<size_t, kColumns> at;
  at.fill(SIZE_MAX);
  for (size_t i = 0; i < header.size(); ++i) {
    const auto* name = std::find_if(kColumnNames.begin(), kColumnNames.end(),
                                    [&](const char* c) { return header[i] == c; });
    if (name == kColumnNames.end()) {
      throw ConfigError(fmt::format("{}: unknown column {} (expected {})", where,
                                    quote_field(header[i]), kExpectedColumns));
    }
    const auto c = static_cast<size_t>(name - kColumnNames.begin());
    if (at[c] != SIZE_MAX) {
      throw ConfigError(fmt::format("{}: column \"{}\" appears twice", where, *name));
    }
    at[c] = i;
  }
  for (size_t c = 0; c < kArrival; ++c) {
    if (at[c] == SIZE_MAX) {
      throw ConfigError(fmt::format("{}: no column \"{}\" (expected {})", where, kColumnNames[c],
                                    kExpectedColumns));
    }
  }
  return at;
}

// The number in `field` of column `name`, in [lo, hi] (lo excluded when open_low).
double number(const LineReader& reader, const std::string& field, const char* name, double lo,
              double hi, bool open_low, const char* expected) {
  std::optional<double> v;
  try {
    v = parse_number(field);
  } catch (const std::invalid_argument&) {
    throw ConfigError(fmt::format("{}: {} {} is not a number (expected {})", reader.where(), name,
                                  quote_field(field), expected));
  }
  if (!v) throw ConfigError(fmt::format("{}: no {} (expected {})", reader.where(), name, expected));
  if (*v < lo || (open_low && *v == lo) || *v > hi) {
    throw ConfigError(
        fmt::format("{}: {} {} is out of range (expected {})", reader.where(), name, *v, expected));
  }
  return *v;
}

}  // namespace

OrderBook read_order_book(const std::string& path) {
  OrderBook book;
  book.path = path;
  LineReader reader(path);
  std::vector<std::string> header;
  const std::string header_where =
      read_header(reader, ',', {"id", "side", "price", "quantity"}, header);
  const std::array<size_t, kColumns> at = column_positions(header_where, header);
  book.has_arrival = at[kArrival] != SIZE_MAX;
  std::unordered_map<std::string, uint64_t> first_line;  // id -> its line
  std::string line;
  std::vector<std::string> fields;
  while (reader.next(line)) {
    if (trimmed(line).empty()) continue;
    split_csv(line, ',', fields);
    if (fields.size() != header.size()) {
      throw ConfigError(fmt::format("{}: {} fields, expected {} as in the header", reader.where(),
                                    fields.size(), header.size()));
    }
    BookOrder o;
    o.line = reader.line_number();
    o.id = trimmed(fields[at[kId]]);
    if (o.id.empty()) throw ConfigError(reader.where() + ": empty id (expected a name per order)");
    const auto [it, fresh] = first_line.emplace(o.id, o.line);
    if (!fresh) {
      throw ConfigError(fmt::format("{}: duplicate id {} (first on line {})", reader.where(),
                                    quote_field(o.id), it->second));
    }
    const std::string side = trimmed(fields[at[kSide]]);
    if (side != "buy" && side != "sell") {
      throw ConfigError(
          fmt::format("{}: side {} (expected buy or sell)", reader.where(), quote_field(side)));
    }
    o.seller = side == "sell";
    const double price = number(reader, fields[at[kPrice]], "price", 0, kMaxBookPrice, false,
                                "a price in [0, 1000] currency per kWh");
    o.price = std::llround(price * kPricePerCurrency);
    const double kwh = number(reader, fields[at[kQuantity]], "quantity", 0, kMaxBookQuantityKwh,
                              true, "a quantity in (0, 1e6] kWh");
    o.quantity = std::llround(kwh * kMilliwattHoursPerKilowattHour);
    if (o.quantity == 0) {
      throw ConfigError(
          fmt::format("{}: quantity {} kWh rounds to 0 mWh (expected at least 0.000001 kWh)",
                      reader.where(), kwh));
    }
    if (book.has_arrival) {
      o.arrival = number(reader, fields[at[kArrival]], "arrival", -HUGE_VAL, HUGE_VAL, false,
                         "a number (orders arrive in ascending arrival)");
    }
    if (book.orders.size() == kMaxBookOrders) {
      throw ConfigError(fmt::format("{}: more than {} orders", reader.where(), kMaxBookOrders));
    }
    book.orders.push_back(std::move(o));
  }
  if (book.orders.empty()) {
    throw ConfigError(fmt::format("{}: no orders (expected one line per order after the header)",
                                  reader.where()));
  }
  return book;
}

}  // namespace evomarket
