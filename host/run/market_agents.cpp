#include "host/run/market_agents.h"

#include <string>
#include <utility>
#include <vector>

#include "io/dimension_scales.h"
#include "io/hdf5_attribute.h"
#include "io/hdf5_dataset.h"
#include "kernels/battery.h"
#include "kernels/market_accounts.h"
#include "kernels/market_fitness.h"

namespace evomarket {
namespace {

constexpr const char* kEnergy = "mWh";
constexpr const char* kMoney = "pico-currency (1e-12 of the currency unit)";

struct AccountColumn {
  const char* name;
  AccountField field;
  const char* units;
  const char* meaning;
};

const AccountColumn kColumns[] = {
    {"load", kAccountLoad, kEnergy, "gross consumption (scaled profile)"},
    {"pv", kAccountPv, kEnergy, "gross generation (scaled profile)"},
    {"bought", kAccountBought, kEnergy, "bought inside the community market"},
    {"sold", kAccountSold, kEnergy, "sold inside the community market"},
    {"paid", kAccountPaid, kMoney, "paid inside the community market"},
    {"received", kAccountReceived, kMoney, "received inside the community market"},
    {"grid_import", kAccountGridImport, kEnergy, "imported from the grid"},
    {"grid_export", kAccountGridExport, kEnergy, "exported to the grid"},
    {"grid_money", kAccountGridMoney, kMoney,
     "exports at feed-in minus imports at retail (< 0: a cost)"},
    {"grid_only_money", kAccountGridOnly, kMoney,
     "the same for the whole net position without any market (< 0: a cost)"},
    {"contract_savings", kAccountContract, kMoney, "saved through bilateral contracts"},
    {"savings", kAccountSavings, kMoney, "saved against grid-only settlement (contracts included)"},
    {"potential", kAccountPotential, kMoney,
     "the most it could have saved: (retail - feed-in) x |net position| per slot"},
};

}  // namespace

void write_market_agents(const io::ResultsFile& file, const MarketSetup& setup,
                         const MarketAgents& last) {
  if (last.generation < 0) return;
  const uint64_t agents = setup.agents;
  io::Group g = file.root().require_group("agents").create_group("market");
  io::set_attr(g, "generation", last.generation);
  std::vector<int64_t> strategy(agents), community(agents), pv_owner(agents), battery(agents);
  std::vector<double> fitness(agents);
  for (uint64_t c = 0; c < setup.communities(); ++c) {
    for (uint64_t a = setup.community_first(c); a < setup.community_first(c + 1); ++a) {
      community[a] = static_cast<int64_t>(c);
    }
  }
  for (uint64_t a = 0; a < agents; ++a) {
    const int64_t* account = &last.accounts[a * kAccountFields];
    strategy[a] = last.strategies[a];
    pv_owner[a] = account[kAccountPv] > 0 ? 1 : 0;
    battery[a] = owns_battery(setup.battery, setup.seed, a) ? 1 : 0;
    fitness[a] = static_cast<double>(market_fitness_q16(setup.fitness, account[kAccountSavings],
                                                        account[kAccountPotential],
                                                        setup.days_per_generation)) /
                 static_cast<double>(kFitnessOne);
  }
  std::vector<std::pair<std::string, const char*>> described = {
      {"strategy", "index into /market/strategy of the strategy it played"},
      {"community", "its community (consecutive agents; index into the community coordinate)"},
      {"pv_owner", "1 when it generated anything in the generation (its class)"},
      {"battery_owner", "1 when it owns a battery (its class)"},
      {"fitness", "what imitation compared (docs/market.md, \"Fitness\")"}};
  io::write_vector(g, "strategy", strategy);
  io::write_vector(g, "community", community);
  io::write_vector(g, "pv_owner", pv_owner);
  io::write_vector(g, "battery_owner", battery);
  io::write_vector(g, "fitness", fitness);
  if (!setup.meters.empty()) {  // market.agents = "meters": which meter of the store it is
    io::write_vector(g, "meter", std::vector<int64_t>(setup.meters.begin(), setup.meters.end()));
    described.push_back({"meter", "the store meter it is (index into /profiles/meta/meter_ids)"});
  }
  std::vector<int64_t> column(agents);
  for (const AccountColumn& c : kColumns) {
    for (uint64_t a = 0; a < agents; ++a) column[a] = last.accounts[a * kAccountFields + c.field];
    io::write_vector(g, c.name, column);
    io::set_attr(g.open_dataset(c.name), "units", c.units);
    described.push_back({c.name, c.meaning});
  }
  io::make_bare_dimension(g, "agent", agents);
  for (const auto& [name, meaning] : described) {
    io::attach_dimensions(g, name, {"agent"});
    io::set_attr(g.open_dataset(name), "meaning", meaning);
  }
}

}  // namespace evomarket
