// The one mapping from the config's dynamics.rule to the kernels' UpdateRule, as population and
// market runs receive it.
#include <gtest/gtest.h>

#include "host/config/game_builder.h"
#include "host/config/market_builder.h"

namespace evomarket {
namespace {

TEST(UpdateRule, EachConfigRuleMapsToItsKernelRule) {
  EXPECT_EQ(update_rule(DynamicsRule::kNone), UpdateRule::kNone);
  EXPECT_EQ(update_rule(DynamicsRule::kFermi), UpdateRule::kFermi);
  EXPECT_EQ(update_rule(DynamicsRule::kProportional), UpdateRule::kProportional);
  EXPECT_EQ(update_rule(DynamicsRule::kImitateBest), UpdateRule::kImitateBest);
  EXPECT_EQ(update_rule(DynamicsRule::kDeathBirth), UpdateRule::kDeathBirth);
  EXPECT_EQ(update_rule(DynamicsRule::kBirthDeath), UpdateRule::kBirthDeath);
}

TEST(UpdateRule, DynamicsSetupCarriesTheRuleAndItsParameters) {
  DynamicsConfig d;
  d.rule = DynamicsRule::kProportional;
  d.revise = 1.0;
  d.mutation = 0.5;
  d.w = 0.25;
  const EvolutionSetup e = make_dynamics_setup(d, 3);
  EXPECT_EQ(e.rule, UpdateRule::kProportional);
  EXPECT_EQ(e.revise.threshold, kCertain);
  EXPECT_EQ(e.mutation.threshold, kCertain / 2);
  EXPECT_EQ(e.w_q16, kFitnessOne / 4);
  EXPECT_EQ(e.strategies, 3u);
  EXPECT_FALSE(e.fermi_thresholds.empty());
}

TEST(UpdateRule, PopulationAndMarketRunsUseTheSameMapping) {
  const ExperimentConfig population = parse_config(
      "[game]\nkind = \"matrix\"\nmatrix.strategies = [\"C\", \"D\"]\n"
      "matrix.payoffs = [[3, 0], [5, 1]]\n[population]\nagents = 10\ncounts = [5, 5]\n"
      "[dynamics]\nrule = \"proportional\"\n",
      "population.toml");
  const GameSetup game = make_game_setup(population);
  const EvolutionSetup p = make_evolution_setup(population, game);
  EXPECT_EQ(p.rule, UpdateRule::kProportional);
  EXPECT_EQ(p.delta_max_q16, 5 * kFitnessOne);  // payoffs from 0 to 5

  ExperimentConfig market;
  market.dynamics.rule = DynamicsRule::kDeathBirth;
  MarketSetup setup;
  setup.names = {"a", "b"};
  setup.slots_per_day = 2;
  setup.retail = {300000, 300000};
  setup.feed_in = {80000, 80000};
  const EvolutionSetup e = make_market_evolution(market, setup);
  EXPECT_EQ(e.rule, UpdateRule::kDeathBirth);
  EXPECT_EQ(e.strategies, 2u);
  // Relative savings differ by at most the whole potential: 1000 per mille.
  EXPECT_EQ(e.delta_max_q16, 1000 * kFitnessOne);
  // Absolute savings: the widest spread, 0.22 currency per kWh, times 50 kWh a day: 11
  // currency = 11000 milli.
  setup.fitness = MarketFitness::kSavings;
  EXPECT_EQ(make_market_evolution(market, setup).delta_max_q16, 11000 * kFitnessOne);
}

}  // namespace
}  // namespace evomarket
