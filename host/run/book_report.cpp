#include "host/run/book_report.h"

#include <fmt/format.h>

#include "host/config/market_config.h"
#include "host/setup/market_setup.h"
#include "kernels/profile.h"

namespace evomarket {
namespace {

constexpr int64_t kPicoPerUnit = 1000000000000;  // money: pico-currency per currency

std::string kwh(int64_t mwh) {
  return exact_decimal(mwh, kMilliwattHoursPerKilowattHour);
}
std::string price(int64_t micro) {
  return exact_decimal(micro, kPricePerCurrency);
}
std::string money(int64_t pico) {
  return exact_decimal(pico, kPicoPerUnit);
}

// A JSON string literal (ids come from the user's file).
std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// The prices the mechanism read besides the book: retail and FiT (sdr, mid_market) or the
// reserve (reverse_auction), each as `pattern` with name and value; "" for the others.
std::string tariff(const BookClearing& c, const char* pattern) {
  if (settles_grid(c.mechanism)) {
    return fmt::format(fmt::runtime(pattern), "retail", price(c.retail)) +
           fmt::format(fmt::runtime(pattern), "fit", price(c.fit));
  }
  if (c.mechanism == MarketMechanism::kReverseAuction) {
    return fmt::format(fmt::runtime(pattern), "reserve", price(c.retail));
  }
  return "";
}

}  // namespace

std::string exact_decimal(int64_t value, int64_t per_unit) {
  const bool negative = value < 0;
  // Magnitudes in uint64 so that INT64_MIN has one too.
  const uint64_t v = negative ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  const auto unit = static_cast<uint64_t>(per_unit);
  std::string out = fmt::format("{}{}", negative ? "-" : "", v / unit);
  uint64_t rest = v % unit;
  if (rest == 0) return out;
  int digits = 0;
  for (uint64_t u = unit; u > 1; u /= 10) ++digits;
  std::string frac = fmt::format("{:0{}}", rest, digits);
  frac.erase(frac.find_last_not_of('0') + 1);
  return out + "." + frac;
}

std::string clearing_json(const OrderBook& book, const BookClearing& c) {
  std::string out = fmt::format(
      "{{\"mechanism\": \"{}\", \"price\": {}, \"traded_kwh\": {}, \"operator_surplus\": {}, "
      "\"grid_import_kwh\": {}, \"grid_export_kwh\": {}, {}\"orders\": [",
      mechanism_name(c.mechanism), c.price ? price(*c.price) : "null", kwh(c.traded),
      money(c.operator_surplus), kwh(c.grid_import), kwh(c.grid_export), tariff(c, "\"{}\": {}, "));
  for (size_t i = 0; i < book.orders.size(); ++i) {
    const BookOrder& o = book.orders[i];
    out += fmt::format(
        "{}\n  {{\"id\": {}, \"side\": \"{}\", \"price\": {}, \"quantity\": {}, "
        "\"filled_kwh\": {}, \"payment\": {}}}",
        i ? "," : "", json_string(o.id), o.seller ? "sell" : "buy", price(o.price), kwh(o.quantity),
        kwh(c.filled[i]), money(c.payment[i]));
  }
  return out + "\n]}\n";
}

std::string clearing_table(const OrderBook& book, const BookClearing& c) {
  std::string out = fmt::format(
      "mechanism         {}\nprice             {}\ntraded            {} kWh\n"
      "operator surplus  {}\ngrid import       {} kWh\ngrid export       {} kWh\n\n",
      mechanism_name(c.mechanism), c.price ? price(*c.price) + " per kWh" : "- (no single price)",
      kwh(c.traded), money(c.operator_surplus), kwh(c.grid_import), kwh(c.grid_export));
  out.insert(out.size() - 1, tariff(c, "{:<17} {} per kWh\n"));
  out += fmt::format("{:<12} {:<4} {:>10} {:>12} {:>12} {:>16}\n", "id", "side", "price",
                     "quantity", "filled_kwh", "payment");
  for (size_t i = 0; i < book.orders.size(); ++i) {
    const BookOrder& o = book.orders[i];
    out +=
        fmt::format("{:<12} {:<4} {:>10} {:>12} {:>12} {:>16}\n", o.id, o.seller ? "sell" : "buy",
                    price(o.price), kwh(o.quantity), kwh(c.filled[i]), money(c.payment[i]));
  }
  return out;
}

}  // namespace evomarket
