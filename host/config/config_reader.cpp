// Reads an experiment file: --set overrides, then one reader per table, each checking what its
// table may hold (kept together: the tables' checks refer to each other).
#include "host/config/config.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>
#include <type_traits>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "host/config/embedded_configs.h"
#include "host/config/group_config.h"
#include "host/config/toml_reader.h"
#include "host/errors.h"
#include "host/setup/group_setup.h"

namespace evomarket {
namespace {

// Payoffs per round stay within +-2^24 so that fixed-point fitness (payoff * 2^16 per round)
// and int64 sums over millions of rounds cannot overflow.
constexpr int64_t kMaxPayoff = int64_t{1} << 24;

// Why `file` cannot name an output file, or null: empty, a directory ("out/", "."), or only an
// extension (".h5").
const char* file_name_problem(const std::string& file) {
  const std::string name = std::filesystem::path(file).filename().string();
  if (name.empty() || name == "." || name == "..") return "a file name, not a directory";
  if (name.size() > 1 && name.rfind('.') == 0) return "a file name before the extension";
  return nullptr;
}

void apply_override(toml::table& root, const std::string& assignment,
                    std::set<std::string>& overridden) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw ConfigError(
        fmt::format("--set {}: expected key=value, e.g. game.noise=0.01", assignment));
  }
  const std::string key = assignment.substr(0, eq);
  const std::string value = assignment.substr(eq + 1);
  // TOML would read a line break as the end of the value and the rest as more keys (or drop
  // it): refuse it rather than set something else than was written.
  if (assignment.find_first_of("\n\r") != std::string::npos) {
    throw ConfigError(fmt::format(
        "--set {}: the value contains a line break; give one key=value per --set", key));
  }
  toml::table* table = &root;
  std::string_view rest = key;
  for (auto dot = rest.find('.'); dot != std::string_view::npos; dot = rest.find('.')) {
    const std::string part(rest.substr(0, dot));
    auto [it, added] = table->insert(part, toml::table{});
    table = it->second.as_table();
    if (!table) throw ConfigError(fmt::format("--set {}: {} is not a table", key, part));
    rest.remove_prefix(dot + 1);
  }
  // A value that is valid TOML keeps its type; anything else is a bare string.
  try {
    toml::table parsed = toml::parse("v = " + value);
    table->insert_or_assign(std::string(rest), std::move(*parsed.get("v")));
  } catch (const toml::parse_error&) {
    table->insert_or_assign(std::string(rest), value);
  }
  overridden.insert(key);
}

}  // namespace

namespace {

void read_custom_strategies(TableReader strategies, ExperimentConfig& config) {
  if (!strategies.present()) return;
  for (const auto& [name, node] : *strategies.raw()) {
    TableReader t = strategies.table(name.str());
    t.only({"kind", "initial_move", "initial_state", "transitions", "four_vector"});
    CustomStrategy c;
    const std::string kind = t.string("kind", "fsm");
    const std::string move = t.string("initial_move", "C");
    c.initial_move = parse_move(move, t.where("initial_move", nullptr));
    if (kind == "fsm") {
      c.kind = CustomStrategy::Kind::kFiniteStateMachine;
      c.initial_state = t.integer("initial_state", 0, INT32_MIN, INT32_MAX);
      const toml::node* rows = t.node("transitions");
      const toml::array* a = rows ? rows->as_array() : nullptr;
      if (!a || a->empty()) {
        t.fail("transitions", rows,
               "an array of [state, opponent_move, next_state, action] rows such as "
               "[[0, \"C\", 0, \"C\"], [0, \"D\", 1, \"D\"]]");
      }
      for (const auto& row : *a) {
        const toml::array* r = row.as_array();
        const std::string where = t.where("transitions", &row);
        if (!r || r->size() != 4 || !(*r)[0].is_integer() || !(*r)[1].is_string() ||
            !(*r)[2].is_integer() || !(*r)[3].is_string()) {
          throw ConfigError(where +
                            ": expected a row [state, \"C\"|\"D\", next_state, \"C\"|\"D\"]");
        }
        c.transitions.push_back(FsmTransition{
            *(*r)[0].value<int64_t>(), parse_move(*(*r)[1].value<std::string>(), where),
            *(*r)[2].value<int64_t>(), parse_move(*(*r)[3].value<std::string>(), where)});
      }
    } else if (kind == "memory_one") {
      c.kind = CustomStrategy::Kind::kMemoryOne;
      const std::vector<double> p = t.reals("four_vector");
      if (p.size() != 4) {
        t.fail("four_vector", t.node("four_vector"), "4 probabilities [p_CC, p_CD, p_DC, p_DD]");
      }
      for (int i = 0; i < 4; ++i) {
        if (!(p[i] >= 0 && p[i] <= 1)) {
          t.fail("four_vector", t.node("four_vector"), "probabilities in [0, 1]");
        }
        c.four_vector[i] = p[i];
      }
    } else {
      t.fail("kind", t.node("kind"), "\"fsm\" or \"memory_one\"");
    }
    config.custom_strategies[std::string(name.str())] = c;
  }
}

void read_game(TableReader game, ExperimentConfig& c) {
  game.only({"kind", "payoffs", "turns", "prob_end", "max_turns", "noise", "shortcuts", "matrix",
             "group_size", "group_game", "cost", "factor", "threshold", "risk", "endowment",
             "rounds", "table"});
  c.game.kind = game.choice<GameKind>("kind", GameKind::kIterated,
                                      {{"iterated", GameKind::kIterated},
                                       {"matrix", GameKind::kMatrix},
                                       {"group", GameKind::kGroup}});
  if (c.game.kind == GameKind::kGroup) {
    for (const char* key :
         {"payoffs", "turns", "prob_end", "max_turns", "noise", "shortcuts", "matrix"}) {
      if (game.node(key)) {
        game.fail(key, game.node(key),
                  "no iterated- or matrix-game key with game.kind = \"group\" (rounds of a "
                  "group: game.rounds)");
      }
    }
    read_group_game(game, c.game);
    return;
  }
  for (std::string_view key : kGroupGameKeys) {
    if (game.node(key)) game.fail(key, game.node(key), "game.kind = \"group\" for this key");
  }
  TableReader payoffs = game.table("payoffs");
  payoffs.only({"R", "S", "T", "P"});
  const char* names[4] = {"R", "S", "T", "P"};
  for (int i = 0; i < 4; ++i) {
    c.game.payoffs.value[i] =
        payoffs.integer(names[i], kAxelrodPayoffs.value[i], -kMaxPayoff, kMaxPayoff);
  }
  c.game.turns = static_cast<uint32_t>(game.integer("turns", c.game.turns, 1, UINT32_MAX));
  c.game.prob_end = game.real("prob_end", 0.0, 0.0, 1.0);
  c.game.max_turns =
      static_cast<uint32_t>(game.integer("max_turns", c.game.max_turns, 1, UINT32_MAX));
  c.game.noise = game.real("noise", 0.0, 0.0, 1.0);
  c.game.shortcuts = game.boolean("shortcuts", true);

  TableReader matrix = game.table("matrix");
  matrix.only({"strategies", "payoffs"});
  if (c.game.kind != GameKind::kMatrix) {
    if (matrix.present()) {
      game.fail("matrix", game.node("matrix"), "game.kind = \"matrix\" when game.matrix is given");
    }
    return;
  }
  c.game.matrix_strategies = matrix.strings("strategies");
  const size_t n = c.game.matrix_strategies.size();
  if (n < 2) {
    matrix.fail("strategies", matrix.node("strategies"), "the names of at least 2 strategies");
  }
  std::set<std::string> unique(c.game.matrix_strategies.begin(), c.game.matrix_strategies.end());
  if (unique.size() != n) {
    matrix.fail("strategies", matrix.node("strategies"), "distinct strategy names");
  }
  const toml::node* rows = matrix.node("payoffs");
  const toml::array* a = rows ? rows->as_array() : nullptr;
  const std::string shape = fmt::format(
      "a {0} x {0} array of integer payoffs (row strategy's "
      "payoff against the column strategy)",
      n);
  if (!a || a->size() != n) matrix.fail("payoffs", rows, shape);
  for (const auto& row : *a) {
    const toml::array* r = row.as_array();
    if (!r || r->size() != n) matrix.fail("payoffs", &row, shape);
    for (const auto& e : *r) {
      const auto v = e.value_exact<int64_t>();
      if (!v || *v < -kMaxPayoff || *v > kMaxPayoff) {
        matrix.fail("payoffs", &e,
                    fmt::format("integer payoffs in [{}, {}] (scale fractional payoffs to "
                                "integers)",
                                -kMaxPayoff, kMaxPayoff));
      }
      c.game.matrix.push_back(*v);
    }
  }
}

void read_population(TableReader population, ExperimentConfig& c, bool matrix_game) {
  population.only({"agents", "strategies", "shares", "counts", "partners", "matches_per_agent",
                   "community_size", "lattice_width", "neighbourhood", "graph_file", "migration",
                   "self_interaction", "generations", "record_agents"});
  PopulationConfig& p = c.population;
  p.agents = static_cast<uint64_t>(population.integer("agents", 1000, 2, int64_t{1} << 40));
  p.strategies = population.strings("strategies");
  if (matrix_game && !p.strategies.empty()) {
    population.fail("strategies", population.node("strategies"),
                    "no population.strategies with a matrix game (its strategies are "
                    "game.matrix.strategies)");
  }
  p.shares = population.reals("shares");
  const std::vector<int64_t> counts = population.integers("counts");
  p.partners = population.choice<PartnerMode>("partners", PartnerMode::kRandom,
                                              {{"random", PartnerMode::kRandom},
                                               {"community", PartnerMode::kCommunity},
                                               {"lattice", PartnerMode::kLattice},
                                               {"graph", PartnerMode::kGraph},
                                               {"all", PartnerMode::kComplete}});
  p.matches_per_agent = static_cast<uint32_t>(
      population.integer("matches_per_agent", p.matches_per_agent, 1, 1u << 20));
  p.community_size =
      static_cast<uint32_t>(population.integer("community_size", p.community_size, 2, 1u << 20));
  p.neighbourhood = static_cast<uint32_t>(population.integer("neighbourhood", 4, 4, 8));
  if (p.neighbourhood != 4 && p.neighbourhood != 8) {
    population.fail("neighbourhood", population.node("neighbourhood"),
                    "4 (von Neumann) or 8 (Moore)");
  }
  p.lattice_width = static_cast<uint32_t>(population.integer("lattice_width", 0, 0, UINT32_MAX));
  if (p.partners == PartnerMode::kLattice) {
    if (p.lattice_width == 0) {  // square
      const auto side = static_cast<uint64_t>(std::llround(std::sqrt(double(p.agents))));
      if (side * side != p.agents) {
        population.fail("agents", population.node("agents"),
                        fmt::format("a square number of agents for a square lattice, or "
                                    "population.lattice_width dividing it (got {})",
                                    p.agents));
      }
      p.lattice_width = static_cast<uint32_t>(side);
    }
    if (p.lattice_width < 3 || p.agents % p.lattice_width != 0 || p.agents / p.lattice_width < 3) {
      population.fail("lattice_width", population.node("lattice_width"),
                      fmt::format("a width >= 3 dividing population.agents = {} into at least "
                                  "3 rows",
                                  p.agents));
    }
  }
  p.graph_file = population.string("graph_file", "");
  if (p.partners == PartnerMode::kGraph && p.graph_file.empty()) {
    population.fail("graph_file", population.node("graph_file"),
                    "an edge-list file for partners = \"graph\"");
  }
  if (!p.graph_file.empty() && c.source.find('/') != std::string::npos &&
      p.graph_file.front() != '/') {
    p.graph_file = c.source.substr(0, c.source.rfind('/') + 1) + p.graph_file;
  }
  p.migration = population.real("migration", 0.0, 0.0, 1.0);
  if (p.migration > 0 && p.partners != PartnerMode::kCommunity) {
    population.fail("migration", population.node("migration"),
                    "partners = \"community\" for migration between communities");
  }
  // An iterated game with partners = "all" is the Moran process of Axelrod's library: it needs
  // the asynchronous schedule, which read_dynamics checks.
  p.self_interaction = population.boolean("self_interaction", false);
  if (p.self_interaction && p.partners == PartnerMode::kComplete) {
    population.fail("self_interaction", population.node("self_interaction"),
                    "false with partners = \"all\" (complete mixing leaves self-play out)");
  }
  if (c.game.kind == GameKind::kGroup) check_group_population(population, c.game.group, p);
  p.generations =
      static_cast<uint32_t>(population.integer("generations", p.generations, 1, UINT32_MAX));
  p.record_agents = population.boolean("record_agents", false);
  if (c.mode != ExperimentMode::kPopulation) return;

  const std::vector<std::string>& strategies = c.strategy_specs();
  p.counts = resolve_strategy_counts(population, strategies, p.shares, counts, p.agents);
  if (strategies.size() > 65535) {
    population.fail("strategies", population.node("strategies"), "at most 65535 strategies");
  }
}

// Smallest payoff per round the game can give (fitness 1 - w + w * payoff must stay positive).
double smallest_payoff(const GameConfig& g) {
  if (g.kind == GameKind::kGroup) return group_payoff_range(g.group).first;
  if (g.kind == GameKind::kMatrix) return *std::min_element(g.matrix.begin(), g.matrix.end());
  return *std::min_element(std::begin(g.payoffs.value), std::end(g.payoffs.value));
}

// An iterated game with complete mixing, one event at a time (host/run/async_process.h): every
// pair of agents plays a match in each event unless every match is tabulated (deterministic
// strategies, fixed length, no noise), so such populations are kept small.
void check_async_iterated_game(TableReader& dynamics, const ExperimentConfig& c) {
  if (c.game.kind != GameKind::kIterated) return;
  const uint64_t z = c.population.agents;
  const uint64_t longest = c.game.prob_end > 0 ? c.game.max_turns : c.game.turns;
  if ((z - 1) * longest > UINT32_MAX) {
    dynamics.fail("schedule", dynamics.node("schedule"),
                  fmt::format("at most {} turns per agent and event in the asynchronous process "
                              "(population.agents - 1 times the longest match); {} agents with "
                              "matches of up to {} turns are too many",
                              UINT32_MAX, z, longest));
  }
  if (z > kMaxAsyncMatchAgents) {
    const bool deterministic_rules = c.game.noise == 0 && c.game.prob_end == 0;
    if (!deterministic_rules) {
      dynamics.fail("schedule", dynamics.node("schedule"),
                    fmt::format("at most {} agents in an asynchronous iterated game with noise or "
                                "random match lengths (every pair plays a match in every event)",
                                kMaxAsyncMatchAgents));
    }
  }
}

void read_dynamics(TableReader dynamics, ExperimentConfig& c) {
  dynamics.only({"rule", "schedule", "beta", "w", "revise", "mutation", "replace_parent"});
  DynamicsConfig& d = c.dynamics;
  d.rule = dynamics.choice<DynamicsRule>("rule", DynamicsRule::kNone,
                                         {{"none", DynamicsRule::kNone},
                                          {"fermi", DynamicsRule::kFermi},
                                          {"proportional", DynamicsRule::kProportional},
                                          {"imitate_best", DynamicsRule::kImitateBest},
                                          {"death_birth", DynamicsRule::kDeathBirth},
                                          {"birth_death", DynamicsRule::kBirthDeath}});
  d.schedule = dynamics.choice<Schedule>(
      "schedule", Schedule::kSynchronous,
      {{"synchronous", Schedule::kSynchronous}, {"asynchronous", Schedule::kAsynchronous}});
  d.beta = dynamics.real("beta", 1.0, 0.0, 1e6);
  d.w = dynamics.real("w", 1.0, 0.0, 1.0);
  d.revise = dynamics.real("revise", 1.0, 0.0, 1.0);
  d.mutation = dynamics.real("mutation", 0.0, 0.0, 1.0);
  d.replace_parent = dynamics.boolean("replace_parent", false);
  if (d.replace_parent &&
      (d.rule != DynamicsRule::kBirthDeath || d.schedule != Schedule::kAsynchronous)) {
    dynamics.fail("replace_parent", dynamics.node("replace_parent"),
                  "rule = \"birth_death\" with schedule = \"asynchronous\" for replace_parent "
                  "(the offspring of the Moran birth-death process replacing its own parent)");
  }
  const PartnerMode partners = c.population.partners;
  const bool structured = partners == PartnerMode::kCommunity ||
                          partners == PartnerMode::kLattice || partners == PartnerMode::kGraph;
  if (d.rule == DynamicsRule::kImitateBest && !structured) {
    dynamics.fail("rule", dynamics.node("rule"),
                  "partners = \"community\", \"lattice\" or \"graph\" for imitate_best (the best "
                  "of a neighbourhood)");
  }
  if (partners == PartnerMode::kComplete && c.game.kind == GameKind::kGroup &&
      d.schedule != Schedule::kAsynchronous) {
    dynamics.fail("schedule", dynamics.node("schedule"),
                  "\"asynchronous\" for a group game with population.partners = \"all\" (each "
                  "agent's payoff is its expectation over every group it could be drawn into)");
  }
  if (partners == PartnerMode::kComplete && c.game.kind == GameKind::kIterated &&
      d.schedule != Schedule::kAsynchronous) {
    dynamics.fail("schedule", dynamics.node("schedule"),
                  "\"asynchronous\" for an iterated game with population.partners = \"all\" "
                  "(Axelrod's Moran process: every pair of agents plays a match in each event)");
  }
  if (d.schedule == Schedule::kAsynchronous) {
    if (partners != PartnerMode::kComplete) {
      dynamics.fail("schedule", dynamics.node("schedule"),
                    "population.partners = \"all\" for the asynchronous (one update at a time) "
                    "processes");
    }
    check_async_iterated_game(dynamics, c);
    if (d.rule == DynamicsRule::kImitateBest || d.rule == DynamicsRule::kNone) {
      dynamics.fail("rule", dynamics.node("rule"),
                    "fermi, proportional, death_birth or birth_death with schedule = "
                    "\"asynchronous\"");
    }
  } else if (d.rule == DynamicsRule::kBirthDeath ||
             (d.rule == DynamicsRule::kDeathBirth && !structured)) {
    dynamics.fail("rule", dynamics.node("rule"),
                  "schedule = \"asynchronous\" for the well-mixed Moran processes (synchronous "
                  "death_birth needs a community, lattice or graph)");
  }
  // Iterated games may reach fitness 0 (Axelrod's Moran process selects on raw scores, w = 1,
  // and the sucker's payoff is usually 0); a matrix game's fitness must stay positive, as the
  // theory it is compared with requires.
  const double lowest_fitness = 1.0 - d.w + d.w * double(smallest_payoff(c.game));
  const bool iterated = c.game.kind == GameKind::kIterated;
  if ((d.rule == DynamicsRule::kDeathBirth || d.rule == DynamicsRule::kBirthDeath) &&
      !(iterated ? lowest_fitness >= 0 : lowest_fitness > 0)) {
    dynamics.fail("w", dynamics.node("w"),
                  fmt::format("a selection strength keeping the fitness 1 - w + w * payoff "
                              "{} for the smallest payoff {}",
                              iterated ? "non-negative" : "positive", smallest_payoff(c.game)));
  }
}

ExperimentConfig read_config(const toml::table& root, const std::string& source,
                             const std::set<std::string>& overridden) {
  ExperimentConfig c;
  c.source = source;
  TableReader top(&root, "", source, overridden);
  top.only({"experiment", "game", "tournament", "population", "market", "dynamics", "stop",
            "strategies", "output"});

  TableReader experiment = top.table("experiment");
  experiment.only({"name", "description", "mode", "seed", "replicates"});
  c.name = experiment.string("name", c.name);
  if (c.name.empty()) {  // it names the results file: "" would write ".h5"
    experiment.fail("name", experiment.node("name"),
                    "a non-empty name (it names the results file)");
  }
  c.description = experiment.string("description", "");
  c.mode = experiment.choice<ExperimentMode>("mode", ExperimentMode::kPopulation,
                                             {{"tournament", ExperimentMode::kTournament},
                                              {"population", ExperimentMode::kPopulation},
                                              {"market", ExperimentMode::kMarket}});
  c.seed = static_cast<uint64_t>(experiment.integer("seed", 1, 0, INT64_MAX));
  c.replicates = static_cast<uint32_t>(experiment.integer("replicates", 1, 1, kMaxReplicates));
  if (c.replicates > 1 && c.mode == ExperimentMode::kTournament) {
    experiment.fail("replicates", experiment.node("replicates"),
                    "1 in a tournament: tournament.repetitions repeats it with independent draws");
  }

  read_game(top.table("game"), c);
  const bool matrix_game = c.game.kind == GameKind::kMatrix;
  read_custom_strategies(top.table("strategies"), c);

  TableReader tournament = top.table("tournament");
  tournament.only({"strategies", "repetitions", "self_play", "ecosystem_steps", "record_moves"});
  c.tournament.strategies = tournament.strings("strategies");
  c.tournament.repetitions = static_cast<uint32_t>(
      tournament.integer("repetitions", c.tournament.repetitions, 1, UINT32_MAX));
  c.tournament.self_play = tournament.boolean("self_play", true);
  if (c.game.kind == GameKind::kGroup && c.mode != ExperimentMode::kPopulation) {
    experiment.fail("mode", experiment.node("mode"),
                    "\"population\" with game.kind = \"group\" (group games are played by a "
                    "population)");
  }
  c.tournament.ecosystem_steps =
      static_cast<uint32_t>(tournament.integer("ecosystem_steps", 0, 0, kMaxEcosystemSteps));
  // Fitness is the payoff itself (Axelrod's Ecosystem): a negative one has no meaning.
  if (c.tournament.ecosystem_steps > 0 && smallest_payoff(c.game) < 0) {
    tournament.fail("ecosystem_steps", tournament.node("ecosystem_steps"),
                    fmt::format("0 with a negative payoff ({} in {}): the ecological variant "
                                "takes payoffs as fitness, which must not be negative",
                                smallest_payoff(c.game),
                                c.game.kind == GameKind::kMatrix ? "game.matrix" : "game.payoffs"));
  }
  c.tournament.record_moves = tournament.boolean("record_moves", false);
  if (c.tournament.record_moves && c.game.kind == GameKind::kMatrix) {
    tournament.fail("record_moves", tournament.node("record_moves"),
                    "false in a matrix game (its strategies make no C/D moves)");
  }
  if (c.tournament.record_moves) {
    const uint64_t s = c.strategy_specs().size(), l = longest_possible_match(c.game);
    // In double: exact below 2^53, and beyond that still far above the limit.
    const double bytes = double(c.tournament.repetitions) * double(s) * double(s) * double(l);
    if (bytes > double(kMaxRecordedMoves)) {
      tournament.fail(
          "record_moves", tournament.node("record_moves"),
          fmt::format(
              "false for this tournament: its move histories would take repetitions {} "
              "x strategies {}^2 x turns {} ({}) = {:.0f} bytes, above the limit of {} "
              "(128 MiB); record fewer repetitions, strategies or turns",
              c.tournament.repetitions, s, l,
              c.game.prob_end > 0 ? "game.max_turns, the cap on geometric lengths" : "game.turns",
              bytes, kMaxRecordedMoves));
    }
  }
  if (c.mode == ExperimentMode::kTournament && c.strategy_specs().empty()) {
    tournament.fail("strategies", tournament.node("strategies"),
                    "a non-empty list of strategy names");
  }

  // A table the mode does not read is a mistake, not something to ignore.
  const auto refuse = [&](std::string_view key, const char* why) {
    if (top.node(key)) top.fail(key, top.node(key), why);
  };
  if (c.mode == ExperimentMode::kMarket) {
    refuse("population", "no [population] table in market mode (agents are set in [market])");
    refuse("tournament", "no [tournament] table in market mode");
  } else {
    refuse("market", "experiment.mode = \"market\" for a [market] table");
  }
  if (c.mode == ExperimentMode::kMarket) {
    TableReader market = top.table("market");
    read_market(market, c.market);
    std::string& profiles = c.market.profiles;
    if (!profiles.empty() && c.source.find('/') != std::string::npos && profiles.front() != '/') {
      profiles = c.source.substr(0, c.source.rfind('/') + 1) + profiles;
    }
    c.population.partners = PartnerMode::kCommunity;  // agents imitate within their community
    c.population.community_size = c.market.community_size;
  } else {
    read_population(top.table("population"), c, matrix_game);
  }
  read_dynamics(top.table("dynamics"), c);
  if (c.mode == ExperimentMode::kMarket && c.dynamics.schedule != Schedule::kSynchronous) {
    TableReader dynamics = top.table("dynamics");
    dynamics.fail("schedule", dynamics.node("schedule"),
                  "schedule = \"synchronous\" in market mode (strategies update between days)");
  }

  TableReader stop = top.table("stop");
  stop.only({"at_fixation", "max_seconds"});
  c.stop.at_fixation = stop.boolean("at_fixation", true);
  c.stop.max_seconds = stop.real("max_seconds", 0.0, 0.0, 1e12);

  TableReader output = top.table("output");
  output.only(
      {"file", "snapshot_every", "community_counts", "checkpoint_every", "checkpoint_file"});
  c.output.file = output.string("file", c.name + ".h5");
  if (const char* problem = file_name_problem(c.output.file)) {
    if (output.node("file")) output.fail("file", output.node("file"), problem);
    experiment.fail("name", experiment.node("name"),
                    fmt::format("a name that makes a results file name ({})", problem));
  }
  c.output.snapshot_every =
      static_cast<uint32_t>(output.integer("snapshot_every", 0, 0, UINT32_MAX));
  c.output.community_counts = output.boolean("community_counts", false);
  if (c.output.community_counts && c.population.partners != PartnerMode::kCommunity) {
    output.fail("community_counts", output.node("community_counts"),
                "population.partners = \"community\" for per-community counts");
  }
  c.output.checkpoint_every =
      static_cast<uint32_t>(output.integer("checkpoint_every", 0, 0, UINT32_MAX));
  c.output.checkpoint_file = output.string("checkpoint_file", "");
  if (c.replicates > 1 && c.market.genome.enabled) {
    experiment.fail("replicates", experiment.node("replicates"),
                    "1 with [market.genome] (an ensemble records strategy counts; evolving "
                    "prices have one strategy)");
  }
  if (c.replicates > 1) {  // an ensemble records per-replicate outcomes, not per-agent arrays
    if (c.output.snapshot_every > 0) {
      output.fail("snapshot_every", output.node("snapshot_every"),
                  "0: no agent snapshots in an ensemble (experiment.replicates > 1)");
    }
    if (c.output.community_counts) {
      output.fail("community_counts", output.node("community_counts"),
                  "false: no per-community counts in an ensemble (experiment.replicates > 1)");
    }
    if (c.market.per_community) {
      TableReader market = top.table("market");
      market.fail("per_community", market.node("per_community"),
                  "false: no per-community series in an ensemble (experiment.replicates > 1)");
    }
    if (c.population.record_agents) {
      TableReader population = top.table("population");
      population.fail("record_agents", population.node("record_agents"),
                      "false: no per-agent arrays in an ensemble (experiment.replicates > 1)");
    }
  }
  return c;
}

}  // namespace

const char* mode_name(ExperimentMode mode) {
  switch (mode) {
    case ExperimentMode::kTournament:
      return "tournament";
    case ExperimentMode::kMarket:
      return "market";
    default:
      return "population";
  }
}

ExperimentConfig parse_config(std::string_view text, const std::string& source_name,
                              const std::vector<std::string>& overrides) {
  toml::table root;
  try {
    root = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    throw ConfigError(fmt::format("{}:{}:{}: invalid TOML: {}", source_name, e.source().begin.line,
                                  e.source().begin.column, e.description()));
  }
  std::set<std::string> overridden;
  for (const auto& o : overrides) apply_override(root, o, overridden);
  return read_config(root, source_name, overridden);
}

void check_output_file_name(const std::string& file, const std::string& what) {
  if (const char* problem = file_name_problem(file)) {
    throw ConfigError(fmt::format("{} \"{}\": expected {}", what, file, problem));
  }
}

namespace {

std::string read_config_text(const std::string& path) {
  // A directory opens like a file on Linux and reads as empty: the defaults would run.
  if (std::error_code error; std::filesystem::is_directory(path, error)) {
    throw ConfigError(fmt::format("{}: is a directory, expected a config file", path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(fmt::format("{}: cannot open the config file", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

ExperimentConfig load_config(const std::string& path, const std::vector<std::string>& overrides) {
  return parse_config(read_config_text(path), path, overrides);
}

GameConfig load_game_table(const std::string& path) {
  const std::string text = read_config_text(path);
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw ConfigError(fmt::format("{}:{}:{}: invalid TOML: {}", path, e.source().begin.line,
                                  e.source().begin.column, e.description()));
  }
  if (!root.get("game")) throw ConfigError(fmt::format("{}: expected a [game] table", path));
  const std::set<std::string> overridden;
  TableReader top(&root, "", path, overridden);
  ExperimentConfig c;
  read_game(top.table("game"), c);
  return c.game;
}

std::string_view default_config_text() {
  return kDefaultConfigToml;
}

}  // namespace evomarket
