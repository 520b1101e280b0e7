#include "host/run/market_agents.h"

#include <fmt/format.h>

#include <utility>

#include "host/errors.h"
#include "host/run/market_recorder.h"
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

enum class ColumnKind { kStrategy, kCommunity, kPvOwner, kBatteryOwner, kFitness, kAccount };

struct AgentColumn {
  const char* name;
  ColumnKind kind;
  AccountField field;  // kAccount only
  const char* units;   // "" for none
  const char* meaning;
  bool per_generation;  // changes between generations: also in /agents/market_history
};

const AgentColumn kColumns[] = {
    {"strategy", ColumnKind::kStrategy, kAccountLoad, "",
     "index into /market/strategy of the strategy it played", true},
    {"community", ColumnKind::kCommunity, kAccountLoad, "", "its community (consecutive agents)",
     false},
    {"pv_owner", ColumnKind::kPvOwner, kAccountLoad, "",
     "1 when it generated anything in the generation (its class)", true},
    {"battery_owner", ColumnKind::kBatteryOwner, kAccountLoad, "",
     "1 when it owns a battery (its class)", false},
    {"fitness", ColumnKind::kFitness, kAccountLoad, "",
     "what imitation compared (docs/market.md, \"Fitness\")", true},
    {"load", ColumnKind::kAccount, kAccountLoad, kEnergy, "gross consumption (scaled profile)",
     true},
    {"pv", ColumnKind::kAccount, kAccountPv, kEnergy, "gross generation (scaled profile)", true},
    {"bought", ColumnKind::kAccount, kAccountBought, kEnergy, "bought inside the community market",
     true},
    {"sold", ColumnKind::kAccount, kAccountSold, kEnergy, "sold inside the community market", true},
    {"paid", ColumnKind::kAccount, kAccountPaid, kMoney, "paid inside the community market", true},
    {"received", ColumnKind::kAccount, kAccountReceived, kMoney,
     "received inside the community market", true},
    {"grid_import", ColumnKind::kAccount, kAccountGridImport, kEnergy, "imported from the grid",
     true},
    {"grid_export", ColumnKind::kAccount, kAccountGridExport, kEnergy, "exported to the grid",
     true},
    {"grid_money", ColumnKind::kAccount, kAccountGridMoney, kMoney,
     "exports at feed-in minus imports at retail (< 0: a cost)", true},
    {"grid_only_money", ColumnKind::kAccount, kAccountGridOnly, kMoney,
     "the same for the whole net position without any market (< 0: a cost)", true},
    {"contract_savings", ColumnKind::kAccount, kAccountContract, kMoney,
     "saved through bilateral contracts", true},
    {"savings", ColumnKind::kAccount, kAccountSavings, kMoney,
     "saved against grid-only settlement (contracts included)", true},
    {"potential", ColumnKind::kAccount, kAccountPotential, kMoney,
     "the most it could have saved: (local value - feed-in) x |net position| per slot", true},
    {"network_fees", ColumnKind::kAccount, kAccountNetworkFees, kMoney,
     "network charges: community fee on what it bought inside, import fee on its imports", true},
};

// Column c of every agent of `played` (integers; fitness has its own function).
std::vector<int64_t> integer_column(const AgentColumn& c, const MarketSetup& setup,
                                    const MarketAgents& played) {
  std::vector<int64_t> out(setup.agents);
  for (uint64_t a = 0; a < setup.agents; ++a) {
    const int64_t* account = &played.accounts[a * kAccountFields];
    switch (c.kind) {
      case ColumnKind::kStrategy:
        out[a] = played.strategies[a];
        break;
      case ColumnKind::kCommunity:
        out[a] = static_cast<int64_t>(a / setup.community_size);
        break;
      case ColumnKind::kPvOwner:
        out[a] = account[kAccountPv] > 0 ? 1 : 0;
        break;
      case ColumnKind::kBatteryOwner:
        out[a] = owns_battery(setup.battery, setup.seed, a) ? 1 : 0;
        break;
      case ColumnKind::kAccount:
        out[a] = account[c.field];
        break;
      case ColumnKind::kFitness:
        break;
    }
  }
  return out;
}

std::vector<double> fitness_column(const MarketSetup& setup, const MarketAgents& played) {
  std::vector<double> out(setup.agents);
  for (uint64_t a = 0; a < setup.agents; ++a) {
    const int64_t* account = &played.accounts[a * kAccountFields];
    out[a] = static_cast<double>(market_fitness_q16(setup.fitness, account[kAccountSavings],
                                                    account[kAccountPotential],
                                                    setup.days_per_generation)) /
             static_cast<double>(kFitnessOne);
  }
  return out;
}

}  // namespace

void write_market_agents(const io::ResultsFile& file, const MarketSetup& setup,
                         const MarketAgents& last) {
  if (last.generation < 0) return;
  io::Group g = file.root().require_group("agents").create_group("market");
  io::set_attr(g, "generation", last.generation);
  for (const AgentColumn& c : kColumns) {
    if (c.kind == ColumnKind::kFitness) {
      io::write_vector(g, c.name, fitness_column(setup, last));
    } else {
      io::write_vector(g, c.name, integer_column(c, setup, last));
    }
  }
  io::make_bare_dimension(g, "agent", setup.agents);
  for (const AgentColumn& c : kColumns) {
    io::attach_dimensions(g, c.name, {"agent"});
    io::set_attr(g.open_dataset(c.name), "meaning", c.meaning);
    if (*c.units) io::set_attr(g.open_dataset(c.name), "units", c.units);
  }
}

MarketSnapshots::MarketSnapshots(const io::ResultsFile& file, const MarketSetup& setup,
                                 uint32_t every)
    : setup_(setup), every_(every) {
  const io::Group history = file.root().require_group("agents").create_group("market_history");
  io::set_attr(history, "every", static_cast<int64_t>(every));
  for (const AgentColumn& c : kColumns) {
    if (!c.per_generation) continue;
    // Agents are numbered by position: a dimension without coordinate values.
    io::SeriesLayout layout;
    layout.axes.push_back({"agent", setup.agents, {}, false, {}});
    layout.unit = c.units;
    io::ObservableSeries s = c.kind == ColumnKind::kFitness
                                 ? io::ObservableSeries::create<double>(history, c.name, layout)
                                 : io::ObservableSeries::create<int64_t>(history, c.name, layout);
    io::set_attr(history.open_group(c.name), "meaning", c.meaning);
    series_.emplace_back(c.name, std::move(s));
  }
}

void MarketSnapshots::record(const MarketAgents& played) {
  size_t i = 0;
  for (const AgentColumn& c : kColumns) {
    if (!c.per_generation) continue;
    io::ObservableSeries& s = series_[i++].second;
    if (c.kind == ColumnKind::kFitness) {
      s.append(played.generation, fitness_column(setup_, played));
    } else {
      s.append(played.generation, integer_column(c, setup_, played));
    }
  }
}

void MarketSnapshots::replay(const std::vector<RecordedSeries>& history) {
  for (const RecordedSeries& r : history) {
    for (auto& [name, series] : series_) {
      if (name != r.name) continue;
      for (size_t row = 0; row < r.steps.size(); ++row) {
        if (r.integer) {
          series.append(r.steps[row], r.integers.data() + row * r.width);
        } else {
          series.append(r.steps[row], r.reals.data() + row * r.width);
        }
      }
    }
  }
}

std::vector<RecordedSeries> read_market_snapshots(const io::Group& recorded,
                                                  const std::string& where,
                                                  uint32_t next_generation, uint32_t every,
                                                  uint64_t agent_count) {
  std::vector<RecordedSeries> out;
  // Generations 0, K, 2K, ... below next_generation.
  const uint64_t rows = (uint64_t{next_generation} + every - 1) / every;
  try {
    if (!recorded.has_group("agents") ||
        !recorded.open_group("agents").has_group("market_history")) {
      if (rows == 0) return out;
      throw ConfigError(fmt::format(
          "--resume {}: the checkpoint holds no agent snapshots, expected {} (was the run "
          "started with another output.snapshot_every?)",
          where, rows));
    }
    const io::Group history = recorded.open_group("agents").open_group("market_history");
    for (const AgentColumn& c : kColumns) {
      if (!c.per_generation) continue;
      const io::ObservableSeries series = io::ObservableSeries::open(history, c.name);
      RecordedSeries r = recorded_series(c.name, series);
      if (r.steps.size() != rows || r.width != agent_count) {
        throw ConfigError(fmt::format(
            "--resume {}: damaged checkpoint: /agents/market_history/{} holds {} rows of {} "
            "agents, expected {} of {} for generation {}",
            where, c.name, r.steps.size(), r.width, rows, agent_count, next_generation));
      }
      out.push_back(std::move(r));
    }
  } catch (const io::H5Error& e) {
    throw ConfigError(
        fmt::format("--resume {}: cannot read the agent snapshots of the interrupted run: {}",
                    where, e.what()));
  }
  return out;
}

}  // namespace evomarket
