#include "host/cli/solve_nash_command.h"

#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "host/cli/solve_command.h"
#include "host/errors.h"
#include "host/theory/nash_equilibria.h"
#include "host/theory/profile_check.h"

namespace evomarket {
namespace {

using theory::Rational;

constexpr const char* kGameHelp =
    "payoffs, one row per row-player strategy and one column per column-player strategy: rows "
    "separated by ';', entries by ','; integers, decimals or fractions, e.g. \"-5,1;-1,-2\"";

theory::BimatrixGame read_game(const NashArgs& args) {
  theory::BimatrixGame g{parse_rational_matrix_option(args.a, "--a"),
                         parse_rational_matrix_option(args.b, "--b")};
  if (g.b.size() != g.a.size() || g.b.front().size() != g.a.front().size()) {
    throw ConfigError(fmt::format(
        "--b: {} rows of {} entries but --a has {} rows of {}; expected matrices of one shape "
        "(m rows for the row player's strategies, n columns for the column player's)",
        g.b.size(), g.b.front().size(), g.a.size(), g.a.front().size()));
  }
  return g;
}

std::vector<Rational> read_mixed_strategy(const std::string& text, std::size_t size,
                                          const std::string& option) {
  const std::vector<Rational> p = parse_rational_list_option(text, option);
  try {
    theory::require_mixed_strategy(p, size, option.c_str());
  } catch (const std::invalid_argument& e) {
    throw ConfigError(fmt::format("{} (fractions such as 1/3 are exact)", e.what()));
  }
  return p;
}

// "3/7, 4/7  (0.4285714, 0.5714286)": the decimals only where some entry is not an integer.
std::string strategy_text(const std::vector<Rational>& p) {
  std::string text = fmt::format("{}", fmt::join(theory::exact_texts(p), ", "));
  for (const Rational& v : p) {
    if (v.get_den() != 1) {
      return text + fmt::format("  ({:.7g})", fmt::join(theory::to_doubles(p), ", "));
    }
  }
  return text;
}

std::string number_text(const Rational& q) {
  return q.get_den() == 1 ? theory::exact_text(q)
                          : fmt::format("{} ({:.7g})", theory::exact_text(q), theory::to_double(q));
}

std::vector<std::size_t> one_based(std::vector<std::size_t> v) {
  for (std::size_t& k : v) ++k;
  return v;
}

int print_check(const theory::BimatrixGame& g, const NashArgs& args, std::FILE* out) {
  const std::vector<Rational> x = read_mixed_strategy(args.check[0], g.rows(), "--check ROW");
  const std::vector<Rational> y = read_mixed_strategy(args.check[1], g.cols(), "--check COL");
  const theory::ProfileCheck c = theory::check_profile(g, x, y);
  if (args.json) {
    nlohmann::ordered_json j;
    j["row"] = theory::to_doubles(x);
    j["col"] = theory::to_doubles(y);
    j["row_exact"] = theory::exact_texts(x);
    j["col_exact"] = theory::exact_texts(y);
    for (const auto& [name, d] : {std::pair{"row", &c.row}, std::pair{"col", &c.col}}) {
      j[fmt::format("payoff_{}", name)] = theory::to_double(d->payoff);
      j[fmt::format("payoff_{}_exact", name)] = theory::exact_text(d->payoff);
      j[fmt::format("gain_{}", name)] = theory::to_double(d->gain);
      j[fmt::format("gain_{}_exact", name)] = theory::exact_text(d->gain);
      j[fmt::format("best_responses_{}", name)] = d->best_responses;
    }
    j["epsilon"] = theory::to_double(c.epsilon);
    j["epsilon_exact"] = theory::exact_text(c.epsilon);
    j["nash"] = c.is_nash();
    fmt::print(out, "{}\n", j.dump(2));
    return 0;
  }
  fmt::print(out, "profile: row (x) {}; col (y) {}\n", strategy_text(x), strategy_text(y));
  fmt::print(out, "row player:    payoff {}; best replies rows {} pay {}; gain from deviating {}\n",
             number_text(c.row.payoff), fmt::join(one_based(c.row.best_responses), ", "),
             number_text(c.row.best_payoff), number_text(c.row.gain));
  fmt::print(out, "column player: payoff {}; best replies cols {} pay {}; gain from deviating {}\n",
             number_text(c.col.payoff), fmt::join(one_based(c.col.best_responses), ", "),
             number_text(c.col.best_payoff), number_text(c.col.gain));
  if (c.is_nash()) {
    fmt::print(out, "a Nash equilibrium (epsilon = 0)\n");
  } else {
    fmt::print(out, "not a Nash equilibrium: an epsilon-equilibrium for epsilon >= {}\n",
               number_text(c.epsilon));
  }
  return 0;
}

void print_json(const theory::NashSolution& s, std::FILE* out) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const theory::Equilibrium& e : s.equilibria) {
    list.push_back({{"row", theory::to_doubles(e.row)},
                    {"col", theory::to_doubles(e.col)},
                    {"row_exact", theory::exact_texts(e.row)},
                    {"col_exact", theory::exact_texts(e.col)},
                    {"payoff_row", theory::to_double(e.payoff_row)},
                    {"payoff_col", theory::to_double(e.payoff_col)},
                    {"payoff_row_exact", theory::exact_text(e.payoff_row)},
                    {"payoff_col_exact", theory::exact_text(e.payoff_col)},
                    {"component", e.component}});
  }
  const nlohmann::ordered_json j = {
      {"equilibria", list}, {"degenerate", s.degenerate}, {"components", s.components}};
  fmt::print(out, "{}\n", j.dump(2));
}

const char* equilibria_word(std::size_t count) {
  return count == 1 ? "equilibrium" : "equilibria";
}

void print_text(const theory::BimatrixGame& g, const theory::NashSolution& s, std::FILE* out) {
  fmt::print(out,
             "Nash equilibria of the {}x{} bimatrix game (row player: --a, its rows; column "
             "player: --b, its columns), exact, by lrsnash\n",
             g.rows(), g.cols());
  if (s.degenerate) {
    fmt::print(out,
               "degenerate game: {} extreme {} in {} component{}; the equilibria of a component "
               "with several extreme ones form a continuum (docs/solvers.md)\n",
               s.equilibria.size(), equilibria_word(s.equilibria.size()), s.components,
               s.components == 1 ? "" : "s");
  } else {
    fmt::print(out, "nondegenerate game: {} {}, each isolated\n", s.equilibria.size(),
               equilibria_word(s.equilibria.size()));
  }
  for (std::size_t k = 0; k < s.equilibria.size(); ++k) {
    const theory::Equilibrium& e = s.equilibria[k];
    bool pure = true;
    for (const auto* p : {&e.row, &e.col}) {
      for (const Rational& v : *p) pure = pure && (v == 0 || v == 1);
    }
    fmt::print(out, "\nequilibrium {} ({}{})\n", k + 1, pure ? "pure" : "mixed",
               s.degenerate ? fmt::format(", component {}", e.component + 1) : "");
    fmt::print(out, "  row (x): {}\n", strategy_text(e.row));
    fmt::print(out, "  col (y): {}\n", strategy_text(e.col));
    fmt::print(out, "  payoffs: row {}, col {}\n", number_text(e.payoff_row),
               number_text(e.payoff_col));
  }
}

}  // namespace

void add_nash_subcommand(CLI::App& solve, NashArgs& args) {
  CLI::App* nash = solve.add_subcommand(
      "nash", "Every Nash equilibrium (extreme ones, pure and mixed) of a bimatrix game, exactly");
  nash->add_option("--a", args.a, std::string("Row player's ") + kGameHelp)->required();
  nash->add_option("--b", args.b, std::string("Column player's ") + kGameHelp)->required();
  nash->add_option("--check", args.check,
                   "Instead: how far the profile ROW COL (comma-separated probabilities, e.g. "
                   "3/7,4/7 0.5,0.5) is from an equilibrium")
      ->expected(2);
  nash->add_flag("--json", args.json, "Print JSON");
  nash->callback([&args] { args.selected = true; });
}

int run_nash(const NashArgs& args, std::FILE* out) {
  const theory::BimatrixGame g = read_game(args);
  if (!args.check.empty()) return print_check(g, args, out);
  const theory::NashSolution s = theory::solve_nash(g);
  if (args.json) {
    print_json(s, out);
  } else {
    print_text(g, s, out);
  }
  return 0;
}

}  // namespace evomarket
