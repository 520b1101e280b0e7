#include "host/config/group_config.h"

#include <set>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "host/setup/group_setup.h"

namespace evomarket {
namespace {

const char* group_game_name(GroupGameKind kind) {
  switch (kind) {
    case GroupGameKind::kCollectiveRisk:
      return "collective_risk";
    case GroupGameKind::kStagHunt:
      return "stag_hunt";
    case GroupGameKind::kTable:
      return "table";
    default:
      return "public_goods";
  }
}

// The parameters each game reads; any other given is a mistake.
std::set<std::string> keys_of(GroupGameKind kind) {
  switch (kind) {
    case GroupGameKind::kPublicGoods:
      return {"cost", "factor"};
    case GroupGameKind::kCollectiveRisk:
      return {"cost", "threshold", "risk", "endowment"};
    case GroupGameKind::kStagHunt:
      return {"cost", "factor", "threshold"};
    default:
      return {"table"};
  }
}

// A number the game needs: no default, so a forgotten key is an error rather than a guess.
double required_real(TableReader& game, std::string_view key, double min, double max,
                     const char* what) {
  if (!game.node(key)) {
    game.fail(key, nullptr,
              fmt::format("{} for group_game = \"{}\"", what,
                          std::string(game.string("group_game", ""))));
  }
  return game.real(key, 0.0, min, max);
}

std::vector<double> table_column(TableReader& table, std::string_view key, int n) {
  const std::vector<double> values = table.reals(key);
  if (values.size() != static_cast<size_t>(n)) {
    table.fail(key, table.node(key),
               fmt::format("{} numbers (game.group_size), the payoff by the number of other "
                           "cooperators 0 .. {}, got {}",
                           n, n - 1, values.size()));
  }
  return values;
}

}  // namespace

void read_group_game(TableReader& game, GameConfig& c) {
  GroupGame& g = c.group;
  if (!game.node("group_game")) {
    game.fail("group_game", nullptr,
              "one of \"public_goods\", \"collective_risk\", \"stag_hunt\", \"table\" for "
              "game.kind = \"group\"");
  }
  g.kind = game.choice<GroupGameKind>("group_game", GroupGameKind::kPublicGoods,
                                      {{"public_goods", GroupGameKind::kPublicGoods},
                                       {"collective_risk", GroupGameKind::kCollectiveRisk},
                                       {"stag_hunt", GroupGameKind::kStagHunt},
                                       {"table", GroupGameKind::kTable}});
  if (!game.node("group_size")) {
    game.fail("group_size", nullptr,
              fmt::format("the group size N, an integer in [2, {}], for game.kind = \"group\"",
                          kMaxGroupSize));
  }
  g.group_size = static_cast<int>(game.integer("group_size", 2, 2, kMaxGroupSize));
  const std::set<std::string> used = keys_of(g.kind);
  for (const char* key : {"cost", "factor", "threshold", "risk", "endowment", "table"}) {
    if (game.node(key) && !used.count(key)) {
      game.fail(key, game.node(key),
                fmt::format("no game.{} with group_game = \"{}\" (it uses: {})", key,
                            group_game_name(g.kind), fmt::join(used, ", ")));
    }
  }
  g.rounds = static_cast<int>(game.integer("rounds", 1, 1, 1 << 20));
  const int n = g.group_size;
  switch (g.kind) {
    case GroupGameKind::kPublicGoods:
      g.cost = required_real(game, "cost", 0.0, kMaxGroupPayoff, "the contribution c >= 0");
      g.factor = required_real(game, "factor", 0.0, 1e6, "the multiplication factor r >= 0");
      break;
    case GroupGameKind::kStagHunt:
      g.cost = required_real(game, "cost", 0.0, kMaxGroupPayoff, "the contribution c >= 0");
      g.factor = required_real(game, "factor", 0.0, 1e6, "the multiplication factor r >= 0");
      break;
    case GroupGameKind::kCollectiveRisk:
      g.cost = required_real(game, "cost", 0.0, 1.0,
                             "the contributed fraction c of the endowment, in [0, 1]");
      g.risk = required_real(game, "risk", 0.0, 1.0, "the risk, a probability in [0, 1]");
      g.endowment = game.real("endowment", 1.0, 0.0, kMaxGroupPayoff);
      break;
    case GroupGameKind::kTable: {
      TableReader table = game.table("table");
      table.only({"cooperator", "defector"});
      const std::vector<double> coop = table_column(table, "cooperator", n);
      const std::vector<double> defect = table_column(table, "defector", n);
      for (int i = 0; i < n; ++i) {
        g.cooperator[i] = coop[i];
        g.defector[i] = defect[i];
      }
      break;
    }
  }
  if (g.kind == GroupGameKind::kCollectiveRisk || g.kind == GroupGameKind::kStagHunt) {
    if (!game.node("threshold")) {
      game.fail("threshold", nullptr,
                fmt::format("the threshold M of cooperators, an integer in [0, {}] (N)", n));
    }
    g.threshold = static_cast<int>(game.integer("threshold", 0, 0, n));
  }
  if (largest_group_payoff(g) > kMaxGroupPayoff) {
    game.fail("group_game", game.node("group_game"),
              fmt::format("payoffs within +-{} per round (this game reaches {}): scale cost, "
                          "factor, endowment or the table down",
                          kMaxGroupPayoff, largest_group_payoff(g)));
  }
}

void check_group_population(TableReader& population, const GroupGame& g, PopulationConfig& p) {
  if (p.strategies.empty()) p.strategies = {"Cooperate", "Defect"};
  std::set<std::string> seen;
  for (const std::string& name : p.strategies) {
    if (group_strategy_code(name, g.group_size) < 0) {
      population.fail("strategies", population.node("strategies"),
                      fmt::format("group strategies Cooperate, Defect or Conditional(k) with 0 "
                                  "<= k <= {} (N - 1), got \"{}\"",
                                  g.group_size - 1, name));
    }
    if (!seen.insert(name).second) {
      population.fail("strategies", population.node("strategies"),
                      fmt::format("distinct strategy names, got \"{}\" twice", name));
    }
  }
  const auto n = static_cast<uint64_t>(g.group_size);
  const std::string why = fmt::format("game.group_size = {}", g.group_size);
  if (p.self_interaction) {
    population.fail("self_interaction", population.node("self_interaction"),
                    "false with a group game (an agent is in its own groups already)");
  }
  // Rounds an agent plays are counted in uint32: about matches_per_agent x N groups of `rounds`
  // in random and community groups, at most 64 groups on lattices and graphs; 2^28 leaves room
  // for the spread of random group membership.
  const bool random_groups =
      p.partners == PartnerMode::kRandom || p.partners == PartnerMode::kCommunity;
  const uint64_t groups = random_groups ? uint64_t{p.matches_per_agent} * n : kMaxGroupSize;
  if (groups * static_cast<uint64_t>(g.rounds) > (uint64_t{1} << 28)) {
    population.fail("matches_per_agent", population.node("matches_per_agent"),
                    fmt::format("fewer groups times game.rounds = {}: an agent would play about "
                                "{} rounds a generation, more than 2^28",
                                g.rounds, groups * static_cast<uint64_t>(g.rounds)));
  }
  switch (p.partners) {
    case PartnerMode::kRandom:
      if (p.agents < n) {
        population.fail("agents", population.node("agents"),
                        fmt::format("at least {} agents for groups of {}", n, why));
      }
      break;
    case PartnerMode::kCommunity: {
      const uint64_t last = p.agents % p.community_size;
      if (p.community_size < n || (last != 0 && last < n)) {
        population.fail("community_size", population.node("community_size"),
                        fmt::format("communities of at least {} agents ({}; the last community "
                                    "holds {})",
                                    n, why, last ? last : p.community_size));
      }
      break;
    }
    case PartnerMode::kLattice:
      if (p.neighbourhood + 1 != n) {
        population.fail("neighbourhood", population.node("neighbourhood"),
                        fmt::format("{} (N - 1) for {}: a lattice group is an agent and its "
                                    "neighbours",
                                    n - 1, why));
      }
      break;
    case PartnerMode::kGraph:
      break;  // checked against the graph when it is loaded (make_population_spec)
    case PartnerMode::kComplete:  // the expectation over every group (asynchronous processes)
      if (p.agents < n) {
        population.fail("agents", population.node("agents"),
                        fmt::format("at least {} agents for groups of {}", n, why));
      }
      break;
    default:
      population.fail("partners", population.node("partners"),
                      "\"random\", \"community\", \"lattice\", \"graph\" or \"all\" with a "
                      "group game");
  }
}

toml::table group_game_table(const GroupGame& g) {
  toml::table t{{"kind", "group"},
                {"group_game", group_game_name(g.kind)},
                {"group_size", g.group_size},
                {"rounds", g.rounds}};
  switch (g.kind) {
    case GroupGameKind::kPublicGoods:
      t.insert("cost", g.cost);
      t.insert("factor", g.factor);
      break;
    case GroupGameKind::kStagHunt:
      t.insert("cost", g.cost);
      t.insert("factor", g.factor);
      t.insert("threshold", g.threshold);
      break;
    case GroupGameKind::kCollectiveRisk:
      t.insert("cost", g.cost);
      t.insert("threshold", g.threshold);
      t.insert("risk", g.risk);
      t.insert("endowment", g.endowment);
      break;
    case GroupGameKind::kTable: {
      toml::array coop, defect;
      for (int i = 0; i < g.group_size; ++i) {
        coop.push_back(g.cooperator[i]);
        defect.push_back(g.defector[i]);
      }
      t.insert("table", toml::table{{"cooperator", coop}, {"defector", defect}});
      break;
    }
  }
  return t;
}

}  // namespace evomarket
