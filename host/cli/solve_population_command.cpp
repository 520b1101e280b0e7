#include "host/cli/solve_population_command.h"

#include <cmath>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "host/cli/solve_command.h"
#include "host/config/config.h"
#include "host/errors.h"
#include "host/staged_output.h"
#include "host/theory/finite_population.h"
#include "host/theory/full_chain.h"
#include "host/theory/population_game.h"
#include "io/dimension_scales.h"
#include "io/hdf5_attribute.h"
#include "io/hdf5_dataset.h"
#include "io/hdf5_error.h"
#include "io/hdf5_file.h"

namespace evomarket {
namespace {

// Upper limit of --population: far beyond what the exact solvers are meant for, low enough
// that a typo cannot ask for a chain of that size.
constexpr uint64_t kMaxPopulation = 100000000;

constexpr const char* kMatrixHelp =
    "Payoff matrix, row strategy against column strategy: rows separated by ';', entries by "
    "',', e.g. \"3,0;5,1\"";

// The game of the command line, its strategies' names and a line saying what it is.
struct TheoryGame {
  std::vector<std::string> names;
  std::unique_ptr<theory::PopulationGame> game;
  std::string description;
};

theory::SelfInteraction chosen_self_interaction(const PopulationTheoryArgs& args) {
  return theory::parse_self_interaction(args.self_interaction);
}

TheoryGame matrix_game(theory::Matrix a, std::vector<std::string> names,
                       const PopulationTheoryArgs& args) {
  TheoryGame g;
  g.names = std::move(names);
  const theory::SelfInteraction convention = chosen_self_interaction(args);
  g.description = fmt::format("{}x{} matrix game, self-interaction {}", a.size(), a.size(),
                              theory::self_interaction_name(convention));
  g.game = std::make_unique<theory::MatrixPopulationGame>(std::move(a), convention);
  return g;
}

TheoryGame game_from_file(const PopulationTheoryArgs& args) {
  const GameConfig config = load_game_table(args.game_file);
  if (config.kind != GameKind::kMatrix) {
    throw ConfigError(fmt::format(
        "--game {}: game.kind must be \"matrix\" for the finite-population theory (an iterated "
        "game's payoffs come from its matches: run a tournament for its payoff matrix)",
        args.game_file));
  }
  const std::size_t n = config.matrix_strategies.size();
  theory::Matrix a(n, std::vector<double>(n));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) a[i][j] = static_cast<double>(config.matrix[i * n + j]);
  }
  return matrix_game(std::move(a), config.matrix_strategies, args);
}

TheoryGame chosen_game(const PopulationTheoryArgs& args) {
  if (args.matrix.empty() == args.game_file.empty()) {
    throw ConfigError("give the game either as --matrix or as --game FILE.toml (one of them)");
  }
  if (!args.game_file.empty()) return game_from_file(args);
  const theory::Matrix a = parse_matrix_option(args.matrix, "--matrix");
  std::vector<std::string> names;
  for (std::size_t s = 0; s < a.size(); ++s) names.push_back(std::to_string(s));
  return matrix_game(a, std::move(names), args);
}

// The process and its intensity; --beta only with fermi, --w only with the Moran processes.
theory::Process chosen_process(const PopulationTheoryArgs& args, double& intensity) {
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

std::string process_text(const PopulationTheoryArgs& args, theory::Process p, double intensity) {
  return fmt::format("{} process, {} = {}", args.process,
                     p == theory::Process::kFermi ? "beta" : "w", intensity);
}

// log10 of a fixation probability from its natural logarithm (finite even where rho is 0).
double log10_of(double ln) {
  return ln / std::log(10.0);
}

int run_fixation(const PopulationTheoryArgs& args, const TheoryGame& g, theory::Process p,
                 double intensity, std::FILE* out) {
  const std::size_t n = g.names.size();
  const uint64_t z = args.population;
  if (args.json) {  // rho[i][j]: one mutant of strategy i taking over j residents
    nlohmann::json rho = nlohmann::json::array(), log10_rho = nlohmann::json::array();
    for (std::size_t m = 0; m < n; ++m) {
      nlohmann::json row = nlohmann::json::array(), log_row = nlohmann::json::array();
      for (std::size_t r = 0; r < n; ++r) {
        row.push_back(theory::fixation_probability(p, *g.game, z, intensity, r, m));
        log_row.push_back(
            log10_of(theory::log_fixation_probability(p, *g.game, z, intensity, r, m)));
      }
      rho.push_back(row);
      log10_rho.push_back(log_row);
    }
    const nlohmann::json j = {{"strategies", g.names},  {"game", g.description},
                              {"population", z},        {"process", args.process},
                              {"intensity", intensity}, {"rho", rho},
                              {"log10_rho", log10_rho}};
    fmt::print(out, "{}\n", j.dump(2));
    return 0;
  }
  const double neutral = 1.0 / static_cast<double>(z);
  fmt::print(out, "fixation probability of one mutant among Z - 1 residents: {}, Z = {}\n",
             process_text(args, p, intensity), z);
  fmt::print(out, "{}; neutral 1/Z = {:.10g}\n", g.description, neutral);
  fmt::print(out, "{:>8} {:>8} {:>18} {:>14} {:>14}\n", "resident", "mutant", "rho", "rho*Z",
             "log10(rho)");
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t m = 0; m < n; ++m) {
      if (m == r) continue;
      const double rho = theory::fixation_probability(p, *g.game, z, intensity, r, m);
      const double log10_rho =
          log10_of(theory::log_fixation_probability(p, *g.game, z, intensity, r, m));
      fmt::print(out, "{:>8} {:>8} {:>18.10e} {:>14.6g} {:>14.6f}\n", g.names[r], g.names[m], rho,
                 rho / neutral, log10_rho);
    }
  }
  return 0;
}

// The status of a file this command wrote ("complete" once written), "" for any other file.
std::string solve_file_status(const std::string& path) {
  try {
    const io::File f = io::File::open_read(path);
    const io::Group root = f.root();
    if (!io::has_attr(root, "solver") || !io::has_attr(root, "status")) return "";
    return io::get_attr_string(root, "status");
  } catch (const io::H5Error&) {
    return "";
  }
}

// The whole stationary distribution of the full chain (and the small-mutation limit) in HDF5:
// /stationary with dimensions state and strategy (docs/theory.md).
void write_stationary_file(const PopulationTheoryArgs& args, const TheoryGame& g,
                           const theory::SmallMutationLimit& sml,
                           const theory::FullChainStationary& full, double intensity) {
  check_may_replace(args.out, "stationary distribution file", args.overwrite, solve_file_status);
  const auto staged = stage_output(args.out, "stationary distribution file", {args.game_file});
  try {
    io::File f = io::File::create(staged->temporary(), "stationary distribution file");
    const io::Group root = f.root();
    io::set_attr(root, "solver", "stationary");
    io::set_attr(root, "status", "running");
    io::set_attr(root, "game", g.description);
    io::set_attr(root, "process", args.process);
    io::set_attr(root, "intensity", intensity);
    io::set_attr(root, "population", static_cast<uint64_t>(args.population));
    io::set_attr(root, "mu", args.mu);
    const io::Group group = root.create_group("stationary");
    io::write_strings(group, "strategy", g.names);
    io::make_dimension_scale(group, "strategy");
    std::vector<uint64_t> states(full.probability.size());
    for (std::size_t k = 0; k < states.size(); ++k) states[k] = k;
    io::write_vector(group, "state", states);
    io::make_dimension_scale(group, "state");
    io::write_matrix(group, "counts", full.probability.size(), full.strategies, full.states.data());
    io::write_vector(group, "probability", full.probability);
    io::write_vector(group, "mean_share", full.mean_share);
    io::write_vector(group, "monomorphic", sml.stationary);
    io::attach_dimensions(group, "counts", {"state", "strategy"});
    io::attach_dimensions(group, "probability", {"state"});
    io::attach_dimensions(group, "mean_share", {"strategy"});
    io::attach_dimensions(group, "monomorphic", {"strategy"});
    io::set_attr(root, "status", "complete");
  } catch (const io::H5Error& e) {
    throw ConfigError(fmt::format("{}: {}", args.out, e.what()));
  }
  staged->commit();
}

int run_stationary(const PopulationTheoryArgs& args, const TheoryGame& g, theory::Process p,
                   double intensity, std::FILE* out) {
  const std::size_t n = g.names.size();
  const uint64_t z = args.population;
  if (!args.out.empty() && !(args.mu > 0)) {
    throw ConfigError("--out writes the full chain's distribution: it needs --mu > 0");
  }
  const theory::SmallMutationLimit sml = theory::small_mutation_limit(p, *g.game, z, intensity);
  std::unique_ptr<theory::FullChainStationary> full;
  if (args.mu > 0) {
    full = std::make_unique<theory::FullChainStationary>(
        theory::full_chain_stationary(p, *g.game, z, intensity, args.mu));
    if (!args.out.empty()) write_stationary_file(args, g, sml, *full, intensity);
  }
  if (args.json) {
    nlohmann::json j = {{"strategies", g.names},  {"game", g.description},
                        {"population", z},        {"process", args.process},
                        {"intensity", intensity}, {"stationary", sml.stationary}};
    if (full) {
      j["mu"] = args.mu;
      j["states"] = full->probability.size();
      j["mean_share"] = full->mean_share;
    }
    fmt::print(out, "{}\n", j.dump(2));
    return 0;
  }
  fmt::print(out, "small-mutation limit: {}, Z = {}, {} strategies\n",
             process_text(args, p, intensity), z, n);
  fmt::print(out, "{}\n", g.description);
  fmt::print(out, "fixation probabilities rho[resident][mutant] (diagonal: neutral 1/Z)\n");
  for (std::size_t r = 0; r < n; ++r) {
    fmt::print(out, "  ");
    for (double v : sml.fixation[r]) fmt::print(out, " {:>16.8e}", v);
    fmt::print(out, "\n");
  }
  fmt::print(out, "stationary distribution over monomorphic states\n");
  fmt::print(out, "{:>8} {:>18}\n", "strategy", "share");
  for (std::size_t s = 0; s < n; ++s) {
    fmt::print(out, "{:>8} {:>18.12f}\n", g.names[s], sml.stationary[s]);
  }
  if (!full) return 0;
  fmt::print(out,
             "full chain with mutation mu = {}: {} states, solved by sparse LU (residual {:.2e})\n",
             args.mu, full->probability.size(), full->residual);
  for (std::size_t s = 0; s < n; ++s) {
    fmt::print(out, "  mean share of strategy {}: {:.12f}\n", g.names[s], full->mean_share[s]);
  }
  // P(monomorphic): state k is monomorphic when one strategy holds all Z players.
  double monomorphic = 0;
  std::size_t mode = 0;
  for (std::size_t k = 0; k < full->probability.size(); ++k) {
    for (std::size_t s = 0; s < n; ++s) {
      if (full->states[k * n + s] == z) monomorphic += full->probability[k];
    }
    if (full->probability[k] > full->probability[mode]) mode = k;
  }
  fmt::print(out, "  P(monomorphic) = {:.12f}\n", monomorphic);
  fmt::print(out, "  most likely state:");
  for (std::size_t s = 0; s < n; ++s) {
    fmt::print(out, " {}={}", g.names[s], full->states[mode * n + s]);
  }
  fmt::print(out, " (probability {:.12f})\n", full->probability[mode]);
  if (!args.out.empty()) fmt::print(out, "  distribution written to {}\n", args.out);
  return 0;
}

// A strategy named by --pair: its name, or its index.
std::size_t strategy_of(const std::string& text, const std::vector<std::string>& names) {
  for (std::size_t s = 0; s < names.size(); ++s) {
    if (names[s] == text) return s;
  }
  for (std::size_t s = 0; s < names.size(); ++s) {
    if (std::to_string(s) == text) return s;
  }
  throw ConfigError(fmt::format("--pair: \"{}\" is not one of the game's strategies ({})", text,
                                fmt::join(names, ", ")));
}

int run_gradient(const PopulationTheoryArgs& args, const TheoryGame& g, theory::Process p,
                 double intensity, std::FILE* out) {
  const std::size_t n = g.names.size();
  std::size_t first = 0, second = 1;
  if (!args.pair.empty()) {
    const auto comma = args.pair.find(',');
    if (comma == std::string::npos || args.pair.find(',', comma + 1) != std::string::npos) {
      throw ConfigError(fmt::format("--pair \"{}\": expected two strategies A,B", args.pair));
    }
    first = strategy_of(args.pair.substr(0, comma), g.names);
    second = strategy_of(args.pair.substr(comma + 1), g.names);
    if (first == second) throw ConfigError("--pair: expected two different strategies");
  } else if (n != 2) {
    throw ConfigError(fmt::format(
        "the gradient is along a pair of strategies: the game has {}, choose two with --pair A,B",
        n));
  }
  const uint64_t z = args.population;
  const theory::BirthDeathChain chain =
      theory::birth_death_chain(p, *g.game, z, intensity, args.mu, first, second);
  if (args.json) {
    std::vector<uint64_t> k(z + 1);
    std::vector<double> gradient(z + 1);
    for (uint64_t i = 0; i <= z; ++i) {
      k[i] = i;
      gradient[i] = chain.plus[i] - chain.minus[i];
    }
    const nlohmann::json j = {{"strategies", {g.names[first], g.names[second]}},
                              {"game", g.description},
                              {"population", z},
                              {"process", args.process},
                              {"intensity", intensity},
                              {"mu", args.mu},
                              {"k", k},
                              {"t_plus", chain.plus},
                              {"t_minus", chain.minus},
                              {"gradient", gradient}};
    fmt::print(out, "{}\n", j.dump(2));
    return 0;
  }
  fmt::print(out,
             "gradient of selection T+(k) - T-(k), k = number of {} players among Z = {} (the "
             "others play {}): {}, mu = {}\n",
             g.names[first], z, g.names[second], process_text(args, p, intensity), args.mu);
  fmt::print(out, "{}\n", g.description);
  fmt::print(out, "{:>10} {:>18} {:>18} {:>18}\n", "k", "T+", "T-", "gradient");
  for (uint64_t i = 0; i <= z; ++i) {
    fmt::print(out, "{:>10} {:>18.10e} {:>18.10e} {:>18.10e}\n", i, chain.plus[i], chain.minus[i],
               chain.plus[i] - chain.minus[i]);
  }
  return 0;
}

void add_game_options(CLI::App* sub, PopulationTheoryArgs& args) {
  sub->add_option("--matrix", args.matrix, kMatrixHelp);
  sub->add_option("--game", args.game_file,
                  "A run config whose [game] table is the game (matrix or group game)")
      ->check(CLI::ExistingFile);
  sub->add_option("--self-interaction", args.self_interaction,
                  "Matrix games: does a player meet itself? excluded (default) or included")
      ->check(CLI::IsMember({"excluded", "included"}));
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

void on_select(CLI::App* sub, PopulationTheoryArgs& args, bool PopulationTheoryArgs::*chosen) {
  sub->callback([&args, sub, chosen] {
    args.*chosen = true;
    args.beta_given = sub->count("--beta") > 0;
    args.w_given = sub->count("--w") > 0;
  });
}

}  // namespace

void add_population_theory_subcommands(CLI::App& solve, PopulationTheoryArgs& args) {
  CLI::App* fix = solve.add_subcommand(
      "fixation", "Fixation probability of a single mutant for every ordered pair of strategies");
  add_game_options(fix, args);
  fix->add_flag("--json", args.json, "Print JSON: strategies, rho[mutant][resident], log10_rho");
  on_select(fix, args, &PopulationTheoryArgs::fixation);

  CLI::App* st = solve.add_subcommand(
      "stationary",
      "Stationary distribution in the small-mutation limit (and, with --mu, of the full chain)");
  add_game_options(st, args);
  st->add_option("--mu", args.mu,
                 "Mutation probability per event: also the full chain's exact distribution")
      ->check(CLI::Range(0.0, 1.0));
  st->add_option("--out", args.out, "With --mu: write the whole distribution to this HDF5 file");
  st->add_flag("--overwrite", args.overwrite, "Replace a complete --out file");
  st->add_flag("--json", args.json,
               "Print JSON: strategies, stationary (small-mutation limit), mean_share (--mu)");
  on_select(st, args, &PopulationTheoryArgs::stationary);

  CLI::App* gr = solve.add_subcommand(
      "gradient", "Gradient of selection T+(k) - T-(k) along a pair of strategies");
  add_game_options(gr, args);
  gr->add_option("--mu", args.mu, "Mutation probability per event, between the pair")
      ->check(CLI::Range(0.0, 1.0));
  gr->add_option("--pair", args.pair, "The two strategies A,B (names or indices; k counts A)");
  gr->add_flag("--json", args.json, "Print JSON: strategies, k, t_plus, t_minus, gradient");
  on_select(gr, args, &PopulationTheoryArgs::gradient);
}

int run_population_theory(const PopulationTheoryArgs& args, std::FILE* out) {
  const TheoryGame g = chosen_game(args);
  double intensity = 0;
  const theory::Process p = chosen_process(args, intensity);
  if (args.fixation) return run_fixation(args, g, p, intensity, out);
  if (args.stationary) return run_stationary(args, g, p, intensity, out);
  return run_gradient(args, g, p, intensity, out);
}

}  // namespace evomarket
