// The [game] keys of group games (host/config/group_config.h): what a config reads, writes back
// resolved, and refuses with an error naming the key.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "host/config/config.h"
#include "host/config/game_builder.h"
#include "host/errors.h"
#include "host/setup/group_setup.h"

namespace evomarket {
namespace {

const char* kPublicGoods = R"toml(
[game]
kind = "group"
group_game = "public_goods"
group_size = 5
cost = 1.0
factor = 3.0
[population]
agents = 1000
strategies = ["Cooperate", "Defect", "Conditional(2)"]
shares = [0.4, 0.4, 0.2]
)toml";

// kPublicGoods with `changes`: "game.key=" (nothing after "=") deletes a key of [game], anything
// else is a --set override.
ExperimentConfig parse_changed(const std::vector<std::string>& changes) {
  std::string text = kPublicGoods;
  std::vector<std::string> overrides;
  for (const std::string& o : changes) {
    if (o.back() != '=') {
      overrides.push_back(o);
      continue;
    }
    const std::string key = o.substr(5, o.size() - 6) + " = ";
    const size_t at = text.find(key);
    if (at == std::string::npos) throw std::logic_error("no key " + key);
    text.erase(at, text.find('\n', at) - at + 1);
  }
  return parse_config(text, "group.toml", overrides);
}

std::string error_of(const std::vector<std::string>& changes) {
  try {
    parse_changed(changes);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(GroupConfig, ReadsThePublicGoodsGame) {
  const ExperimentConfig c = parse_config(kPublicGoods, "group.toml");
  EXPECT_EQ(c.game.kind, GameKind::kGroup);
  EXPECT_EQ(c.game.group.kind, GroupGameKind::kPublicGoods);
  EXPECT_EQ(c.game.group.group_size, 5);
  EXPECT_EQ(c.game.group.cost, 1.0);
  EXPECT_EQ(c.game.group.factor, 3.0);
  EXPECT_EQ(c.game.group.rounds, 1);
  EXPECT_EQ(c.population.counts, (std::vector<uint64_t>{400, 400, 200}));
  const GameSetup g = make_game_setup(c);
  EXPECT_EQ(g.group_codes,
            (std::vector<int32_t>{kGroupCooperate, kGroupDefect, group_conditional(2)}));
  // 0.8 at 2^16: one cooperator beside two others in groups of 5.
  EXPECT_EQ(g.group_table[group_table_index(5, true, 2)], std::llround(0.8 * 65536));
}

TEST(GroupConfig, StrategiesDefaultToCooperateAndDefect) {
  const ExperimentConfig c = parse_config(
      kPublicGoods, "group.toml", {"population.strategies=[]", "population.shares=[0.5, 0.5]"});
  EXPECT_EQ(c.population.strategies, (std::vector<std::string>{"Cooperate", "Defect"}));
}

// The resolved config reads back as the same game (what results files and checkpoints keep).
TEST(GroupConfig, ResolvedConfigReadsBackAsTheSameGame) {
  const std::vector<std::vector<std::string>> games = {
      {},
      {"game.group_game=\"collective_risk\"", "game.factor=", "game.cost=0.1", "game.threshold=3",
       "game.risk=0.75", "game.endowment=2", "game.rounds=4"},
      {"game.group_game=\"stag_hunt\"", "game.threshold=2", "game.rounds=3"},
      {"game.group_game=\"table\"", "game.group_size=3", "game.cost=", "game.factor=",
       "game.table.cooperator=[-1, 0.5, 2]", "game.table.defector=[0, 1.5, 3]"},
  };
  for (auto changes : games) {
    if (!changes.empty() && changes[0] == "game.group_game=\"table\"") {
      changes.push_back("population.strategies=[\"Cooperate\", \"Defect\"]");
      changes.push_back("population.shares=[0.5, 0.5]");
    }
    const ExperimentConfig a = parse_changed(changes);
    const ExperimentConfig b = parse_config(to_toml(a), "resolved.toml");
    EXPECT_EQ(to_toml(a), to_toml(b));
    EXPECT_EQ(b.game.kind, GameKind::kGroup);
    const GroupGame& x = a.game.group;
    const GroupGame& y = b.game.group;
    EXPECT_EQ(x.kind, y.kind);
    EXPECT_EQ(x.group_size, y.group_size);
    EXPECT_EQ(x.rounds, y.rounds);
    EXPECT_EQ(x.threshold, y.threshold);
    EXPECT_EQ(build_group_payoff_table(x), build_group_payoff_table(y));
  }
}

struct BadCase {
  std::vector<std::string> overrides;
  const char* key;       // the key the message must name
  const char* expected;  // part of what it says was expected
};

TEST(GroupConfig, BadGroupGamesNameTheKey) {
  const std::vector<BadCase> cases = {
      {{"game.group_size=1"}, "game.group_size", "[2, 64]"},
      {{"game.group_size=65"}, "game.group_size", "[2, 64]"},
      {{"game.cost=-1"}, "game.cost", "[0, 1000]"},
      {{"game.factor=-0.5"}, "game.factor", "[0, "},
      {{"game.group_game=\"stag_hunt\"", "game.threshold=6"}, "game.threshold", "[0, 5]"},
      {{"game.group_game=\"stag_hunt\""}, "game.threshold", "threshold M"},
      {{"game.group_game=\"collective_risk\"", "game.factor=", "game.threshold=2", "game.risk=1.5"},
       "game.risk",
       "[0, 1]"},
      {{"game.threshold=2"}, "game.threshold", "public_goods"},
      {{"game.group_game=\"table\"", "game.cost=", "game.factor=",
        "game.table.cooperator=[1, 2, 3, 4]", "game.table.defector=[1, 2, 3, 4, 5]"},
       "game.table.cooperator",
       "5 numbers"},
      {{"game.group_game=\"table\"", "game.cost=", "game.factor=",
        "game.table.cooperator=[1, 2, 3, 4, 5]", "game.table.defector=[1, 2, 3, 4, 5, 6]"},
       "game.table.defector",
       "5 numbers"},
      {{"game.group_game=\"prisoners\""}, "game.group_game", "public_goods"},
      {{"game.group_game=\"public_goods\"", "game.factor=5000"}, "game.group_game", "+-1000"},
      {{"game.noise=0.1"}, "game.noise", "group"},
      {{"game.rounds=0"}, "game.rounds", "[1, "},
      {{"population.strategies=[\"Cooperate\", \"TitForTat\", \"Defect\"]"},
       "population.strategies",
       "Conditional(k)"},
      {{"population.strategies=[\"Cooperate\", \"Conditional(5)\", \"Defect\"]"},
       "population.strategies",
       "k <= 4"},
      {{"population.agents=4"}, "population.agents", "at least 5"},
      {{"population.partners=\"community\"", "population.community_size=4"},
       "population.community_size",
       "at least 5"},
      {{"population.partners=\"community\"", "population.community_size=6"},
       "population.community_size",
       "the last community holds 4"},
      {{"population.partners=\"lattice\"", "population.agents=900", "population.neighbourhood=8"},
       "population.neighbourhood",
       "4 (N - 1)"},
      {{"population.partners=\"all\""}, "population.partners", ""},
      {{"population.self_interaction=true"}, "population.self_interaction", "group"},
      {{"population.matches_per_agent=100000", "game.rounds=1000"},
       "population.matches_per_agent",
       "more than 2^28"},
      {{"experiment.mode=\"tournament\""}, "experiment.mode", "population"},
  };
  for (const BadCase& c : cases) {
    const std::string e = error_of(c.overrides);
    EXPECT_NE(e.find(c.key), std::string::npos) << c.key << ": " << e;
    EXPECT_NE(e.find(c.expected), std::string::npos) << c.expected << ": " << e;
  }
}

TEST(GroupConfig, GroupKeysNeedAGroupGame) {
  std::string e = "no error";
  try {
    parse_config(R"toml(
[game]
kind = "matrix"
group_size = 3
matrix.strategies = ["A", "B"]
matrix.payoffs = [[1, 0], [0, 1]]
)toml",
                 "matrix.toml");
  } catch (const ConfigError& error) {
    e = error.what();
  }
  EXPECT_NE(e.find("game.group_size"), std::string::npos) << e;
  EXPECT_NE(e.find("game.kind = \"group\""), std::string::npos) << e;
}

}  // namespace
}  // namespace evomarket
