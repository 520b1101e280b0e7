#include "host/cli/solve_coalition_command.h"

#include <cmath>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "host/cli/solve_command.h"
#include "host/errors.h"
#include "host/profiles/meter_net.h"
#include "host/setup/market_setup.h"
#include "host/theory/coalition_game.h"
#include "host/theory/core.h"
#include "host/theory/energy_coalition.h"
#include "host/theory/shapley.h"
#include "io/hdf5_error.h"
#include "io/profile_store.h"
#include "kernels/profile.h"

namespace evomarket {
namespace {

using theory::Rational;

// Violated coalitions listed by `solve core` (all are counted).
constexpr std::size_t kListedViolations = 100;
constexpr uint64_t kMaxSamples = 1000000000;
constexpr double kMaxBatteryKwh = 1e6;
constexpr double kDefaultPowerKw = 5.0;  // market.battery's defaults
constexpr double kDefaultEfficiency = 0.9;

// The game as loaded: its table (game files; store games in exact mode), or the energy game.
struct Game {
  std::string description;
  std::vector<std::string> players;
  std::optional<theory::CoalitionTable> table;
  std::optional<theory::EnergyCoalition> energy;
};

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (true) {
    const std::size_t comma = text.find(',', from);
    std::string part = text.substr(from, comma == std::string::npos ? comma : comma - from);
    const auto b = part.find_first_not_of(" \t");
    const auto e = part.find_last_not_of(" \t");
    out.push_back(b == std::string::npos ? "" : part.substr(b, e - b + 1));
    if (comma == std::string::npos) return out;
    from = comma + 1;
  }
}

BatteryParams read_battery(const std::string& text, uint32_t slot_seconds) {
  const std::vector<double> v = parse_number_list(text, "--battery");
  if (v.size() > 3) {
    throw ConfigError(fmt::format(
        "--battery: {} numbers; expected CAPACITY_KWH[,POWER_KW[,EFFICIENCY]]", v.size()));
  }
  const double capacity = v[0];
  const double power = v.size() > 1 ? v[1] : kDefaultPowerKw;
  const double efficiency = v.size() > 2 ? v[2] : kDefaultEfficiency;
  if (!(capacity > 0 && capacity <= kMaxBatteryKwh) || !(power > 0 && power <= kMaxBatteryKwh)) {
    throw ConfigError(
        fmt::format("--battery: capacity {} kWh and power {} kW; expected each in (0, {}]",
                    capacity, power, kMaxBatteryKwh));
  }
  if (!(efficiency >= 1e-6 && efficiency <= 1)) {
    throw ConfigError(
        fmt::format("--battery: efficiency {}; expected a round trip in [1e-6, 1]", efficiency));
  }
  const double mwh = static_cast<double>(kMilliwattHoursPerKilowattHour);
  BatteryParams b{};
  b.capacity_mwh = std::llround(capacity * mwh);
  b.max_slot_mwh = std::llround(power * slot_seconds / 3600.0 * mwh);
  b.efficiency_ppm = static_cast<uint32_t>(std::llround(efficiency * kEfficiencyOne));
  return b;
}

// The chosen meters' indices in the store (every meter when --meters is not given).
std::vector<uint64_t> select_meters(const io::ProfileStore& store, const CoalitionArgs& a) {
  std::vector<uint64_t> chosen;
  if (a.meters.empty()) {
    for (uint64_t m = 0; m < store.meters(); ++m) chosen.push_back(m);
    return chosen;
  }
  std::unordered_map<std::string, uint64_t> index;
  for (uint64_t m = 0; m < store.meters(); ++m) index.emplace(store.meter_info()[m].id, m);
  std::unordered_map<std::string, std::size_t> seen;
  const std::vector<std::string> ids = split_list(a.meters);
  for (std::size_t k = 0; k < ids.size(); ++k) {
    const auto it = index.find(ids[k]);
    if (it == index.end()) {
      throw ConfigError(fmt::format(
          "--meters: entry {} \"{}\" is not a meter of the profile store {} (its {} meters "
          "include {}); expected meter ids separated by ','",
          k + 1, ids[k], a.store, store.meters(), store.meter_info().front().id));
    }
    if (!seen.emplace(ids[k], k).second) {
      throw ConfigError(fmt::format("--meters: meter {} is given twice (entries {} and {})", ids[k],
                                    seen[ids[k]] + 1, k + 1));
    }
    chosen.push_back(it->second);
  }
  return chosen;
}

std::string price_text(const std::string& text) {
  return text.find(',') == std::string::npos ? text : "per slot of the day";
}

Game load_energy_game(const CoalitionArgs& a) {
  io::ProfileStore store = [&] {
    try {
      return io::ProfileStore::open(a.store);
    } catch (const io::H5Error& e) {
      throw ConfigError(fmt::format("--store: profile store {}: {}", a.store, e.what()));
    }
  }();
  if (store.meters() == 0 || store.days() == 0) {
    throw ConfigError(fmt::format("--store: profile store {} holds no data", a.store));
  }
  if (a.first_day >= store.days()) {
    throw ConfigError(fmt::format("--first-day: {}; the profile store {} has days 0 to {}",
                                  a.first_day, a.store, store.days() - 1));
  }
  const uint64_t days = a.days == 0 ? store.days() - a.first_day : a.days;
  if (days > store.days() - a.first_day) {
    throw ConfigError(
        fmt::format("--days: {} days from day {}; the profile store {} has days 0 to {}", days,
                    a.first_day, a.store, store.days() - 1));
  }
  theory::EnergyCoalition g;
  const std::vector<uint64_t> meters = select_meters(store, a);
  for (uint64_t m : meters) g.members.push_back(store.meter_info()[m].id);
  g.slots = days * store.slots_per_day();
  g.retail = parse_day_prices(a.retail, "--retail", store.slots_per_day());
  g.feed_in = parse_day_prices(a.feed_in, "--feed-in", store.slots_per_day());
  for (uint32_t t = 0; t < store.slots_per_day(); ++t) {
    if (g.retail[t] < g.feed_in[t]) {
      throw ConfigError(fmt::format(
          "--retail: expected a retail price at least the feed-in tariff in every slot; slot {} "
          "has retail {} below feed-in {}",
          t, double(g.retail[t]) / kPricePerCurrency, double(g.feed_in[t]) / kPricePerCurrency));
    }
  }
  if (!a.battery.empty()) g.battery = read_battery(a.battery, store.meta().slot_seconds);
  g.net = read_meter_net(store, a.store, meters, a.first_day, days);
  try {
    theory::check_energy_coalition(g);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(fmt::format("--store: {}", e.what()));
  }
  Game game;
  game.description = fmt::format(
      "the energy coalition game of {} meter{} (profile store {}, days {} to {}, {} slots; "
      "retail {}, feed-in {} per kWh; {}): the bill saving from pooling, in currency",
      g.size(), g.size() == 1 ? "" : "s", a.store, a.first_day, a.first_day + days - 1, g.slots,
      price_text(a.retail), price_text(a.feed_in),
      a.battery.empty() ? "no batteries" : "a battery each (" + a.battery + "), pooled");
  game.players = g.members;
  game.energy = std::move(g);
  return game;
}

// Loads the game named by --game or --store. Exact mode (`sampled` false) enumerates every
// coalition, so it allows kMaxExactPlayers players and says what to do about more (`beyond`).
Game load_game(const CoalitionArgs& a, bool sampled, const std::string& beyond) {
  if (a.game.empty() == a.store.empty()) {
    throw ConfigError(
        "solve: expected either --game GAME.csv (a characteristic function) or --store S.h5 "
        "(the energy coalition game of its meters)");
  }
  const uint32_t max_players = sampled ? theory::kMaxTablePlayers : theory::kMaxExactPlayers;
  if (!a.game.empty()) {
    if (a.energy_option_given) {
      throw ConfigError(
          "--meters, --first-day, --days, --retail, --feed-in and --battery describe the energy "
          "coalition game of a profile store: give them with --store, not --game");
    }
    Game game;
    game.table = theory::read_coalition_game(a.game, max_players, sampled ? "" : beyond);
    game.players = game.table->players;
    game.description = fmt::format("the {}-player game in {}", game.players.size(), a.game);
    return game;
  }
  Game game = load_energy_game(a);
  if (sampled) return game;
  if (game.players.size() > max_players) {
    throw ConfigError(fmt::format("--meters: {} meters, more than the {} this command allows: {}",
                                  game.players.size(), max_players, beyond));
  }
  game.table = theory::energy_coalition_table(*game.energy);
  return game;
}

std::string number_text(const Rational& q) {
  return q.get_den() == 1 ? theory::exact_text(q)
                          : fmt::format("{} ({:.7g})", theory::exact_text(q), theory::to_double(q));
}

std::size_t name_width(const std::vector<std::string>& names, const char* title) {
  std::size_t w = std::string(title).size();
  for (const std::string& n : names) w = std::max(w, n.size());
  return w;
}

int print_exact_shapley(const Game& g, bool json, std::FILE* out) {
  const std::vector<Rational> phi = theory::shapley_exact(*g.table);
  const Rational grand = g.table->value(g.table->grand());
  if (json) {
    const nlohmann::ordered_json j = {{"players", g.players},
                                      {"shapley", theory::to_doubles(phi)},
                                      {"shapley_exact", theory::exact_texts(phi)},
                                      {"grand_coalition", theory::to_double(grand)},
                                      {"grand_coalition_exact", theory::exact_text(grand)},
                                      {"method", "exact"}};
    fmt::print(out, "{}\n", j.dump(2));
    return 0;
  }
  fmt::print(out, "Shapley value of {}\n", g.description);
  fmt::print(out, "exact: the subset formula over all {} coalitions, in rational arithmetic\n",
             g.table->grand());
  const std::size_t w = name_width(g.players, "player");
  fmt::print(out, "{:>{}} {:>16}   {}\n", "player", w, "shapley", "exact");
  for (std::size_t i = 0; i < phi.size(); ++i) {
    fmt::print(out, "{:>{}} {:>16.6f}   {}\n", g.players[i], w, theory::to_double(phi[i]),
               theory::exact_text(phi[i]));
  }
  fmt::print(out, "grand coalition v(N) = {}, the sum of the Shapley values\n", number_text(grand));
  return 0;
}

int print_sampled_shapley(const Game& g, const CoalitionArgs& a, std::FILE* out) {
  std::optional<theory::TablePermutationGame> table;
  std::optional<theory::EnergyPermutationGame> energy;
  const theory::PermutationGame* game = nullptr;
  double grand = 0;
  if (g.table) {
    game = &table.emplace(*g.table);
    grand = g.table->approx[g.table->grand()];
  } else {
    game = &energy.emplace(*g.energy);
  }
  const theory::SampledShapley s = theory::shapley_sampled(*game, a.samples, a.seed);
  if (!g.table) {
    for (double v : s.estimate) grand += v;  // every order's contributions sum to v(N)
  }
  if (a.json) {
    nlohmann::ordered_json ci = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < s.estimate.size(); ++i) {
      ci.push_back({s.estimate[i] - s.half_width[i], s.estimate[i] + s.half_width[i]});
    }
    const nlohmann::ordered_json j = {{"players", g.players}, {"shapley", s.estimate},
                                      {"ci95", ci},           {"grand_coalition", grand},
                                      {"method", "sampled"},  {"samples", s.samples},
                                      {"seed", a.seed}};
    fmt::print(out, "{}\n", j.dump(2));
    return 0;
  }
  fmt::print(out, "Shapley value of {}\n", g.description);
  fmt::print(out,
             "estimated from {} random player orders (seed {}), with 95% intervals (normal, "
             "from each player's sample variance)\n",
             s.samples, a.seed);
  const std::size_t w = name_width(g.players, "player");
  fmt::print(out, "{:>{}} {:>16}   {}\n", "player", w, "estimate", "95% interval");
  for (std::size_t i = 0; i < s.estimate.size(); ++i) {
    fmt::print(out, "{:>{}} {:>16.6f}   [{:.6f}, {:.6f}]\n", g.players[i], w, s.estimate[i],
               s.estimate[i] - s.half_width[i], s.estimate[i] + s.half_width[i]);
  }
  fmt::print(out, "grand coalition v(N) = {:.6f}, the sum of the estimates\n", grand);
  return 0;
}

int run_shapley(const CoalitionArgs& a, std::FILE* out) {
  const bool sampled = a.samples > 0;
  const Game g = load_game(
      a, sampled,
      fmt::format("exact Shapley values enumerate all 2^n - 1 coalitions; give --samples N to "
                  "estimate them from N random player orders"));
  return sampled ? print_sampled_shapley(g, a, out) : print_exact_shapley(g, a.json, out);
}

std::vector<Rational> read_allocation(const CoalitionArgs& a, const Game& g) {
  const std::vector<Rational> x = parse_rational_list_option(a.allocation, "--allocation");
  if (x.size() != g.players.size()) {
    throw ConfigError(fmt::format("--allocation: {} shares; expected one per player, {} ({})",
                                  x.size(), g.players.size(), fmt::join(g.players, ", ")));
  }
  return x;
}

void print_core_json(const Game& g, const std::vector<Rational>& x, bool given,
                     const theory::CoreCheck& c, const theory::LeastCore& lc, std::FILE* out) {
  nlohmann::ordered_json violations = nlohmann::ordered_json::array();
  for (const auto& [coalition, excess] : c.violations) {
    violations.push_back({{"coalition", theory::coalition_name(g.players, coalition)},
                          {"excess", theory::to_double(excess)},
                          {"excess_exact", theory::exact_text(excess)}});
  }
  const nlohmann::ordered_json j = {
      {"players", g.players},
      {"allocation", theory::to_doubles(x)},
      {"allocation_exact", theory::exact_texts(x)},
      {"allocation_source", given ? "given" : "shapley"},
      {"in_core", c.in_core},
      {"max_excess", theory::to_double(c.max_excess)},
      {"max_excess_exact", theory::exact_text(c.max_excess)},
      {"max_excess_coalition", theory::coalition_name(g.players, c.max_excess_coalition)},
      {"least_core_epsilon", lc.epsilon},
      {"least_core_allocation", lc.allocation},
      {"violations", violations},
      {"violation_count", c.violation_count}};
  fmt::print(out, "{}\n", j.dump(2));
}

void print_core_text(const Game& g, const std::vector<Rational>& x, bool given,
                     const theory::CoreCheck& c, const theory::LeastCore& lc, std::FILE* out) {
  fmt::print(out, "Core of {}\n", g.description);
  fmt::print(out, "allocation ({}):\n", given ? "--allocation" : "the Shapley value");
  const std::size_t w = name_width(g.players, "player");
  for (std::size_t i = 0; i < x.size(); ++i) {
    fmt::print(out, "{:>{}} {:>16.6f}   {}\n", g.players[i], w, theory::to_double(x[i]),
               theory::exact_text(x[i]));
  }
  const std::string largest =
      fmt::format("largest excess v(S) - x(S) = {} for {}", number_text(c.max_excess),
                  theory::coalition_name(g.players, c.max_excess_coalition));
  if (c.in_core) {
    fmt::print(out, "in the core: no coalition gets less than its worth ({}; exact)\n", largest);
  } else {
    fmt::print(out, "not in the core: {} coalition{} get less than {} worth ({}; exact)\n",
               c.violation_count, c.violation_count == 1 ? "" : "s",
               c.violation_count == 1 ? "its" : "their", largest);
    const std::size_t cw = std::max<std::size_t>(9, [&] {
      std::size_t m = 0;
      for (const auto& v : c.violations) {
        m = std::max(m, theory::coalition_name(g.players, v.first).size());
      }
      return m;
    }());
    fmt::print(out, "  {:<{}}   excess\n", "coalition", cw);
    for (const auto& [coalition, excess] : c.violations) {
      fmt::print(out, "  {:<{}}   {}\n", theory::coalition_name(g.players, coalition), cw,
                 number_text(excess));
    }
    if (c.violation_count > c.violations.size()) {
      fmt::print(out, "  ... and {} more\n", c.violation_count - c.violations.size());
    }
  }
  fmt::print(out, "least core: epsilon = {:.9g} ({}), by GLPK ({} program{}, {} coalition rows)\n",
             lc.epsilon,
             lc.epsilon > 0    ? "> 0: the core is empty"
             : lc.epsilon == 0 ? "0: the core is not empty, but no allocation gives every "
                                 "coalition more than its worth"
                               : "< 0: the core is not empty",
             lc.rounds, lc.rounds == 1 ? "" : "s", lc.constraints);
  fmt::print(out, "  one least-core allocation: {:.6f}\n", fmt::join(lc.allocation, ", "));
}

int run_core(const CoalitionArgs& a, std::FILE* out) {
  const Game g = load_game(a, false, "the core is checked against all 2^n - 1 coalitions");
  if (g.players.size() < 2) {
    throw ConfigError(fmt::format(
        "solve core: {} has 1 player; the core needs at least 2 (with one, v(N) is all there is)",
        a.game.empty() ? "the game" : a.game));
  }
  const bool given = !a.allocation.empty();
  const std::vector<Rational> x = given ? read_allocation(a, g) : theory::shapley_exact(*g.table);
  theory::CoreCheck c;
  try {
    c = theory::check_core(*g.table, x, kListedViolations);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(fmt::format("--allocation: {}", e.what()));
  }
  const theory::LeastCore lc = theory::least_core(*g.table);
  if (a.json) {
    print_core_json(g, x, given, c, lc, out);
  } else {
    print_core_text(g, x, given, c, lc, out);
  }
  return 0;
}

void add_game_options(CLI::App* cmd, CoalitionArgs& a) {
  cmd->add_option("--game", a.game,
                  "Game file: header coalition,value, one row per non-empty coalition, members "
                  "joined by '+' (A+C,4); the players are those of the single-member rows");
  cmd->add_option("--store", a.store,
                  "Instead: the energy coalition game of meters of this profile store (the worth "
                  "of a coalition is its bill saving from pooling PV, load and batteries)");
  cmd->add_option("--meters", a.meters, "--store: meter ids, m1,m2,... (default: every meter)");
  cmd->add_option("--first-day", a.first_day, "--store: first day used (default 0)");
  cmd->add_option("--days", a.days, "--store: days used (default: to the end of the store)")
      ->check(CLI::Range(uint64_t{1}, io::kMaxStoreDays));
  cmd->add_option("--retail", a.retail,
                  "--store: retail price per kWh, one or one per slot of the day (default 0.30)");
  cmd->add_option("--feed-in", a.feed_in,
                  "--store: feed-in tariff per kWh, one or one per slot of the day (default 0.08)");
  cmd->add_option("--battery", a.battery,
                  "--store: every home owns a battery of CAPACITY_KWH[,POWER_KW[,EFFICIENCY]] "
                  "(defaults 5 kW, 0.9); a coalition pools them");
  cmd->add_flag("--json", a.json, "Print JSON");
}

}  // namespace

void add_coalition_subcommands(CLI::App& solve, CoalitionArgs& args) {
  const auto note_energy_options = [&args](CLI::App* cmd) {
    for (const char* o :
         {"--meters", "--first-day", "--days", "--retail", "--feed-in", "--battery"}) {
      if (cmd->count(o) > 0) args.energy_option_given = true;
    }
  };
  CLI::App* shapley = solve.add_subcommand(
      "shapley",
      "Shapley value of a coalitional game: exactly (up to 20 players) or by sampling player "
      "orders (--samples)");
  add_game_options(shapley, args);
  shapley
      ->add_option("--samples", args.samples,
                   "Estimate from this many random player orders, with 95% intervals")
      ->check(CLI::Range(uint64_t{2}, kMaxSamples));
  shapley->add_option("--seed", args.seed, "Seed of the sampled orders (default 1)");
  shapley->callback([&args, shapley, note_energy_options] {
    args.shapley = true;
    note_energy_options(shapley);
  });

  CLI::App* core = solve.add_subcommand(
      "core",
      "Whether an allocation (default: the Shapley value) is in the core, and the least-core "
      "epsilon (up to 20 players)");
  add_game_options(core, args);
  core->add_option("--allocation", args.allocation,
                   "Shares x1,x2,... in player order, summing to v(N) exactly (integers, "
                   "decimals or fractions such as 1/3)");
  core->callback([&args, core, note_energy_options] {
    args.core = true;
    note_energy_options(core);
  });
}

int run_coalition(const CoalitionArgs& args, std::FILE* out) {
  return args.shapley ? run_shapley(args, out) : run_core(args, out);
}

}  // namespace evomarket
