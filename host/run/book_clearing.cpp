#include "host/run/book_clearing.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "host/config/market_config.h"
#include "host/errors.h"
#include "host/setup/market_setup.h"
#include "kernels/profile.h"

namespace evomarket {
namespace {

using M = MarketMechanism;

// Refuses an option the mechanism does not read.
void check_applies(bool given, const char* option, bool applies, M mechanism, const char* readers) {
  if (given && !applies) {
    throw ConfigError(fmt::format("{} does not apply to --mechanism {} (only {} read it)", option,
                                  mechanism_name(mechanism), readers));
  }
}

void check_options(const ClearOptions& o) {
  const M m = o.mechanism;
  const bool book_free = m == M::kSupplyDemandRatio || m == M::kMidMarket;
  check_applies(o.k.has_value(), "--k", m == M::kUniform || m == M::kMuda, m, "uniform and muda");
  check_applies(o.uniform_rule.has_value(), "--price-rule", m == M::kUniform, m, "uniform");
  check_applies(o.pay_as_bid.has_value(), "--pay-as-bid", m == M::kPayAsBid, m, "pay_as_bid");
  check_applies(o.continuous_price.has_value(), "--continuous-price", m == M::kContinuous, m,
                "continuous");
  check_applies(o.reverse_payment.has_value(), "--reverse-payment", m == M::kReverseAuction, m,
                "reverse_auction");
  check_applies(o.retail.has_value(), "--retail", book_free || m == M::kReverseAuction, m,
                "sdr, mid_market and reverse_auction (as the reserve)");
  check_applies(o.fit.has_value(), "--fit", book_free, m, "sdr and mid_market");
  check_applies(o.reserve.has_value(), "--reserve", m == M::kReverseAuction, m, "reverse_auction");
  check_applies(o.seed.has_value(), "--seed", m == M::kMuda, m, "muda");
  check_applies(o.quantity.has_value(), "--quantity", m == M::kReverseAuction, m,
                "reverse_auction");
  if (o.k && !(*o.k >= 0 && *o.k <= 1)) {
    throw ConfigError(fmt::format("--k {} is out of range (expected k in [0, 1])", *o.k));
  }
}

// A price option in engine units (the book's rounding and bounds).
int64_t price_option(double value, const char* option) {
  if (!(value >= 0 && value <= kMaxBookPrice)) {
    throw ConfigError(
        fmt::format("{} {} is out of range (expected a price in [0, {}] currency "
                    "per kWh)",
                    option, value, kMaxBookPrice));
  }
  return std::llround(value * kPricePerCurrency);
}

// Money is price x mWh in int64; the kernels' bound is price x (community total) below 2^62.
void check_money_range(const OrderBook& book, int64_t highest_price, int64_t total) {
  if (static_cast<double>(highest_price) * static_cast<double>(total) >= 0x1p62) {
    throw ConfigError(fmt::format(
        "{}: the book's money would leave the engine's int64 range (highest price {} x total "
        "quantity {} kWh; expected a product below 4.6e6 currency)",
        book.path, static_cast<double>(highest_price) / kPricePerCurrency,
        static_cast<double>(total) / kMilliwattHoursPerKilowattHour));
  }
}

// The book's keys (book_key, the row as member index) in the order the simulation sorts them.
std::vector<uint64_t> sorted_keys(const OrderBook& book) {
  std::vector<uint64_t> keys(book.orders.size());
  for (uint32_t i = 0; i < keys.size(); ++i) {
    keys[i] = book_key(book.orders[i].seller, book.orders[i].price, i);
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

// The continuous auction's arrival order over the rebuilt book (asks, then bids, in key order):
// ascending arrival column, equal arrivals (or no column) in file order.
std::vector<uint32_t> arrival_positions(const OrderBook& book, const std::vector<uint64_t>& keys) {
  const auto n = static_cast<uint32_t>(keys.size());
  std::vector<uint32_t> position(n), rows(n), arrival(n);
  for (uint32_t p = 0; p < n; ++p) position[key_local(keys[p])] = p;
  for (uint32_t i = 0; i < n; ++i) rows[i] = i;
  std::stable_sort(rows.begin(), rows.end(), [&](uint32_t a, uint32_t b) {
    return book.orders[a].arrival < book.orders[b].arrival;
  });
  for (uint32_t t = 0; t < n; ++t) arrival[t] = position[rows[t]];
  return arrival;
}

// --quantity: the manager buys for itself from the asks (reverse_auction, as settle_slot calls
// it); it pays the cost, so its surplus is minus the cost.
void procure(const OrderBook& book, int64_t wanted, int64_t supply, ReversePayment payment,
             BookClearing& c) {
  for (const BookOrder& o : book.orders) {
    if (!o.seller) {
      throw ConfigError(fmt::format(
          "{}:{}: a buy order, but --quantity buys for the manager (expected sell orders only; "
          "without --quantity the manager buys the buyers' total and shares it among them)",
          book.path, o.line));
    }
  }
  const std::vector<uint64_t> keys = sorted_keys(book);
  std::vector<Order> asks(keys.size());
  for (size_t p = 0; p < keys.size(); ++p) {
    const BookOrder& o = book.orders[key_local(keys[p])];
    asks[p] = Order{o.price, o.quantity, key_local(keys[p])};
  }
  std::vector<int64_t> fill(asks.size()), money(asks.size());
  const ReverseAuctionResult r =
      reverse_auction(asks.data(), static_cast<uint32_t>(asks.size()), wanted, c.retail,
                      fill.data(), money.data(), payment);
  for (size_t p = 0; p < asks.size(); ++p) {
    c.filled[asks[p].id] = fill[p];
    c.payment[asks[p].id] = money[p];
  }
  c.traded = r.quantity;
  if (r.price >= 0) c.price = r.price;
  c.operator_surplus = -r.cost;
  c.grid_export = supply - r.quantity;
}

}  // namespace

bool settles_grid(MarketMechanism m) {
  return m == M::kSupplyDemandRatio || m == M::kMidMarket;
}

BookClearing clear_book(const OrderBook& book, const ClearOptions& o) {
  check_options(o);
  const auto n = static_cast<uint32_t>(book.orders.size());
  std::vector<int64_t> net(n);
  int64_t lowest = INT64_MAX, highest = 0, supply = 0, demand = 0;
  for (uint32_t i = 0; i < n; ++i) {
    const BookOrder& b = book.orders[i];
    net[i] = b.seller ? b.quantity : -b.quantity;
    lowest = std::min(lowest, b.price);
    highest = std::max(highest, b.price);
    (b.seller ? supply : demand) += b.quantity;
  }
  BookClearing c;
  c.mechanism = o.mechanism;
  c.reverse_payment = o.reverse_payment.value_or(ReversePayment::kUniform);
  c.retail = o.retail ? price_option(*o.retail, "--retail") : highest;
  c.fit = o.fit ? price_option(*o.fit, "--fit") : lowest;
  if (c.fit > c.retail) {
    throw ConfigError(fmt::format(
        "the feed-in tariff {} is above the retail price {} (expected fit <= retail; --fit "
        "defaults to the book's lowest price, --retail to its highest)",
        static_cast<double>(c.fit) / kPricePerCurrency,
        static_cast<double>(c.retail) / kPricePerCurrency));
  }
  if (o.reserve) c.retail = price_option(*o.reserve, "--reserve");
  check_money_range(book, std::max(highest, c.retail), supply + demand);
  c.filled.assign(n, 0);
  c.payment.assign(n, 0);
  if (o.quantity) {
    if (!(*o.quantity > 0 && *o.quantity <= kMaxBookQuantityKwh * n)) {
      throw ConfigError(
          fmt::format("--quantity {} is out of range (expected more than 0 and at most {} kWh)",
                      *o.quantity, kMaxBookQuantityKwh * n));
    }
    procure(book, std::llround(*o.quantity * kMilliwattHoursPerKilowattHour), supply,
            c.reverse_payment, c);
    return c;
  }

  // A one-slot community of n members, one per row, cleared as the simulation clears a slot.
  MarketSetup setup;
  setup.retail = {c.retail};
  setup.feed_in = {c.fit};
  setup.slots_per_day = 1;
  setup.mechanism = o.mechanism;
  setup.uniform_rule = o.uniform_rule.value_or(UniformPrice::kLastMatchedPair);
  setup.pay_as_bid = o.pay_as_bid.value_or(PayAsBid::kOwnPrice);
  setup.continuous_price = o.continuous_price.value_or(ContinuousPrice::kRestingOrder);
  setup.reverse_payment = c.reverse_payment;
  setup.k_num = std::llround(o.k.value_or(0.5) * static_cast<double>(setup.k_den));
  setup.seed = o.seed.value_or(0);  // MUDA's halves, as a run with this seed draws them
  setup.agents = n;
  setup.community_size = n;
  const std::vector<uint64_t> keys = sorted_keys(book);
  const std::vector<uint32_t> given =
      o.mechanism == M::kContinuous ? arrival_positions(book, keys) : std::vector<uint32_t>{};
  std::vector<Order> orders(n);
  std::vector<int64_t> fill(n), money(n), extra(n), savings(n);
  std::vector<uint32_t> arrival(n);
  const SlotSummary r = settle_slot(
      setup.view(), 0, n, 0, 0, net.data(), keys.data(),
      SlotScratch{orders.data(), fill.data(), money.data(), extra.data(), arrival.data()},
      savings.data(), given.empty() ? nullptr : given.data());

  if (uses_order_book(o.mechanism)) {  // fills and money per order, in key order
    for (uint32_t p = 0; p < n; ++p) {
      c.filled[orders[p].id] = fill[p];
      c.payment[orders[p].id] = money[p];
    }
  } else if (settles_grid(o.mechanism)) {  // per member: signed energy and money
    for (uint32_t i = 0; i < n; ++i) {
      c.filled[i] = std::abs(fill[i]);
      c.payment[i] = net[i] > 0 ? money[i] : -money[i];
    }
  }
  // Trade reduction and McAfee: the operator keeps (buy - sell price) x volume, so a zero
  // surplus means one price for both sides. The VCG reverse auction has no price (-1).
  const bool reduction = o.mechanism == M::kMcAfee || o.mechanism == M::kTradeReduction;
  const bool one_price = o.mechanism == M::kUniform || o.mechanism == M::kMidMarket ||
                         o.mechanism == M::kReverseAuction ||
                         (reduction && r.operator_surplus == 0);
  if (one_price && r.price >= 0) c.price = r.price;
  c.traded = r.traded;
  c.operator_surplus = r.operator_surplus;
  c.grid_import = r.grid_import;
  c.grid_export = r.grid_export;
  return c;
}

}  // namespace evomarket
