// Per-agent accounts (kernels/market_accounts.h) on the CPU engine: for every mechanism and
// market structure, the accounts summed over agents are the generation's aggregates, and each
// agent's parts add up to its savings.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "host/backend/backend.h"
#include "host/config/config.h"
#include "host/config/market_builder.h"
#include "host/profiles/synth.h"
#include "host/run/market_records.h"
#include "host/run/market_run.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

class MarketAccounts : public evomarket::testing::TempDirTest {
 protected:
  std::string store() {
    SynthOptions o = default_community();
    o.meters = 40;
    o.days = 2;
    o.out = file("profiles.h5");
    synthesize_profiles(o);
    return o.out;
  }
};

struct Totals {
  Int128 fields[kAccountFields] = {};
};

TEST_F(MarketAccounts, SumToTheAggregatesForEveryMechanismAndStructure) {
  const std::string profiles = store();
  struct Case {
    std::string market;
  };
  std::vector<Case> cases;
  for (const char* mechanism :
       {"uniform", "pay_as_bid", "pay_as_bid\"\npay_as_bid = \"bid_rate", "trade_reduction",
        "mcafee", "muda", "continuous", "continuous\"\ncontinuous_price = \"midpoint", "sdr",
        "mid_market", "reverse_auction", "reverse_auction\"\nreverse_payment = \"vcg", "none"}) {
    cases.push_back({std::string("mechanism = \"") + mechanism + "\"\n" +
                     "strategies = [\"Truthful\", \"ZIC\", \"Markup(0.3)\"]\n"});
  }
  cases.push_back({"structure = \"bilateral\"\nstrategies = [\"TitForTat\", \"Defector\"]\n"});
  cases.push_back(
      {"structure = \"composite\"\ncontract_noise = 0.1\n"
       "strategies = [\"TitForTat\", \"Defector\"]\n"});
  // Network fees, flat on imports and per slot of the day on community trades.
  std::string per_slot = "community_fee = [";
  for (int t = 0; t < 48; ++t) per_slot += (t ? ", " : "") + std::to_string(0.01 * (t % 5));
  per_slot += "]\nimport_fee = 0.04\n";
  cases.push_back({per_slot + "mechanism = \"uniform\"\nstrategies = [\"Truthful\", \"ZIC\"]\n"});
  cases.push_back({per_slot + "structure = \"composite\"\nstrategies = [\"TitForTat\", "
                              "\"Defector\"]\n"});
  cases.push_back({per_slot + "mechanism = \"sdr\"\n"});
  for (const Case& c : cases) {
    SCOPED_TRACE(c.market);
    const ExperimentConfig config = parse_config(
        "[experiment]\nmode = \"market\"\nseed = 4\n[market]\nprofiles = \"" + profiles +
            "\"\nagents = 300\ncommunity_size = 31\ndays = 2\ndays_per_generation = 2\n"
            "battery = { share = 0.4 }\n" +
            c.market + "[dynamics]\nrule = \"fermi\"\nbeta = 0.05\n",
        "m.toml");
    const MarketInputs inputs = load_market_inputs(config, profiles);
    const MarketSetup& setup = inputs.setup;
    const EvolutionSetup evolution = make_market_evolution(config, setup);
    std::unique_ptr<Backend> backend = make_cpu_backend(2);
    std::unique_ptr<MarketEngine> engine = backend->make_market(setup, evolution);
    engine->place_strategies(config.market.counts);
    engine->begin_generation(0);
    MarketGenerationSums sums;
    for (uint32_t d = 0; d < 2; ++d) {
      const MarketDay day = engine->play_day(inputs.days[d], d);
      for (uint64_t k = 0; k < day.communities; ++k) {
        for (uint32_t t = 0; t < day.slots; ++t) sums.add(slot_summary(day, k, t));
      }
    }
    const MarketTotals totals = engine->end_generation();
    sums.add_communities(totals, setup.communities());
    const std::vector<int64_t> accounts = engine->accounts();
    ASSERT_EQ(accounts.size(), setup.agents * kAccountFields);
    Totals sum;
    for (uint64_t a = 0; a < setup.agents; ++a) {
      const int64_t* account = &accounts[a * kAccountFields];
      for (uint32_t f = 0; f < kAccountFields; ++f) sum.fields[f] += account[f];
      // Each agent: the community part, the grid part and its contract make its savings.
      // Without contracts the grid-only reference is its whole position's.
      if (!setup.has_contracts()) {
        EXPECT_EQ(account[kAccountReceived] - account[kAccountPaid] + account[kAccountGridMoney] -
                      account[kAccountNetworkFees] - account[kAccountGridOnly],
                  account[kAccountSavings])
            << "agent " << a;
      }
      EXPECT_LE(account[kAccountSavings], account[kAccountPotential]) << "agent " << a;
    }
    EXPECT_TRUE(sum.fields[kAccountBought] == sums.traded);
    EXPECT_TRUE(sum.fields[kAccountSold] == sums.traded);
    EXPECT_TRUE(sum.fields[kAccountGridImport] == sums.grid_import);
    EXPECT_TRUE(sum.fields[kAccountGridExport] == sums.grid_export);
    EXPECT_TRUE(sum.fields[kAccountSavings] == sums.savings);
    EXPECT_TRUE(sum.fields[kAccountContract] == sums.contract_savings);
    EXPECT_TRUE(sum.fields[kAccountPaid] - sum.fields[kAccountReceived] == sums.operator_surplus);
    EXPECT_TRUE(sum.fields[kAccountLoad] == sums.load);
    EXPECT_TRUE(sum.fields[kAccountPv] == sums.pv);
    EXPECT_TRUE(sum.fields[kAccountGridOnly] == sums.grid_only);
    EXPECT_TRUE(sum.fields[kAccountNetworkFees] == sums.network_fees);
    EXPECT_TRUE(sums.traded > 0 || config.market.mechanism == MarketMechanism::kNone);
  }
}

}  // namespace
}  // namespace evomarket
