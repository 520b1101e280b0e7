// `evomarket clear BOOK.csv [--mechanism M] [options] [--json]`: one order book cleared by the
// simulation's own slot settlement (host/run/book_clearing.h, docs/clearing.md).
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "host/cli/commands.h"
#include "host/config/market_config.h"
#include "host/run/book_clearing.h"
#include "host/run/book_report.h"

namespace evomarket {
namespace {

struct ClearArgs {
  std::string book;
  std::string mechanism = "uniform";
  double k = 0.5;
  std::string uniform_rule, pay_as_bid, continuous_price, reverse_payment;
  double retail = 0, fit = 0, reserve = 0, quantity = 0;
  uint64_t seed = 0;
  bool json = false;
};

// Names -> values from the config's own name functions, so the command accepts exactly what
// market.mechanism, market.price_rule, market.pay_as_bid, market.continuous_price and
// market.reverse_payment accept.
template <class Enum>
std::map<std::string, Enum> names(const char* (*name)(Enum), uint32_t count) {
  std::map<std::string, Enum> out;
  for (uint32_t v = 0; v < count; ++v) out[name(static_cast<Enum>(v))] = static_cast<Enum>(v);
  return out;
}

const auto kMechanisms = names(mechanism_name, kMarketMechanismCount);
const auto kUniformRules = names(uniform_rule_name, 2);
const auto kPayAsBidRules = names(pay_as_bid_name, 3);
const auto kContinuousPrices = names(continuous_price_name, 2);
const auto kReversePayments = names(reverse_payment_name, 2);

// The names as a CLI11 check (the help lists them, nothing else is accepted).
template <class Enum>
CLI::IsMember one_of(const std::map<std::string, Enum>& choices) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : choices) keys.push_back(key);
  return CLI::IsMember(keys);
}

template <class T>
std::optional<T> given(const CLI::App& cmd, const char* option, T value) {
  return cmd.count(option) ? std::optional<T>(value) : std::nullopt;
}

int clear_command(const CLI::App& cmd, const ClearArgs& a) {
  ClearOptions o;
  o.mechanism = kMechanisms.at(a.mechanism);
  o.k = given(cmd, "--k", a.k);
  if (cmd.count("--price-rule")) o.uniform_rule = kUniformRules.at(a.uniform_rule);
  if (cmd.count("--pay-as-bid")) o.pay_as_bid = kPayAsBidRules.at(a.pay_as_bid);
  if (cmd.count("--continuous-price")) {
    o.continuous_price = kContinuousPrices.at(a.continuous_price);
  }
  if (cmd.count("--reverse-payment")) o.reverse_payment = kReversePayments.at(a.reverse_payment);
  o.retail = given(cmd, "--retail", a.retail);
  o.fit = given(cmd, "--fit", a.fit);
  o.reserve = given(cmd, "--reserve", a.reserve);
  o.quantity = given(cmd, "--quantity", a.quantity);
  o.seed = given(cmd, "--seed", a.seed);
  const OrderBook book = read_order_book(a.book);
  const BookClearing c = clear_book(book, o);
  fmt::print("{}", a.json ? clearing_json(book, c) : clearing_table(book, c));
  return 0;
}

}  // namespace

Subcommand add_clear_command(CLI::App& parent) {
  auto a = std::make_shared<ClearArgs>();
  CLI::App* cmd = parent.add_subcommand(
      "clear",
      "Clear one order book (CSV: id,side,price,quantity[,arrival]) with a market mechanism, "
      "through the simulation's own clearing code");
  cmd->add_option("book", a->book,
                  "Order book CSV: id, side (buy or sell), price (currency per kWh), quantity "
                  "(kWh), optional arrival (continuous: ascending, ties in file order)")
      ->required();
  cmd->add_option("--mechanism", a->mechanism, "Market mechanism, as market.mechanism")
      ->check(one_of(kMechanisms))
      ->capture_default_str();
  cmd->add_option("--k", a->k, "uniform, muda: k in [0, 1] of the k-double auction (default 0.5)");
  cmd->add_option("--price-rule", a->uniform_rule,
                  "uniform: price rule, as market.price_rule (default last_matched_pair)")
      ->check(one_of(kUniformRules));
  cmd->add_option("--pay-as-bid", a->pay_as_bid,
                  "pay_as_bid: pricing, as market.pay_as_bid (default own_price)")
      ->check(one_of(kPayAsBidRules));
  cmd->add_option("--continuous-price", a->continuous_price,
                  "continuous: price of each trade, as market.continuous_price (default "
                  "resting_order)")
      ->check(one_of(kContinuousPrices));
  cmd->add_option("--reverse-payment", a->reverse_payment,
                  "reverse_auction: how the sellers are paid, as market.reverse_payment (default "
                  "uniform)")
      ->check(one_of(kReversePayments));
  cmd->add_option("--retail", a->retail,
                  "sdr, mid_market, reverse_auction: retail price per kWh (default: the highest "
                  "price of any order in the book)");
  cmd->add_option("--fit", a->fit,
                  "sdr, mid_market: feed-in tariff per kWh (default: the lowest price of any "
                  "order in the book)");
  cmd->add_option("--reserve", a->reserve,
                  "reverse_auction: reserve price per kWh (default: the retail price)");
  cmd->add_option("--quantity", a->quantity,
                  "reverse_auction: kWh the manager buys for itself (book of sell orders only; "
                  "default: the buy orders' total, shared among them pro rata)");
  cmd->add_option("--seed", a->seed,
                  "muda: draw the random halves as a run with this experiment.seed would "
                  "(default 0)");
  cmd->add_flag("--json", a->json, "Print one JSON object instead of a table");
  return {cmd, [cmd, a] { return clear_command(*cmd, *a); }};
}

}  // namespace evomarket
