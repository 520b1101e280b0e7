// The market game end to end on the CPU backend: determinism across thread counts for every
// mechanism, population-level invariants, net metering, and bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "host/backend/backend.h"
#include "host/config/config.h"
#include "host/errors.h"
#include "host/profiles/meter_ingest.h"
#include "host/profiles/synth.h"
#include "host/run/market_run.h"
#include "io/profile_store.h"
#include "support/opsd.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

class MarketGame : public evomarket::testing::TempDirTest {
 protected:
  // A small synthetic community: 40 homes, 3 days of 30-minute slots.
  std::string store(uint32_t days = 3) {
    SynthOptions o = default_community();
    o.meters = 40;
    o.days = days;
    o.out = file("profiles.h5");
    synthesize_profiles(o);
    return o.out;
  }

  ExperimentConfig config(const std::string& extra, const std::string& profiles) {
    const std::string text =
        "[experiment]\nmode = \"market\"\nseed = 11\n[market]\nprofiles = \"" + profiles +
        "\"\nagents = 1000\ncommunity_size = 37\ndays = 3\n"
        "strategies = [\"Truthful\", \"ZIC\", \"Markup(0.3)\", "
        "\"Markup(0.8,0.2)\"]\n" +
        extra + "\n[dynamics]\nrule = \"fermi\"\nbeta = 0.05\nmutation = 0.05\n";
    return parse_config(text, "market.toml");
  }

  MarketRunResult run(const ExperimentConfig& c, int threads) {
    std::unique_ptr<Backend> backend = make_cpu_backend(threads);
    const MarketInputs inputs = load_market_inputs(c, c.market.profiles);
    return run_market(c, inputs, *backend);
  }
};

void expect_same(const MarketRunResult& a, const MarketRunResult& b) {
  ASSERT_EQ(a.generations.size(), b.generations.size());
  for (size_t g = 0; g < a.generations.size(); ++g) {
    EXPECT_EQ(a.generations[g].agents, b.generations[g].agents) << g;
    EXPECT_EQ(a.generations[g].payoff, b.generations[g].payoff) << g;
    EXPECT_EQ(a.generations[g].community, b.generations[g].community) << g;
    EXPECT_TRUE(a.sums[g].traded == b.sums[g].traded && a.sums[g].savings == b.sums[g].savings &&
                a.sums[g].net_metering == b.sums[g].net_metering)
        << g;
  }
}

TEST_F(MarketGame, EveryMechanismIsIdenticalForOneAndTwoThreads) {
  const std::string profiles = store();
  for (const char* mechanism :
       {"uniform", "pay_as_bid", "pay_as_bid\"\npay_as_bid = \"bid_rate", "trade_reduction",
        "mcafee", "muda", "continuous", "continuous\"\ncontinuous_price = \"midpoint", "sdr",
        "mid_market", "reverse_auction", "reverse_auction\"\nreverse_payment = \"vcg"}) {
    SCOPED_TRACE(mechanism);
    const ExperimentConfig c = config(std::string("mechanism = \"") + mechanism +
                                          "\"\nbattery = { share = 0.5 }\nmax_shift_slots = 2",
                                      profiles);
    const MarketRunResult one = run(c, 1);
    const MarketRunResult two = run(c, 2);
    expect_same(one, two);
    EXPECT_GT(one.sums.back().traded, 0);
  }
}

TEST_F(MarketGame, ContractStructuresAreIdenticalForOneAndTwoThreads) {
  const std::string profiles = store();
  for (const char* structure : {"bilateral", "composite"}) {
    SCOPED_TRACE(structure);
    ExperimentConfig c = parse_config(
        std::string("[experiment]\nmode = \"market\"\nseed = 4\n[market]\nprofiles = \"") +
            profiles + "\"\nagents = 999\ncommunity_size = 37\ndays = 3\n" +
            "days_per_generation = 3\ngenerations = 3\nstructure = \"" + structure +
            "\"\ncontract_noise = 0.05\nbattery = { share = 0.3 }\n"
            "[dynamics]\nrule = \"fermi\"\nbeta = 0.05\nmutation = 0.05\n",
        "contracts.toml");
    const MarketRunResult one = run(c, 1);
    const MarketRunResult two = run(c, 2);
    expect_same(one, two);
    const MarketGenerationSums& s = one.sums.back();
    EXPECT_GT(s.contract_traded, 0);
    EXPECT_TRUE(s.savings + s.operator_surplus ==
                (300000 - 80000) * (s.traded + s.contract_traded));
    const MarketTotals& t = one.generations.front();
    // Cooperators honour every contract day, defectors none (noise aside: 5%).
    EXPECT_GT(double(t.honoured_days[0]) / double(t.contract_days[0]), 0.9);
    EXPECT_LT(double(t.honoured_days[1]) / double(t.contract_days[1]), 0.1);
    if (std::string(structure) == "bilateral") EXPECT_TRUE(s.traded == 0);
  }
}

TEST_F(MarketGame, CompositeAgentsHoldAContractAndAPricingStrategy) {
  ExperimentConfig c =
      parse_config("[experiment]\nmode = \"market\"\nseed = 6\n[market]\nprofiles = \"" + store() +
                       "\"\nagents = 1200\ncommunity_size = 40\ndays = 3\ndays_per_generation = 3\n"
                       "generations = 2\nstructure = \"composite\"\n"
                       "strategies = [\"TitForTat\", \"Defector\"]\n"
                       "pricing_strategies = [\"Truthful\", \"Markup(0.9)\"]\n"
                       "[dynamics]\nrule = \"fermi\"\nbeta = 0.05\nmutation = 0.05\n",
                   "composite.toml");
  EXPECT_EQ(c.market.counts, (std::vector<uint64_t>{300, 300, 300, 300}));
  const MarketRunResult one = run(c, 1);
  expect_same(one, run(c, 2));
  EXPECT_EQ(one.setup.names,
            (std::vector<std::string>{"TitForTat+Truthful", "TitForTat+Markup(0.9)",
                                      "Defector+Truthful", "Defector+Markup(0.9)"}));
  const MarketTotals& t = one.generations.front();
  // The contract half decides honour: tit for tat honours most days, the defector none.
  EXPECT_GT(t.honoured_days[0], t.contract_days[0] / 2);
  EXPECT_GT(t.honoured_days[1], t.contract_days[1] / 2);
  EXPECT_EQ(t.honoured_days[2], 0u);
  EXPECT_EQ(t.honoured_days[3], 0u);
  // The pricing half decides the auction: quoting a 0.9 markup trades less than quoting truly.
  EXPECT_GT(t.payoff[0], t.payoff[1]);
  EXPECT_GT(t.payoff[2], t.payoff[3]);
  // Shares and counts have one entry per combination.
  EXPECT_NE(error_of([&] {
              parse_config(
                  "[experiment]\nmode = \"market\"\n[market]\nstructure = "
                  "\"composite\"\nstrategies = [\"TitForTat\", \"Defector\"]\n"
                  "pricing_strategies = [\"Truthful\", \"ZIC\"]\n"
                  "shares = [0.5, 0.5]\n",
                  "m.toml");
            }).find("one entry per strategy (4 strategies, 2 entries)"),
            std::string::npos);
}

TEST_F(MarketGame, PopulationTotalsKeepTheWelfareIdentityAndTheAgentCount) {
  const ExperimentConfig c = config("mechanism = \"mcafee\"", store());
  const MarketRunResult r = run(c, 2);
  const int64_t spread = 300000 - 80000;
  for (size_t g = 0; g < r.generations.size(); ++g) {
    const MarketGenerationSums& s = r.sums[g];
    EXPECT_TRUE(s.savings + s.operator_surplus == spread * s.traded) << g;
    EXPECT_TRUE(s.operator_surplus >= 0);
    EXPECT_TRUE(s.grid_import == s.demand - s.traded && s.grid_export == s.supply - s.traded);
    const MarketTotals& t = r.generations[g];
    const size_t strategies = t.agents.size();
    for (size_t k = 0; k < strategies; ++k) {  // per-community counts add up to the totals
      uint64_t sum = 0;
      for (size_t c = 0; c * strategies < t.community_agents.size(); ++c) {
        sum += t.community_agents[c * strategies + k];
      }
      EXPECT_EQ(sum, t.agents[k]);
    }
    uint64_t agents = 0;
    for (uint64_t n : r.generations[g].agents) agents += n;
    EXPECT_EQ(agents, 1000u);
    for (int64_t p : r.generations[g].payoff) EXPECT_GE(p, 0);  // nobody loses against the grid
  }
}

TEST_F(MarketGame, WithoutDynamicsTheStrategiesStayPut) {
  ExperimentConfig c = config("", store());
  c.dynamics.rule = DynamicsRule::kNone;
  c.dynamics.mutation = 0;
  const MarketRunResult r = run(c, 2);
  for (const MarketTotals& t : r.generations) EXPECT_EQ(t.agents, r.generations[0].agents);
  EXPECT_EQ(r.generations[0].agents, (std::vector<uint64_t>{250, 250, 250, 250}));
}

TEST_F(MarketGame, BatteriesRaiseSelfSufficiencyWithoutAnyMarket) {
  const std::string profiles = store();
  const MarketRunResult none = run(config("", profiles), 2);
  const MarketRunResult some = run(config("battery = { share = 1.0 }", profiles), 2);
  const auto no_market_import = [](const MarketGenerationSums& s) { return s.demand; };
  EXPECT_TRUE(no_market_import(some.sums[1]) < no_market_import(none.sums[1]));
  EXPECT_TRUE(some.sums[1].load == none.sums[1].load);  // the same homes
}

TEST_F(MarketGame, StopsAtFixationOrWhenTheTimeBudgetIsSpent) {
  const std::string profiles = store();
  ExperimentConfig c =
      parse_config("[experiment]\nmode = \"market\"\nseed = 2\n[market]\nprofiles = \"" + profiles +
                       "\"\nagents = 40\ncommunity_size = 40\ndays = 3\ngenerations = 500\n"
                       "strategies = [\"Truthful\", \"Markup(0.9)\"]\n"
                       // Classes evolve apart: one strategy can fix in each.
                       "imitation = \"community\"\n"
                       "[dynamics]\nrule = \"imitate_best\"\n",
                   "fix.toml");
  const MarketRunResult fixed = run(c, 2);
  EXPECT_EQ(fixed.stop_reason, "fixation");
  ASSERT_LT(fixed.generations.size(), 500u);
  const std::vector<uint64_t>& last = fixed.generations.back().agents;
  EXPECT_EQ(std::count(last.begin(), last.end(), 40u), 1);
  c.stop.at_fixation = false;
  c.market.generations = 5;
  EXPECT_EQ(run(c, 2).stop_reason, "generations");
  c.stop.max_seconds = 1e-9;
  const MarketRunResult none = run(c, 2);
  EXPECT_EQ(none.stop_reason, "time_budget");
  EXPECT_TRUE(none.generations.empty());
}

TEST(NetMetering, CreditsExportsAtRetailUpToTheFeedInRatio) {
  // Flat prices: a net exporter of E is paid fit x E; a net consumer pays retail x E.
  const int64_t retail = 300000, fit = 80000, kwh = 1000000;
  EXPECT_EQ(net_metering_money(retail * 2 * kwh, fit * 48, retail * 48), fit * 2 * kwh);
  EXPECT_EQ(net_metering_money(-retail * 3 * kwh, fit * 48, retail * 48), -retail * 3 * kwh);
  EXPECT_EQ(net_metering_money(0, fit, retail), 0);
}

TEST_F(MarketGame, BadInputIsAClearError) {
  const std::string profiles = store();
  EXPECT_NE(error_of([&] { config("retail = 0.05", profiles); })
                .find("market.toml:10: market.retail: expected a retail price at least the "
                      "feed-in tariff"),
            std::string::npos)
      << error_of([&] { config("retail = 0.05", profiles); });
  EXPECT_NE(
      error_of([&] { config("k = 1.5", profiles); }).find("market.k: expected a number in [0, 1]"),
      std::string::npos);
  EXPECT_NE(error_of([&] { config("k = -0.1", profiles); }).find("market.k"), std::string::npos);
  EXPECT_NE(error_of([&] {
              parse_config(
                  "[experiment]\nmode = \"market\"\n[market]\nagents = 50\n"
                  "community_size = 100\n",
                  "m.toml");
            })
                .find("m.toml:5: market.community_size: expected a community size at most "
                      "market.agents = 50"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              config("structure = \"bilateral\"\nmechanism = \"uniform\"", profiles);
            }).find("no community mechanism with structure = \"bilateral\""),
            std::string::npos);
  const auto composite_with_pricing_names = [&] {
    load_market_inputs(config("structure = \"composite\"", profiles), profiles);
  };
  EXPECT_NE(error_of(composite_with_pricing_names).find("market.strategies: "), std::string::npos)
      << error_of(composite_with_pricing_names);
  EXPECT_NE(error_of([&] {
              parse_config("[experiment]\nmode = \"market\"\n[population]\nagents = 5\n", "m.toml");
            }).find("m.toml:3: population: expected no [population] table in market mode"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              parse_config("[market]\nagents = 5\n", "p.toml");
            }).find("p.toml:1: market: expected experiment.mode = \"market\""),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              config("mechanism = \"dutch\"", profiles);
            }).find("market.mechanism: expected one of"),
            std::string::npos);
  // Options of one mechanism are refused beside another, and their values are checked.
  EXPECT_NE(error_of([&] {
              config("mechanism = \"uniform\"\ncontinuous_price = \"midpoint\"", profiles);
            })
                .find("market.continuous_price: expected mechanism = \"continuous\" for "
                      "continuous_price (the mechanism is \"uniform\")"),
            std::string::npos)
      << error_of(
             [&] { config("mechanism = \"uniform\"\ncontinuous_price = \"midpoint\"", profiles); });
  EXPECT_NE(error_of([&] {
              config("reverse_payment = \"vcg\"", profiles);
            }).find("market.reverse_payment: expected mechanism = \"reverse_auction\""),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              config("mechanism = \"reverse_auction\"\nreverse_payment = \"clarke\"", profiles);
            }).find("market.reverse_payment: expected one of"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              config("mechanism = \"pay_as_bid\"\npay_as_bid = \"ask_rate\"", profiles);
            }).find("market.pay_as_bid: expected one of"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              parse_config(
                  "[experiment]\nmode = \"market\"\n[market]\n"
                  "strategies = [\"Markup(1.5)\"]\n",
                  "m.toml");
            }).find("m.toml:4: market.strategies: expected Markup(a) or Markup(a,b)"),
            std::string::npos);
  // The store has 3 days; the config asks for 5.
  EXPECT_NE(error_of([&] {
              ExperimentConfig c = config("", profiles);
              c.market.days = 5;
              load_market_inputs(c, profiles);
            }).find("market.days: the profile store has 3 days"),
            std::string::npos);
  // Time-of-use prices must give one price per slot (48 here) and retail >= feed-in in each.
  EXPECT_NE(error_of([&] {
              load_market_inputs(config("retail = [0.3, 0.2]", profiles), profiles);
            }).find("market.retail: expected one price or one per slot of the day (48 slots"),
            std::string::npos);
  std::string tou = "retail = [";
  for (int s = 0; s < 48; ++s) tou += s == 20 ? "0.05, " : "0.30, ";
  tou += "]";
  EXPECT_NE(error_of([&] {
              load_market_inputs(config(tou, profiles), profiles);
            }).find("slot 20 has retail 0.05 below feed-in 0.08"),
            std::string::npos);
}

TEST_F(MarketGame, MissingProfileValuesAreNamed) {
  io::ProfileMeta meta;
  meta.slot_seconds = 1800;
  io::ProfileStoreWriter w = io::ProfileStoreWriter::create(file("holes.h5"), meta);
  std::vector<float> load(48, 0.5f), pv(48, 0.2f);
  for (int m = 0; m < 3; ++m) {
    const uint64_t index = w.meter("home" + std::to_string(m));
    for (int d = 0; d < 3; ++d) {
      if (m == 2 && d == 1) load[7] = std::numeric_limits<float>::quiet_NaN();
      w.write_day(index, d, load.data(), pv.data());
      load[7] = 0.5f;
    }
  }
  w.finish(io::IngestCounts{});
  const ExperimentConfig c = config("", file("holes.h5"));
  const std::string e = error_of([&] { load_market_inputs(c, file("holes.h5")); });
  EXPECT_NE(e.find("home2"), std::string::npos) << e;
}

// Real meter data (skipped where ../shared/data is absent): the OPSD Konstanz prosumer, hourly,
// drives 2000 agents (scaled 0.5-1.5, shifted up to 3 hours) through a June week of 24 slots a
// day; the market keeps its invariants on real profiles, and a window over the days the
// ingest left missing is refused with the meter and day named.
TEST_F(MarketGame, RealHouseholdDataDrivesAMarketWeek) {
  if (!std::filesystem::exists(testing::opsd_csv_path())) {
    GTEST_SKIP() << "real data not present: " << testing::opsd_csv_path();
  }
  IngestOptions o = testing::opsd_ingest_options(file("opsd.h5"), "fill");
  o.store_time_zone = "+01:00";
  ingest(o);
  // 2016-06-06 (a Monday) is day 246 of the store.
  const ExperimentConfig c = parse_config(
      "[experiment]\nmode = \"market\"\nseed = 3\n[market]\nprofiles = \"" + o.out +
          "\"\nagents = 2000\ncommunity_size = 50\nfirst_day = 246\ndays = 7\n"
          "scale_min = 0.5\nscale_max = 1.5\nmax_shift_slots = 3\nbattery = { share = 0.3 }\n"
          "[dynamics]\nrule = \"fermi\"\nbeta = 0.05\nmutation = 0.01\n",
      "opsd.toml");
  const MarketRunResult one = run(c, 1);
  const MarketRunResult two = run(c, 2);
  expect_same(one, two);
  EXPECT_EQ(one.setup.slots_per_day, 24u);
  for (const MarketGenerationSums& s : one.sums) {
    EXPECT_GT(s.traded, 0);
    EXPECT_GT(s.pv, s.load / 2);  // a PV-rich home in June
    EXPECT_TRUE(s.savings + s.operator_surplus == (300000 - 80000) * s.traded);
  }
  for (const MarketTotals& t : one.generations) {
    for (int64_t payoff : t.payoff) EXPECT_GE(payoff, 0);
  }
  // Day 0 of the store has hours the ingest could not fill.
  ExperimentConfig early = c;
  early.market.first_day = 0;
  const std::string e = error_of([&] { load_market_inputs(early, o.out); });
  EXPECT_NE(e.find("meter KN4 has no value for day 0"), std::string::npos) << e;
}

}  // namespace
}  // namespace evomarket
