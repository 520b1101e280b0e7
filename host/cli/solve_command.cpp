#include "host/cli/solve_command.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "host/cli/commands.h"
#include "host/errors.h"
#include "host/setup/market_setup.h"
#include "host/setup/strategy_catalog.h"
#include "host/theory/memory_one.h"
#include "host/theory/replicator.h"

namespace evomarket {
namespace {

// Upper limit of --points and --steps: low enough that a typo cannot ask for that many rows.
constexpr uint32_t kMaxPoints = 1000000;

constexpr const char* kMatrixHelp =
    "Payoff matrix, row strategy against column strategy: rows separated by ';', entries by "
    "',', e.g. \"3,0;5,1\"";

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  const auto end = s.find_last_not_of(" \t");
  return s.substr(begin, end - begin + 1);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = s.find(sep, start);
    parts.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) return parts;
    start = at + 1;
  }
}

// Parses `text` as one finite number (all of it); false otherwise.
bool parse_double(const std::string& text, double& value) {
  if (text.empty()) return false;
  errno = 0;
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && errno != ERANGE && std::isfinite(value);
}

// --x0 for the n strategies of the game, checked to lie on the simplex; the barycentre when
// not given.
std::vector<double> initial_shares(const SolveArgs& args, std::size_t n) {
  if (args.x0.empty()) return std::vector<double>(n, 1.0 / static_cast<double>(n));
  const std::vector<double> x0 = parse_number_list(args.x0, "--x0");
  if (x0.size() != n) {
    throw ConfigError(
        fmt::format("--x0: expected {} shares (one per strategy of the {}x{} matrix), got {}", n, n,
                    n, x0.size()));
  }
  double sum = 0;
  for (double v : x0) sum += v;
  if (*std::min_element(x0.begin(), x0.end()) < 0 || std::abs(sum - 1) > 1e-9) {
    throw ConfigError(fmt::format(
        "--x0: expected shares >= 0 that sum to 1 (within 1e-9), got a sum of {}", sum));
  }
  return x0;
}

void print_share_table(const std::vector<double>& times, const char* time_name,
                       const std::vector<std::vector<double>>& states, std::FILE* out) {
  fmt::print(out, "# {:>10}", time_name);
  for (std::size_t s = 0; s < states.front().size(); ++s) {
    fmt::print(out, " {:>14}", fmt::format("x[{}]", s));
  }
  fmt::print(out, "\n");
  for (std::size_t k = 0; k < times.size(); ++k) {
    fmt::print(out, "{:>12.6g}", times[k]);
    for (double v : states[k]) fmt::print(out, " {:>14.10f}", v);
    fmt::print(out, "\n");
  }
}

int run_replicator(const SolveArgs& args, std::FILE* out) {
  const theory::Matrix a = parse_matrix_option(args.matrix, "--matrix");
  const std::size_t n = a.size();
  const std::vector<double> x0 = initial_shares(args, n);
  theory::IntegratorOptions options;
  options.rtol = args.rtol;
  options.atol = args.atol;
  const theory::Trajectory tr = theory::integrate_replicator(
      a, x0, theory::evenly_spaced_times(args.t_end, args.points), options);
  if (args.json) {
    const nlohmann::ordered_json j = {{"t", tr.times},
                                      {"x", tr.states},
                                      {"accepted_steps", tr.accepted_steps},
                                      {"rejected_steps", tr.rejected_steps}};
    fmt::print(out, "{}\n", j.dump(2));
    return 0;
  }
  fmt::print(out, "# replicator dynamics dx_i/dt = x_i ((Ax)_i - x.Ax), {} strategies\n", n);
  fmt::print(out, "# Dormand-Prince 5(4), rtol {}, atol {}: {} steps accepted, {} rejected\n",
             args.rtol, args.atol, tr.accepted_steps, tr.rejected_steps);
  print_share_table(tr.times, "t", tr.states, out);
  return 0;
}

int run_replicator_map(const SolveArgs& args, std::FILE* out) {
  const theory::Matrix a = parse_matrix_option(args.matrix, "--matrix");
  const std::vector<double> x0 = initial_shares(args, a.size());
  const double lowest = theory::minimal_background(a);
  // Default background: the smallest whole number that keeps every fitness positive, so the
  // map is defined on the whole simplex (a strong-selection map; large c is weak selection).
  const double c = args.background_given ? args.background : std::floor(lowest) + 1;
  if (!(c > lowest)) {
    throw ConfigError(fmt::format(
        "--background {}: expected c > {} (minus the smallest payoff), so that every fitness "
        "c + (Ax)_i is positive",
        c, lowest));
  }
  const std::vector<std::vector<double>> orbit = theory::replicator_map_orbit(a, x0, c, args.steps);
  if (args.json) {
    const nlohmann::ordered_json j = {{"background", c}, {"x", orbit}};
    fmt::print(out, "{}\n", j.dump(2));
    return 0;
  }
  fmt::print(out, "# discrete replicator map x_i' = x_i (c + (Ax)_i) / (c + x.Ax), c = {}\n", c);
  std::vector<double> steps(orbit.size());
  for (std::size_t k = 0; k < steps.size(); ++k) steps[k] = static_cast<double>(k);
  print_share_table(steps, "step", orbit, out);
  return 0;
}

}  // namespace

std::vector<double> parse_number_list(const std::string& text, const std::string& option) {
  std::vector<double> values;
  const std::vector<std::string> parts = split(text, ',');
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const std::string entry = trim(parts[k]);
    double v = 0;
    if (!parse_double(entry, v)) {
      throw ConfigError(
          fmt::format("{}: entry {} \"{}\" is not a finite number; expected "
                      "numbers separated by ','",
                      option, k + 1, entry));
    }
    values.push_back(v);
  }
  return values;
}

std::vector<theory::Rational> parse_rational_list_option(const std::string& text,
                                                         const std::string& option) {
  std::vector<theory::Rational> values;
  const std::vector<std::string> parts = split(text, ',');
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const std::string entry = trim(parts[k]);
    const auto v = theory::parse_rational(entry);
    if (!v) {
      throw ConfigError(fmt::format(
          "{}: entry {} \"{}\" is not a number; expected integers, decimals or fractions such "
          "as 3/7, separated by ','",
          option, k + 1, entry));
    }
    values.push_back(*v);
  }
  return values;
}

theory::RationalMatrix parse_rational_matrix_option(const std::string& text,
                                                    const std::string& option) {
  theory::RationalMatrix m;
  const std::vector<std::string> rows = split(text, ';');
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::vector<theory::Rational> row;
    const std::vector<std::string> parts = split(rows[r], ',');
    for (std::size_t k = 0; k < parts.size(); ++k) {
      const std::string entry = trim(parts[k]);
      const auto v = theory::parse_rational(entry);
      if (!v) {
        throw ConfigError(fmt::format(
            "{}: row {}, entry {} \"{}\" is not a number; expected integers, decimals or "
            "fractions such as 3/7, rows separated by ';' and entries by ','",
            option, r + 1, k + 1, entry));
      }
      row.push_back(*v);
    }
    if (!m.empty() && row.size() != m.front().size()) {
      throw ConfigError(
          fmt::format("{}: row {} has {} entries but row 1 has {}; expected a "
                      "matrix with rows of equal length",
                      option, r + 1, row.size(), m.front().size()));
    }
    m.push_back(std::move(row));
  }
  return m;
}

theory::Matrix parse_matrix_option(const std::string& text, const std::string& option) {
  theory::Matrix m;
  const std::vector<std::string> rows = split(text, ';');
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::vector<double> row;
    const std::vector<std::string> parts = split(rows[r], ',');
    for (std::size_t k = 0; k < parts.size(); ++k) {
      const std::string entry = trim(parts[k]);
      double v = 0;
      if (!parse_double(entry, v)) {
        throw ConfigError(
            fmt::format("{}: row {}, entry {} \"{}\" is not a finite number; "
                        "expected rows separated by ';' and entries by ','",
                        option, r + 1, k + 1, entry));
      }
      row.push_back(v);
    }
    if (!m.empty() && row.size() != m.front().size()) {
      throw ConfigError(
          fmt::format("{}: row {} has {} entries but row 1 has {}; expected a "
                      "square matrix with rows of equal length",
                      option, r + 1, row.size(), m.front().size()));
    }
    m.push_back(std::move(row));
  }
  if (m.size() != m.front().size() || m.size() < 2) {
    throw ConfigError(
        fmt::format("{}: {} rows of {} entries; expected a square n x n matrix "
                    "with n >= 2 (one row and one column per strategy)",
                    option, m.size(), m.front().size()));
  }
  return m;
}

std::vector<int64_t> parse_day_prices(const std::string& text, const char* option, uint32_t slots) {
  constexpr double kMaxPrice = 100.0;  // currency per kWh, as market.retail and market.feed_in
  const std::vector<double> v = parse_number_list(text, option);
  if (v.size() != 1 && v.size() != slots) {
    throw ConfigError(fmt::format(
        "{}: {} prices; expected one, or one per slot of the day ({} in the profile store)", option,
        v.size(), slots));
  }
  std::vector<int64_t> out(slots);
  for (uint32_t s = 0; s < slots; ++s) {
    const double p = v[v.size() == 1 ? 0 : s];
    if (!(p >= 0 && p <= kMaxPrice)) {
      throw ConfigError(
          fmt::format("{}: price {} is outside [0, {}] currency per kWh", option, p, kMaxPrice));
    }
    out[s] = std::llround(p * kPricePerCurrency);
  }
  return out;
}

void add_solve_subcommands(CLI::App& solve, SolveArgs& args) {
  solve.require_subcommand(1);
  CLI::App* m1 = solve.add_subcommand(
      "memory-one", "Exact expected payoffs per turn of two memory-one strategies with noise");
  m1->add_option("first", args.first,
                 "Strategy, e.g. TitForTat, GTFT(0.3), \"MemoryOne(1, 0, 0, 1, C)\"")
      ->required();
  m1->add_option("second", args.second, "Strategy of the second seat")->required();
  m1->add_option("--noise", args.noise, "Probability that a move is flipped")
      ->check(CLI::Range(0.0, 1.0));
  m1->add_option("--turns", args.turns, "Also solve the game of exactly this many turns");
  m1->add_option("--prob-end", args.prob_end,
                 "Also solve the game ending after each turn "
                 "with this probability")
      ->check(CLI::Range(0.0, 1.0));
  m1->add_option("--payoffs", args.payoffs, "R S T P (default 3 0 5 1)")->expected(4);
  m1->add_flag("--json", args.json, "Print JSON: the payoff pair of each game solved");
  m1->callback([&args] { args.memory_one = true; });

  CLI::App* rep = solve.add_subcommand(
      "replicator", "Integrate the replicator equation and print the trajectory");
  rep->add_option("--matrix", args.matrix, kMatrixHelp)->required();
  rep->add_option("--x0", args.x0, "Initial shares, e.g. 0.5,0.3,0.2 (default: all equal)");
  rep->add_option("--t", args.t_end, "End time (default 10)")->check(CLI::NonNegativeNumber);
  rep->add_option("--points", args.points, "Output rows from t = 0 to --t inclusive (default 11)")
      ->check(CLI::Range(2u, kMaxPoints));
  rep->add_option("--rtol", args.rtol, "Relative tolerance per step (default 1e-8)")
      ->check(CLI::PositiveNumber);
  rep->add_option("--atol", args.atol, "Absolute tolerance per step (default 1e-12)")
      ->check(CLI::PositiveNumber);
  rep->add_flag("--json", args.json, "Print JSON: t, x (one row of shares per time), steps");
  rep->callback([&args] { args.replicator = true; });

  CLI::App* map = solve.add_subcommand(
      "replicator-map", "Iterate the discrete-time replicator map and print the orbit");
  map->add_option("--matrix", args.matrix, kMatrixHelp)->required();
  map->add_option("--x0", args.x0, "Initial shares, e.g. 0.5,0.3,0.2 (default: all equal)");
  map->add_option("--steps", args.steps, "Steps of the map (default 10)")
      ->check(CLI::Range(0u, kMaxPoints));
  map->add_option("--background", args.background,
                  "Background fitness c > -min(A) (default: the smallest such whole number)");
  map->add_flag("--json", args.json, "Print JSON: background, x (one row per step)");
  map->callback([&args, map] {
    args.replicator_map = true;
    args.background_given = map->count("--background") > 0;
  });

  add_population_theory_subcommands(solve, args.theory);
  add_nash_subcommand(solve, args.nash);
  add_oligopoly_subcommands(solve, args.oligopoly);
  add_coalition_subcommands(solve, args.coalition);
  add_leader_subcommand(solve, args.leader);
}

int run_solve(const SolveArgs& args, std::FILE* out) {
  try {
    if (args.replicator) return run_replicator(args, out);
    if (args.replicator_map) return run_replicator_map(args, out);
    if (args.theory.fixation || args.theory.stationary || args.theory.gradient) {
      return run_population_theory(args.theory, out);
    }
    if (args.nash.selected) return run_nash(args.nash, out);
    if (args.oligopoly.cournot || args.oligopoly.stackelberg) {
      return run_oligopoly(args.oligopoly, out);
    }
    if (args.coalition.shapley || args.coalition.core) return run_coalition(args.coalition, out);
    if (args.leader.selected) return run_leader(args.leader, out);
  } catch (const std::invalid_argument& e) {
    // Preconditions of the theory functions are checks of the user's numbers.
    throw ConfigError(fmt::format("solve: {}", e.what()));
  }
  if (!args.memory_one) return 0;
  const PayoffMatrix payoffs{{args.payoffs[0], args.payoffs[1], args.payoffs[2], args.payoffs[3]}};
  const bool same = args.first == args.second;
  const StrategySet set =
      compile_strategies(same ? std::vector<std::string>{args.first}
                              : std::vector<std::string>{args.first, args.second},
                         {}, payoffs);
  const auto a = as_memory_one(set, 0);
  const auto b = as_memory_one(set, same ? 0 : 1);
  if (!a || !b) {
    throw ConfigError(fmt::format("solve memory-one: {} is not a memory-one strategy",
                                  !a ? set.names[0] : set.names[same ? 0 : 1]));
  }
  const std::string& name_b = set.names[same ? 0 : 1];
  const PairPayoff inf = infinite_game_payoff(*a, *b, args.noise, payoffs);
  std::optional<PairPayoff> finite, geometric;
  if (args.turns > 0) finite = finite_game_payoff(*a, *b, args.noise, args.turns, payoffs);
  if (args.prob_end > 0) {
    geometric = discounted_game_payoff(*a, *b, args.noise, args.prob_end, payoffs);
  }
  if (args.json) {
    const auto pair = [](const PairPayoff& p) {
      return nlohmann::json::array({p.first, p.second});
    };
    nlohmann::ordered_json j = {{"strategies", {set.names[0], name_b}},
                                {"noise", args.noise},
                                {"payoffs", args.payoffs},
                                {"infinite", pair(inf)}};
    if (finite) j["turns"] = {{"turns", args.turns}, {"payoff", pair(*finite)}};
    if (geometric) j["prob_end"] = {{"prob_end", args.prob_end}, {"payoff", pair(*geometric)}};
    fmt::print(out, "{}\n", j.dump(2));
    return 0;
  }
  fmt::print(out, "{} vs {}, noise {}, R,S,T,P = {},{},{},{}: expected payoff per turn\n",
             set.names[0], name_b, args.noise, payoffs.value[0], payoffs.value[1], payoffs.value[2],
             payoffs.value[3]);
  fmt::print(out, "  infinitely repeated:     {:.10f}  {:.10f}\n", inf.first, inf.second);
  if (finite) {
    fmt::print(out, "  {:>6} turns:            {:.10f}  {:.10f}\n", args.turns, finite->first,
               finite->second);
  }
  if (geometric) {
    fmt::print(out, "  prob_end {:<8}:       {:.10f}  {:.10f}\n", args.prob_end, geometric->first,
               geometric->second);
  }
  return 0;
}

Subcommand add_solve_command(CLI::App& parent) {
  auto args = std::make_shared<SolveArgs>();
  CLI::App* cmd = parent.add_subcommand("solve", "Analytic results");
  add_solve_subcommands(*cmd, *args);
  return {cmd, [args] { return run_solve(*args, stdout); }};
}

}  // namespace evomarket
