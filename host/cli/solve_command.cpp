#include "host/cli/solve_command.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "host/cli/commands.h"
#include "host/errors.h"
#include "host/setup/market_setup.h"
#include "host/setup/strategy_catalog.h"
#include "host/theory/finite_population.h"
#include "host/theory/memory_one.h"
#include "host/theory/replicator.h"

namespace evomarket {
namespace {

// Upper limits of --population and --points: far beyond what the exact solvers are meant for,
// low enough that a typo cannot ask for a matrix of that size.
constexpr uint64_t kMaxPopulation = 100000000;
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

void add_process_options(CLI::App* sub, SolveArgs& args) {
  sub->add_option("--matrix", args.matrix, kMatrixHelp)->required();
  sub->add_option("--population", args.population, "Population size Z (default 100)")
      ->check(CLI::Range(uint64_t{2}, kMaxPopulation));
  sub->add_option("--process", args.process,
                  "fermi (pairwise comparison), moran-bd (birth-death) or moran-db (death-birth)")
      ->check(CLI::IsMember({"fermi", "moran-bd", "moran-db"}));
  sub->add_option("--beta", args.beta, "Fermi selection intensity (default 1)")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--w", args.w, "Moran selection strength, fitness 1 - w + w*payoff (default 1)")
      ->check(CLI::Range(0.0, 1.0));
}

// The process and its intensity; --beta only with fermi, --w only with the Moran processes.
theory::Process chosen_process(const SolveArgs& args, double& intensity) {
  const theory::Process p = theory::parse_process(args.process);
  if (p == theory::Process::kFermi) {
    if (args.w_given) throw ConfigError("--w applies to moran-bd and moran-db; fermi takes --beta");
    intensity = args.beta;
  } else {
    if (args.beta_given) {
      throw ConfigError(fmt::format("--beta applies to fermi; {} takes --w", args.process));
    }
    intensity = args.w;
  }
  return p;
}

std::string intensity_text(const SolveArgs& args, theory::Process p, double intensity) {
  return fmt::format("{} process, {} = {}", args.process,
                     p == theory::Process::kFermi ? "beta" : "w", intensity);
}

int run_replicator(const SolveArgs& args, std::FILE* out) {
  const theory::Matrix a = parse_matrix_option(args.matrix, "--matrix");
  const std::size_t n = a.size();
  std::vector<double> x0(n, 1.0 / static_cast<double>(n));
  if (!args.x0.empty()) {
    x0 = parse_number_list(args.x0, "--x0");
    if (x0.size() != n) {
      throw ConfigError(
          fmt::format("--x0: expected {} shares (one per strategy of the {}x{} "
                      "matrix), got {}",
                      n, n, n, x0.size()));
    }
    double sum = 0;
    for (double v : x0) sum += v;
    if (*std::min_element(x0.begin(), x0.end()) < 0 || std::abs(sum - 1) > 1e-9) {
      throw ConfigError(fmt::format(
          "--x0: expected shares >= 0 that sum to 1 (within 1e-9), got a sum of {}", sum));
    }
  }
  theory::IntegratorOptions options;
  options.rtol = args.rtol;
  options.atol = args.atol;
  const theory::Trajectory tr = theory::integrate_replicator(
      a, x0, theory::evenly_spaced_times(args.t_end, args.points), options);
  fmt::print(out, "# replicator dynamics dx_i/dt = x_i ((Ax)_i - x.Ax), {} strategies\n", n);
  fmt::print(out, "# Dormand-Prince 5(4), rtol {}, atol {}: {} steps accepted, {} rejected\n",
             args.rtol, args.atol, tr.accepted_steps, tr.rejected_steps);
  fmt::print(out, "# {:>10}", "t");
  for (std::size_t s = 0; s < n; ++s) fmt::print(out, " {:>14}", fmt::format("x[{}]", s));
  fmt::print(out, "\n");
  for (std::size_t k = 0; k < tr.times.size(); ++k) {
    fmt::print(out, "{:>12.6g}", tr.times[k]);
    for (double v : tr.states[k]) fmt::print(out, " {:>14.10f}", v);
    fmt::print(out, "\n");
  }
  return 0;
}

// Strategies of a --matrix game are named by their row: "0", "1", ...
nlohmann::json strategy_names(std::size_t n) {
  nlohmann::json names = nlohmann::json::array();
  for (std::size_t s = 0; s < n; ++s) names.push_back(std::to_string(s));
  return names;
}

// log10 of a fixation probability from its natural logarithm (finite even where rho is 0).
double log10_of(double ln) {
  return ln / std::log(10.0);
}

// rho[i][j]: one mutant of strategy i taking over j residents (the diagonal: neutral 1/Z).
int print_fixation_json(const SolveArgs& args, const theory::Matrix& a, theory::Process p,
                        double intensity, std::FILE* out) {
  nlohmann::json rho = nlohmann::json::array(), log10_rho = nlohmann::json::array();
  for (std::size_t m = 0; m < a.size(); ++m) {
    nlohmann::json row = nlohmann::json::array(), log_row = nlohmann::json::array();
    for (std::size_t r = 0; r < a.size(); ++r) {
      row.push_back(theory::fixation_probability(p, a, args.population, intensity, r, m));
      log_row.push_back(
          log10_of(theory::log_fixation_probability(p, a, args.population, intensity, r, m)));
    }
    rho.push_back(row);
    log10_rho.push_back(log_row);
  }
  const nlohmann::json j = {{"strategies", strategy_names(a.size())},
                            {"population", args.population},
                            {"process", args.process},
                            {"intensity", intensity},
                            {"rho", rho},
                            {"log10_rho", log10_rho}};
  fmt::print(out, "{}\n", j.dump(2));
  return 0;
}

int run_fixation(const SolveArgs& args, std::FILE* out) {
  const theory::Matrix a = parse_matrix_option(args.matrix, "--matrix");
  double intensity = 0;
  const theory::Process p = chosen_process(args, intensity);
  if (args.json) return print_fixation_json(args, a, p, intensity, out);
  const double neutral = 1.0 / static_cast<double>(args.population);
  fmt::print(out, "fixation probability of one mutant among Z - 1 residents: {}, Z = {}\n",
             intensity_text(args, p, intensity), args.population);
  fmt::print(out, "neutral 1/Z = {:.10g}\n", neutral);
  fmt::print(out, "{:>8} {:>8} {:>18} {:>14} {:>14}\n", "resident", "mutant", "rho", "rho*Z",
             "log10(rho)");
  for (std::size_t r = 0; r < a.size(); ++r) {
    for (std::size_t m = 0; m < a.size(); ++m) {
      if (m == r) continue;
      const double rho = theory::fixation_probability(p, a, args.population, intensity, r, m);
      const double log10_rho =
          log10_of(theory::log_fixation_probability(p, a, args.population, intensity, r, m));
      fmt::print(out, "{:>8} {:>8} {:>18.10e} {:>14.6g} {:>14.6f}\n", r, m, rho, rho / neutral,
                 log10_rho);
    }
  }
  return 0;
}

int run_stationary(const SolveArgs& args, std::FILE* out) {
  const theory::Matrix a = parse_matrix_option(args.matrix, "--matrix");
  double intensity = 0;
  const theory::Process p = chosen_process(args, intensity);
  if (args.mu > 0 && a.size() != 2) {
    throw ConfigError(
        fmt::format("--mu: the full chain needs a 2-strategy game (a 2x2 matrix), "
                    "got {} strategies",
                    a.size()));
  }
  const std::size_t n = a.size();
  const theory::SmallMutationLimit sml =
      theory::small_mutation_limit(p, a, args.population, intensity);
  if (args.json) {
    nlohmann::json j = {{"strategies", strategy_names(n)},
                        {"population", args.population},
                        {"process", args.process},
                        {"intensity", intensity},
                        {"stationary", sml.stationary}};
    if (args.mu > 0) {  // the full chain of two strategies: i players of strategy 0
      const std::vector<double> full =
          theory::birth_death_stationary(p, a, args.population, intensity, args.mu);
      double mean = 0;
      for (std::size_t i = 0; i < full.size(); ++i) {
        mean += full[i] * static_cast<double>(i) / static_cast<double>(args.population);
      }
      j["mu"] = args.mu;
      j["mean_share"] = {mean, 1 - mean};
    }
    fmt::print(out, "{}\n", j.dump(2));
    return 0;
  }
  fmt::print(out, "small-mutation limit: {}, Z = {}, {} strategies\n",
             intensity_text(args, p, intensity), args.population, n);
  fmt::print(out, "fixation probabilities rho[resident][mutant] (diagonal: neutral 1/Z)\n");
  for (std::size_t r = 0; r < n; ++r) {
    fmt::print(out, "  ");
    for (double v : sml.fixation[r]) fmt::print(out, " {:>16.8e}", v);
    fmt::print(out, "\n");
  }
  fmt::print(out, "stationary distribution over monomorphic states\n");
  fmt::print(out, "{:>8} {:>18}\n", "strategy", "share");
  for (std::size_t s = 0; s < n; ++s) {
    fmt::print(out, "{:>8} {:>18.12f}\n", s, sml.stationary[s]);
  }
  if (args.mu > 0) {
    const std::vector<double> full =
        theory::birth_death_stationary(p, a, args.population, intensity, args.mu);
    const std::size_t z = args.population;
    double mean = 0;
    std::size_t mode = 0;
    for (std::size_t i = 0; i <= z; ++i) {
      mean += full[i] * static_cast<double>(i) / static_cast<double>(z);
      if (full[i] > full[mode]) mode = i;
    }
    fmt::print(out, "full chain with mutation mu = {} (i = number of strategy-0 players)\n",
               args.mu);
    fmt::print(out, "  mean share of strategy 0: {:.12f}\n", mean);
    fmt::print(out, "  P(i = 0) = {:.12f}   P(i = Z) = {:.12f}   P(0 < i < Z) = {:.12f}\n", full[0],
               full[z], std::max(0.0, 1 - full[0] - full[z]));
    fmt::print(out, "  most likely i: {} (probability {:.12f})\n", mode, full[mode]);
  }
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
  rep->callback([&args] { args.replicator = true; });

  CLI::App* fix = solve.add_subcommand(
      "fixation", "Fixation probability of a single mutant for every ordered pair of strategies");
  add_process_options(fix, args);
  fix->add_flag("--json", args.json, "Print JSON: strategies, rho[mutant][resident], log10_rho");
  fix->callback([&args, fix] {
    args.fixation = true;
    args.beta_given = fix->count("--beta") > 0;
    args.w_given = fix->count("--w") > 0;
  });

  CLI::App* st = solve.add_subcommand(
      "stationary",
      "Stationary distribution in the small-mutation limit (and, for 2 strategies with --mu, of "
      "the full chain)");
  add_process_options(st, args);
  st->add_option("--mu", args.mu,
                 "Mutation probability per event: also the full birth-death chain (2 strategies)")
      ->check(CLI::Range(0.0, 1.0));
  st->add_flag("--json", args.json,
               "Print JSON: strategies, stationary (small-mutation limit), mean_share (--mu)");
  st->callback([&args, st] {
    args.stationary = true;
    args.beta_given = st->count("--beta") > 0;
    args.w_given = st->count("--w") > 0;
  });

  add_nash_subcommand(solve, args.nash);
  add_oligopoly_subcommands(solve, args.oligopoly);
  add_coalition_subcommands(solve, args.coalition);
  add_leader_subcommand(solve, args.leader);
}

int run_solve(const SolveArgs& args, std::FILE* out) {
  try {
    if (args.replicator) return run_replicator(args, out);
    if (args.fixation) return run_fixation(args, out);
    if (args.stationary) return run_stationary(args, out);
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
  fmt::print(out, "{} vs {}, noise {}, R,S,T,P = {},{},{},{}: expected payoff per turn\n",
             set.names[0], name_b, args.noise, payoffs.value[0], payoffs.value[1], payoffs.value[2],
             payoffs.value[3]);
  const PairPayoff inf = infinite_game_payoff(*a, *b, args.noise, payoffs);
  fmt::print(out, "  infinitely repeated:     {:.10f}  {:.10f}\n", inf.first, inf.second);
  if (args.turns > 0) {
    const PairPayoff f = finite_game_payoff(*a, *b, args.noise, args.turns, payoffs);
    fmt::print(out, "  {:>6} turns:            {:.10f}  {:.10f}\n", args.turns, f.first, f.second);
  }
  if (args.prob_end > 0) {
    const PairPayoff d = discounted_game_payoff(*a, *b, args.noise, args.prob_end, payoffs);
    fmt::print(out, "  prob_end {:<8}:       {:.10f}  {:.10f}\n", args.prob_end, d.first, d.second);
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
