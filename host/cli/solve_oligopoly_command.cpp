#include "host/cli/solve_oligopoly_command.h"

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "host/cli/solve_command.h"
#include "host/errors.h"
#include "host/theory/oligopoly.h"

namespace evomarket {
namespace {

using theory::Rational;

constexpr const char* kDemandHelp =
    "Inverse demand P = A - B*Q as A,B (A > 0 the price at zero quantity, B > 0 the slope), "
    "e.g. 120,0.5";

theory::LinearDemand read_demand(const std::string& text) {
  const std::vector<Rational> v = parse_rational_list_option(text, "--demand");
  if (v.size() != 2) {
    throw ConfigError(fmt::format(
        "--demand: {} numbers; expected two, A,B, for the inverse demand P = A - B*Q", v.size()));
  }
  if (v[0] <= 0) {
    throw ConfigError(fmt::format(
        "--demand: intercept A = {} is not positive; expected A > 0 (the price at zero quantity)",
        theory::exact_text(v[0])));
  }
  if (v[1] <= 0) {
    throw ConfigError(fmt::format(
        "--demand: slope B = {} is not positive; expected B > 0 (the price falls as quantity "
        "grows)",
        theory::exact_text(v[1])));
  }
  return {v[0], v[1]};
}

std::vector<Rational> read_costs(const std::string& text, const std::string& option) {
  const std::vector<Rational> costs = parse_rational_list_option(text, option);
  for (std::size_t k = 0; k < costs.size(); ++k) {
    if (costs[k] < 0) {
      throw ConfigError(fmt::format("{}: entry {} is {}; expected marginal costs >= 0", option,
                                    k + 1, theory::exact_text(costs[k])));
    }
  }
  return costs;
}

void print_outcome(const theory::LinearDemand& d, const std::vector<Rational>& costs,
                   const theory::MarketOutcome& o, bool stackelberg, bool json, std::FILE* out) {
  if (json) {
    const nlohmann::ordered_json j = {{"quantities", theory::to_doubles(o.quantities)},
                                      {"price", theory::to_double(o.price)},
                                      {"profits", theory::to_doubles(o.profits)},
                                      {"quantities_exact", theory::exact_texts(o.quantities)},
                                      {"price_exact", theory::exact_text(o.price)},
                                      {"profits_exact", theory::exact_texts(o.profits)}};
    fmt::print(out, "{}\n", j.dump(2));
    return;
  }
  fmt::print(out, "{} equilibrium, inverse demand P = {} - {} Q, {}\n",
             stackelberg ? "Stackelberg" : "Cournot", theory::exact_text(d.intercept),
             theory::exact_text(d.slope),
             stackelberg ? fmt::format("one leader and {} follower{}", costs.size() - 1,
                                       costs.size() == 2 ? "" : "s")
                         : fmt::format("{} firm{}", costs.size(), costs.size() == 1 ? "" : "s"));
  fmt::print(out, "{:>11} {:>12} {:>14} {:>16}   {}\n", "firm", "cost", "quantity", "profit",
             "exact quantity, profit");
  Rational total = 0;
  for (std::size_t i = 0; i < costs.size(); ++i) {
    const std::string name = !stackelberg ? fmt::format("{}", i + 1)
                             : i == 0     ? std::string("leader")
                                          : fmt::format("follower {}", i);
    fmt::print(out, "{:>11} {:>12.6g} {:>14.6f} {:>16.6f}   {}, {}{}\n", name,
               theory::to_double(costs[i]), theory::to_double(o.quantities[i]),
               theory::to_double(o.profits[i]), theory::exact_text(o.quantities[i]),
               theory::exact_text(o.profits[i]),
               o.quantities[i] == 0 ? "  (priced out: cost >= price)" : "");
    total += o.quantities[i];
  }
  fmt::print(out, "price {:.6f} ({}), total quantity {:.6f} ({})\n", theory::to_double(o.price),
             theory::exact_text(o.price), theory::to_double(total), theory::exact_text(total));
}

}  // namespace

void add_oligopoly_subcommands(CLI::App& solve, OligopolyArgs& args) {
  CLI::App* cournot = solve.add_subcommand(
      "cournot",
      "Cournot equilibrium of N firms (quantities chosen at once); firms priced out drop "
      "out");
  cournot->add_option("--demand", args.demand, kDemandHelp)->required();
  cournot->add_option("--costs", args.costs, "Marginal costs c1,c2,... >= 0, one per firm")
      ->required();
  cournot->add_flag("--json", args.json, "Print JSON");
  cournot->callback([&args] { args.cournot = true; });

  CLI::App* stackelberg = solve.add_subcommand(
      "stackelberg",
      "Stackelberg equilibrium: one leader, then N followers in Cournot competition (backward "
      "induction)");
  stackelberg->add_option("--demand", args.demand, kDemandHelp)->required();
  stackelberg->add_option("--leader-cost", args.leader_cost, "The leader's marginal cost >= 0")
      ->required();
  stackelberg
      ->add_option("--follower-costs", args.follower_costs,
                   "Followers' marginal costs c2,c3,... >= 0, one per follower")
      ->required();
  stackelberg->add_flag("--json", args.json, "Print JSON");
  stackelberg->callback([&args] { args.stackelberg = true; });
}

int run_oligopoly(const OligopolyArgs& args, std::FILE* out) {
  const theory::LinearDemand d = read_demand(args.demand);
  if (args.cournot) {
    const std::vector<Rational> costs = read_costs(args.costs, "--costs");
    print_outcome(d, costs, theory::cournot_equilibrium(d, costs), false, args.json, out);
    return 0;
  }
  const std::vector<Rational> leader = read_costs(args.leader_cost, "--leader-cost");
  if (leader.size() != 1) {
    throw ConfigError(
        fmt::format("--leader-cost: {} numbers; expected the one leader's cost", leader.size()));
  }
  std::vector<Rational> costs = leader;
  const std::vector<Rational> followers = read_costs(args.follower_costs, "--follower-costs");
  costs.insert(costs.end(), followers.begin(), followers.end());
  print_outcome(d, costs, theory::stackelberg_equilibrium(d, leader.front(), followers), true,
                args.json, out);
  return 0;
}

}  // namespace evomarket
