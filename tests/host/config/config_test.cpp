// Config parsing: defaults, overrides, and bad input that names the file, line and key.
#include <gtest/gtest.h>

#include "host/config/config.h"
#include "host/errors.h"

namespace evomarket {
namespace {

std::string error_of(const std::string& text, const std::vector<std::string>& overrides = {}) {
  try {
    parse_config(text, "exp.toml", overrides);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

const char* kTournament = R"(
[experiment]
mode = "tournament"
seed = 5
[tournament]
strategies = ["TitForTat", "Defector"]
repetitions = 3
)";

TEST(Config, DefaultsFillEverythingNotGiven) {
  const ExperimentConfig c = parse_config(kTournament, "exp.toml");
  EXPECT_EQ(c.mode, ExperimentMode::kTournament);
  EXPECT_EQ(c.seed, 5u);
  EXPECT_EQ(c.game.turns, 200u);
  EXPECT_EQ(c.game.payoffs.value[2], 5);
  EXPECT_EQ(c.tournament.repetitions, 3u);
  EXPECT_TRUE(c.tournament.self_play);
  EXPECT_EQ(c.output.file, "experiment.h5");
}

TEST(Config, OverridesKeepTheirTomlType) {
  const ExperimentConfig c =
      parse_config(kTournament, "exp.toml",
                   {"game.noise=0.05", "tournament.self_play=false", "game.payoffs.T=7",
                    "output.file=x.h5", "tournament.strategies=[\"Grudger\", \"Cooperator\"]"});
  EXPECT_DOUBLE_EQ(c.game.noise, 0.05);
  EXPECT_FALSE(c.tournament.self_play);
  EXPECT_EQ(c.game.payoffs.value[2], 7);
  EXPECT_EQ(c.output.file, "x.h5");
  EXPECT_EQ(c.tournament.strategies[0], "Grudger");
}

TEST(Config, ResolvedTomlRoundTrips) {
  const ExperimentConfig a = parse_config(kTournament, "exp.toml", {"game.noise=0.125"});
  const ExperimentConfig b = parse_config(to_toml(a), "resolved");
  EXPECT_EQ(to_toml(a), to_toml(b));
  EXPECT_DOUBLE_EQ(b.game.noise, 0.125);
}

TEST(Config, SharesBecomeExactCounts) {
  const ExperimentConfig c = parse_config(R"(
[population]
agents = 10
strategies = ["TFT", "ALLD", "ALLC"]
shares = [0.3333333, 0.3333333, 0.3333334]
)",
                                          "p.toml");
  ASSERT_EQ(c.population.counts.size(), 3u);
  EXPECT_EQ(c.population.counts[0] + c.population.counts[1] + c.population.counts[2], 10u);
  EXPECT_EQ(c.population.counts[2], 4u);  // the largest remainder gets the spare agent
}

TEST(Config, TheBuiltInDefaultIsTheMarketGameAtScale) {
  const ExperimentConfig c = parse_config(default_config_text(), "built-in default");
  EXPECT_EQ(c.mode, ExperimentMode::kMarket);
  EXPECT_GE(c.market.agents, 100000u);
  EXPECT_GE(c.market.agents / c.market.community_size, 1000u);
  EXPECT_EQ(c.market.days, 7u);
  EXPECT_TRUE(c.market.profiles.empty());  // the synthetic default community
}

TEST(Config, BadInputNamesFileLineAndKey) {
  EXPECT_EQ(error_of("[game]\nturns = -5\n"),
            "exp.toml:2: game.turns: expected an integer in [1, 4294967295], got -5");
  EXPECT_NE(
      error_of("[game]\nnoise = 1.5\n").find("exp.toml:2: game.noise: expected a number in [0, 1]"),
      std::string::npos);
  EXPECT_NE(error_of("[game]\nturnz = 5\n").find("exp.toml:2: game.turnz: unknown key"),
            std::string::npos);
  EXPECT_NE(error_of("[gaem]\nturns = 5\n").find("gaem: unknown key"), std::string::npos);
  EXPECT_NE(error_of("[experiment]\nmode = \"tournament\"\n[tournament]\nstrategies = []\n")
                .find("tournament.strategies: expected a non-empty list"),
            std::string::npos);
  EXPECT_NE(error_of("[experiment]\nmode = \"x\"\n").find("exp.toml:2: experiment.mode"),
            std::string::npos);
  EXPECT_NE(error_of("[game\nturns = 5\n").find("exp.toml:1:"), std::string::npos);
  EXPECT_NE(error_of(kTournament, {"game.prob_end=2"}).find("--set game.prob_end"),
            std::string::npos);
  EXPECT_NE(error_of(kTournament, {"novalue"}).find("expected key=value"), std::string::npos);
}

TEST(Config, PopulationMixMustAddUp) {
  const std::string head = "[population]\nagents = 10\nstrategies = [\"TFT\", \"ALLD\"]\n";
  EXPECT_NE(error_of(head + "counts = [3, 4]\n").find("summing to population.agents = 10, got 7"),
            std::string::npos);
  EXPECT_NE(error_of(head + "shares = [0.5, 0.6]\n").find("summing to 1"), std::string::npos);
  EXPECT_NE(error_of(head + "shares = [1.0]\n").find("one entry per strategy"), std::string::npos);
  EXPECT_NE(error_of(head).find("exactly one of population.shares"), std::string::npos);
  EXPECT_NE(error_of(head + "counts = [5, 5]\npartners = \"ring\"\n").find("population.partners"),
            std::string::npos);
}

TEST(Config, CustomFiniteStateMachine) {
  const ExperimentConfig c = parse_config(R"(
[experiment]
mode = "tournament"
[tournament]
strategies = ["Mine", "TFT"]
[strategies.Mine]
kind = "fsm"
initial_state = 0
initial_move = "C"
transitions = [[0, "C", 0, "C"], [0, "D", 1, "D"], [1, "C", 0, "C"], [1, "D", 1, "D"]]
)",
                                          "fsm.toml");
  ASSERT_EQ(c.custom_strategies.count("Mine"), 1u);
  EXPECT_EQ(c.custom_strategies.at("Mine").transitions.size(), 4u);
  EXPECT_NE(error_of("[strategies.X]\nkind = \"fsm\"\ntransitions = [[0, \"C\", 0]]\n")
                .find("expected a row"),
            std::string::npos);
  EXPECT_NE(error_of("[strategies.X]\nkind = \"memory_one\"\nfour_vector = [1, 0, 2, 0]\n")
                .find("probabilities in [0, 1]"),
            std::string::npos);
}

}  // namespace
}  // namespace evomarket
