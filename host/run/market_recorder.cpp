#include "host/run/market_recorder.h"

#include <fmt/format.h>

#include <algorithm>

#include <cmath>
#include <limits>

#include "host/config/market_config.h"
#include "host/errors.h"
#include "host/profiles/civil_time.h"
#include "host/run/results_writers.h"
#include "io/dimension_scales.h"
#include "io/hdf5_attribute.h"
#include "io/hdf5_dataset.h"
#include "io/hdf5_strings.h"
#include "kernels/profile.h"

namespace evomarket {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMwhPerKwh = static_cast<double>(kMilliwattHoursPerKilowattHour);

double kwh(Int128 mwh) {
  return static_cast<double>(mwh) / kMwhPerKwh;
}
double currency(Int128 pico) {
  return static_cast<double>(pico) / kPicoPerCurrency;
}
// Traded value over traded energy: pico per mWh = micro-currency per kWh, as currency per kWh.
double mean_price(Int128 traded_value, Int128 traded) {
  return traded > 0 ? static_cast<double>(traded_value) / static_cast<double>(traded) /
                          double(kPricePerCurrency)
                    : kNaN;
}

}  // namespace

std::vector<std::string> market_generation_columns() {
  return {"savings",
          "net_metering_savings",
          "grid_only_cost",
          "welfare",
          "operator_surplus",
          "load_kwh",
          "pv_kwh",
          "traded_kwh",
          "grid_import_kwh",
          "grid_export_kwh",
          "self_sufficiency",
          "self_consumption",
          "self_sufficiency_without_market",
          "self_consumption_without_market",
          "contract_traded_kwh",
          "contract_savings",
          "network_fees"};
}

std::vector<std::string> market_generation_units() {
  return {"currency", "currency", "currency", "currency", "currency", "kWh",
          "kWh",      "kWh",      "kWh",      "kWh",      "share",    "share",
          "share",    "share",    "kWh",      "currency", "currency"};
}

std::vector<std::string> market_slot_units() {
  return {"kWh", "kWh", "kWh", "kWh", "kWh", "currency per kWh", "currency", "currency", "kWh"};
}

std::string SlotClock::slot_start(int64_t step) const {
  const int64_t spd = slots_per_day;
  const int64_t day = first_day + (step / spd) % std::max<int64_t>(days, 1);
  return format_timestamp(start_utc + (day * spd + step % spd) * slot_seconds, utc_offset_seconds);
}

std::vector<std::string> market_slot_columns() {
  return {"supply_kwh", "demand_kwh",       "traded_kwh", "grid_import_kwh",    "grid_export_kwh",
          "mean_price", "operator_surplus", "savings",    "contract_traded_kwh"};
}

namespace {

// A per-slot series: the rows are slots, with their start times beside the slot numbers.
io::SeriesLayout per_slot(io::SeriesAxis axis, const std::string& unit) {
  io::SeriesLayout layout;
  layout.rows = "slot";
  layout.row_text = "slot_start";
  layout.row_text_bytes = kTimestampChars;
  layout.axes.push_back(std::move(axis));
  layout.unit = unit;
  return layout;
}

}  // namespace

MarketRecorder::MarketRecorder(const io::ResultsFile& file, const MarketSetup& setup,
                               const std::vector<uint64_t>& initial_counts,
                               const std::string& profiles, const SlotClock& clock,
                               bool per_community, bool community_counts)
    : setup_(setup), clock_(clock), per_community_(per_community) {
  market_ = file.root().create_group("market");
  const io::Group& market = market_;
  write_strategy_table(market, setup.names, initial_counts);
  io::set_attr(market, "structure", structure_name(setup.structure));
  io::set_attr(market, "mechanism", mechanism_name(setup.mechanism));
  if (setup.mechanism == MarketMechanism::kUniform) {
    io::set_attr(market, "price_rule", uniform_rule_name(setup.uniform_rule));
    io::set_attr(market, "k", double(setup.k_num) / double(setup.k_den));
  }
  if (setup.mechanism == MarketMechanism::kPayAsBid) {
    io::set_attr(market, "pay_as_bid", pay_as_bid_name(setup.pay_as_bid));
  }
  io::set_attr(market, "fitness", fitness_name(setup.fitness));
  io::set_attr(market, "imitation", imitation_name(setup.peers));
  io::set_attr(market, "agents", setup.agents);
  io::set_attr(market, "community_size", static_cast<uint64_t>(setup.community_size));
  io::set_attr(market, "communities", setup.communities());
  io::set_attr(market, "slots_per_day", static_cast<uint64_t>(setup.slots_per_day));
  io::set_attr(market, "days_per_generation", static_cast<uint64_t>(setup.days_per_generation));
  io::set_attr(market, "profiles", profiles);
  io::set_attr(market, "payoff_unit", "milli-currency saved against grid-only settlement");
  std::vector<double> retail, feed_in;
  for (int64_t p : setup.retail) retail.push_back(double(p) / kPricePerCurrency);
  for (int64_t p : setup.feed_in) feed_in.push_back(double(p) / kPricePerCurrency);
  io::write_vector(market, "retail_price", retail);
  io::write_vector(market, "feed_in_tariff", feed_in);
  std::vector<double> import_fee(retail.size()), community_fee(retail.size());
  for (size_t t = 0; t < setup.import_fee.size(); ++t) {
    import_fee[t] = double(setup.import_fee[t]) / kPricePerCurrency;
  }
  for (size_t t = 0; t < setup.community_fee.size(); ++t) {
    community_fee[t] = double(setup.community_fee[t]) / kPricePerCurrency;
  }
  io::write_vector(market, "import_fee", import_fee);
  io::write_vector(market, "community_fee", community_fee);
  std::vector<int64_t> slot_of_day(retail.size());
  for (size_t i = 0; i < slot_of_day.size(); ++i) slot_of_day[i] = static_cast<int64_t>(i);
  io::write_vector(market, "slot_of_day", slot_of_day);
  io::make_dimension_scale(market, "slot_of_day");
  for (const char* name : {"retail_price", "feed_in_tariff", "import_fee", "community_fee"}) {
    io::attach_dimensions(market, name, {"slot_of_day"});
    io::set_attr(market.open_dataset(name), "units", "currency per kWh");
  }

  io::Group obs = file.observables();
  const std::vector<std::string>& names = setup.names;
  generation_.push_back(
      io::ObservableSeries::create<int64_t>(obs, "strategy_counts", per_strategy(names, "agents")));
  generation_.push_back(io::ObservableSeries::create<int64_t>(
      obs, "savings_total", per_strategy(names, "milli-currency per generation")));
  generation_.push_back(io::ObservableSeries::create<double>(
      obs, "mean_savings_per_day", per_strategy(names, "currency per agent and day")));
  io::SeriesLayout generation_sums;
  generation_sums.axes.push_back({"quantity", market_generation_columns().size(),
                                  market_generation_columns(), true, market_generation_units()});
  generation_.push_back(
      io::ObservableSeries::create<double>(obs, "market_generation", generation_sums));
  if (setup.net_only) {
    io::set_attr(generation_.back().group(), "nan_columns",
                 "load_kwh, pv_kwh, self_sufficiency, self_consumption and their values without "
                 "the market are NaN: the profile store holds net energy only (PV minus load), "
                 "so gross load and PV are unknown");
  }
  // What imitation compared: the mean fitness of each strategy's agents (docs/market.md).
  generation_.push_back(io::ObservableSeries::create<double>(
      obs, "mean_fitness",
      per_strategy(names, setup.fitness == MarketFitness::kSavings
                              ? "milli-currency saved per agent and day"
                              : "per mille of the most an agent could have saved (retail - "
                                "feed-in times its net energy)")));
  const io::SeriesAxis communities{"community", setup.communities(), {}, true, {}};
  if (community_counts) {
    io::SeriesLayout layout = per_strategy(names, "agents");
    layout.axes.insert(layout.axes.begin(), communities);
    community_counts_ = std::make_unique<io::ObservableSeries>(
        io::ObservableSeries::create<int64_t>(obs, "community_strategy_counts", layout));
    io::SeriesLayout savings = per_strategy(names, "currency per generation");
    savings.axes.insert(savings.axes.begin(), communities);
    community_savings_ = std::make_unique<io::ObservableSeries>(
        io::ObservableSeries::create<double>(obs, "community_strategy_savings", savings));
  }
  if (setup.has_contracts()) {
    honour_ = std::make_unique<io::ObservableSeries>(io::ObservableSeries::create<double>(
        obs, "contract_honour_rate", per_strategy(names, "share of contract days honoured")));
  }
  slots_ = std::make_unique<io::ObservableSeries>(io::ObservableSeries::create<double>(
      obs, "market_slot",
      per_slot({"quantity", market_slot_columns().size(), market_slot_columns(), true,
                market_slot_units()},
               "")));
  if (per_community_) {
    community_.push_back(io::ObservableSeries::create<double>(
        obs, "community_price", per_slot(communities, "currency per kWh")));
    community_.push_back(io::ObservableSeries::create<double>(obs, "community_traded_kwh",
                                                              per_slot(communities, "kWh")));
    community_.push_back(io::ObservableSeries::create<double>(obs, "community_grid_import_kwh",
                                                              per_slot(communities, "kWh")));
    community_.push_back(io::ObservableSeries::create<double>(obs, "community_grid_export_kwh",
                                                              per_slot(communities, "kWh")));
    io::SeriesLayout layout;
    layout.axes = {communities,
                   {"quantity",
                    4,
                    {"supply_kwh", "demand_kwh", "traded_kwh", "savings"},
                    true,
                    {"kWh", "kWh", "kWh", "currency"}}};
    community_generation_ = std::make_unique<io::ObservableSeries>(
        io::ObservableSeries::create<double>(obs, "community_generation", layout));
    community_sums_.assign(setup.communities(), SlotSums{});
  }
  if (setup.genome.enabled) {  // evolving prices: the genomes' distribution per generation
    const std::vector<std::string> markups = {"ask", "bid"};
    std::vector<std::string> bins(setup.genome.bins);
    for (uint32_t b = 0; b < setup.genome.bins; ++b) {
      bins[b] = fmt::format("[{:g}, {:g}{}", double(b) / setup.genome.bins,
                            double(b + 1) / setup.genome.bins, b + 1 == bins.size() ? "]" : ")");
    }
    io::SeriesLayout histogram;
    histogram.axes = {{"markup", 2, markups, true, {}}, {"bin", bins.size(), bins, true, {}}};
    histogram.unit = "agents";
    genome_histogram_ = std::make_unique<io::ObservableSeries>(
        io::ObservableSeries::create<int64_t>(obs, "genome_histogram", histogram));
    io::SeriesLayout mean;
    mean.axes = {{"markup", 2, markups, true, {}}};
    mean.unit = "share of the spread (retail - feed-in)";
    genome_mean_ = std::make_unique<io::ObservableSeries>(
        io::ObservableSeries::create<double>(obs, "genome_mean", mean));
  }
}

void MarketRecorder::record_genomes(uint32_t generation, const std::vector<uint32_t>& genomes) {
  const uint32_t bins = setup_.genome.bins;
  std::vector<int64_t> histogram(2 * size_t{bins}, 0);
  Int128 sum[2] = {0, 0};
  const uint64_t agents = genomes.size() / kGenomeWords;
  for (uint64_t a = 0; a < agents; ++a) {
    for (uint32_t k = 0; k < 2; ++k) {
      const uint32_t x = genomes[a * kGenomeWords + k];
      // Bin b holds [b / bins, (b + 1) / bins); the last also holds 1.
      const uint64_t b = std::min<uint64_t>(uint64_t{x} * bins / kMarkupOne, bins - 1);
      ++histogram[k * bins + b];
      sum[k] += x;
    }
  }
  genome_histogram_->append(generation, histogram);
  const double n = agents ? static_cast<double>(agents) : kNaN;
  genome_mean_->append(generation,
                       std::vector<double>{static_cast<double>(sum[0]) / kMarkupOne / n,
                                           static_cast<double>(sum[1]) / kMarkupOne / n});
}

void MarketRecorder::record_day(uint32_t sim_day, const MarketDay& day) {
  const uint64_t C = day.communities;
  std::vector<double> row(market_slot_columns().size());
  std::vector<double> price(C), traded(C), imports(C), exports(C);
  for (uint32_t s = 0; s < day.slots; ++s) {
    SlotSums sum;
    for (uint64_t c = 0; c < C; ++c) {
      const SlotSummary r = slot_summary(day, c, s);
      sum.add(r);
      if (per_community_) {
        community_sums_[c].add(r);
        price[c] = mean_price(r.traded_value, r.traded);
        traded[c] = kwh(r.traded);
        imports[c] = kwh(r.grid_import);
        exports[c] = kwh(r.grid_export);
      }
    }
    row[0] = kwh(sum.supply);
    row[1] = kwh(sum.demand);
    row[2] = kwh(sum.traded);
    row[3] = kwh(sum.grid_import);
    row[4] = kwh(sum.grid_export);
    row[5] = mean_price(sum.traded_value, sum.traded);
    row[6] = currency(sum.operator_surplus);
    row[7] = currency(sum.savings);
    row[8] = kwh(sum.contract_traded);
    const int64_t step = int64_t{sim_day} * day.slots + s;
    const std::string start = clock_.slot_start(step);
    slots_->append(step, row, start);
    if (per_community_) {
      community_[0].append(step, price, start);
      community_[1].append(step, traded, start);
      community_[2].append(step, imports, start);
      community_[3].append(step, exports, start);
    }
  }
}

void MarketRecorder::record_generation(uint32_t generation, const MarketTotals& t,
                                       const MarketGenerationSums& g) {
  const size_t n = t.agents.size();
  std::vector<int64_t> counts(n), payoff(n);
  std::vector<double> mean(n);
  for (size_t s = 0; s < n; ++s) {
    counts[s] = static_cast<int64_t>(t.agents[s]);
    payoff[s] = t.payoff[s];
    mean[s] = mean_savings_per_day(t, s, setup_.days_per_generation);
  }
  generation_[0].append(generation, counts);
  generation_[1].append(generation, payoff);
  generation_[2].append(generation, mean);
  std::vector<double> row = {currency(g.savings),
                             currency(g.net_metering - g.grid_only),
                             -currency(g.grid_only),
                             currency(g.savings + g.operator_surplus),
                             currency(g.operator_surplus),
                             kwh(g.load),
                             kwh(g.pv),
                             kwh(g.traded),
                             kwh(g.grid_import),
                             kwh(g.grid_export),
                             self_sufficiency(g),
                             self_consumption(g),
                             self_sufficiency_without_market(g),
                             self_consumption_without_market(g),
                             kwh(g.contract_traded),
                             currency(g.contract_savings),
                             currency(g.network_fees)};
  if (setup_.net_only) {  // gross load and PV are unknown (the nan_columns attribute)
    for (size_t c : {5, 6, 10, 11, 12, 13}) row[c] = kNaN;
  }
  generation_[3].append(generation, row);
  std::vector<double> fitness(n);
  for (size_t s = 0; s < n; ++s) {
    fitness[s] =
        t.agents[s] ? double(t.fitness[s]) / double(kFitnessOne) / double(t.agents[s]) : kNaN;
  }
  generation_[4].append(generation, fitness);
  if (community_generation_) {
    std::vector<double> rows;
    for (SlotSums& c : community_sums_) {
      rows.insert(rows.end(), {kwh(c.supply), kwh(c.demand), kwh(c.traded), currency(c.savings)});
      c = SlotSums{};
    }
    community_generation_->append(generation, rows);
  }
  if (community_savings_) {
    std::vector<double> savings;
    for (int64_t pico : t.community_savings) savings.push_back(currency(pico));
    community_savings_->append(generation, savings);
  }
  if (community_counts_) {
    community_counts_->append(
        generation, std::vector<int64_t>(t.community_agents.begin(), t.community_agents.end()));
  }
  if (honour_) {
    std::vector<double> rate(n);
    for (size_t s = 0; s < n; ++s) {
      rate[s] = t.contract_days[s] ? double(t.honoured_days[s]) / double(t.contract_days[s]) : kNaN;
    }
    honour_->append(generation, rate);
  }
}

std::vector<RecordedSeries> read_market_history(const io::Group& observables,
                                                const std::string& where, uint32_t next_generation,
                                                uint64_t slots_per_generation) {
  std::vector<RecordedSeries> out;
  try {
    for (const std::string& name : observables.children()) {
      const bool per_slot = name == "market_slot" || name == "community_price" ||
                            name == "community_traded_kwh" || name == "community_grid_import_kwh" ||
                            name == "community_grid_export_kwh";
      // The checkpoint was taken at a generation boundary: exactly the rows before it.
      const uint64_t rows =
          per_slot ? uint64_t{next_generation} * slots_per_generation : uint64_t{next_generation};
      const std::string row_axis = per_slot ? "/slot" : "/generation";
      const std::vector<uint64_t> step_shape = observables.open_dataset(name + row_axis).shape();
      const std::vector<uint64_t> value_shape = observables.open_dataset(name + "/value").shape();
      if (step_shape.size() != 1 || step_shape[0] != rows || value_shape.size() < 2 ||
          value_shape[0] != rows) {
        throw ConfigError(fmt::format(
            "--resume {}: damaged checkpoint: /observables/{} holds {} rows, expected {} for "
            "generation {}",
            where, name, step_shape.empty() ? 0 : step_shape[0], rows, next_generation));
      }
      const io::ObservableSeries series = io::ObservableSeries::open(observables, name);
      out.push_back(recorded_series(name, series));
    }
  } catch (const io::H5Error& e) {
    throw ConfigError(
        fmt::format("--resume {}: cannot read the recorded series of the interrupted run: {}",
                    where, e.what()));
  }
  return out;
}

RecordedSeries recorded_series(const std::string& name, const io::ObservableSeries& series) {
  RecordedSeries r;
  r.name = name;
  r.integer = series.element_type() == "int64";
  r.width = series.width();
  r.steps = series.steps();
  if (r.integer) {
    r.integers = series.values<int64_t>().data;
  } else {
    r.reals = series.values<double>().data;
  }
  return r;
}

void set_market_outcome(const io::ResultsFile& file, const std::string& stop_reason,
                        uint32_t generations) {
  const io::Group market = file.root().open_group("market");
  io::set_attr(market, "stop_reason", stop_reason);
  io::set_attr(market, "generations", static_cast<int64_t>(generations));
}

void MarketRecorder::replay(const std::vector<RecordedSeries>& history) {
  const std::vector<std::pair<std::string, io::ObservableSeries*>> targets = [&] {
    std::vector<std::pair<std::string, io::ObservableSeries*>> t = {
        {"strategy_counts", &generation_[0]},      {"savings_total", &generation_[1]},
        {"mean_savings_per_day", &generation_[2]}, {"market_generation", &generation_[3]},
        {"mean_fitness", &generation_[4]},         {"market_slot", slots_.get()}};
    if (honour_) t.emplace_back("contract_honour_rate", honour_.get());
    if (community_counts_) t.emplace_back("community_strategy_counts", community_counts_.get());
    if (community_savings_) t.emplace_back("community_strategy_savings", community_savings_.get());
    if (community_generation_) t.emplace_back("community_generation", community_generation_.get());
    if (genome_histogram_) {
      t.emplace_back("genome_histogram", genome_histogram_.get());
      t.emplace_back("genome_mean", genome_mean_.get());
    }
    const char* community[] = {"community_price", "community_traded_kwh",
                               "community_grid_import_kwh", "community_grid_export_kwh"};
    for (size_t i = 0; i < community_.size(); ++i) t.emplace_back(community[i], &community_[i]);
    return t;
  }();
  for (const auto& target : targets) {
    const auto& name = target.first;  // a structured binding is not capturable before C++20
    const auto found = std::find_if(history.begin(), history.end(),
                                    [&](const RecordedSeries& r) { return r.name == name; });
    if (found == history.end()) {
      throw ConfigError(fmt::format(
          "--resume: the checkpoint lacks /observables/{}, which this run records", name));
    }
  }
  for (const RecordedSeries& r : history) {
    for (const auto& [name, series] : targets) {
      if (name != r.name) continue;
      if (series->width() != r.width) {
        throw ConfigError(fmt::format("--resume: /observables/{} has {} columns, expected {}", name,
                                      r.width, series->width()));
      }
      const bool per_slot = series->row_axis() == "slot";
      for (size_t row = 0; row < r.steps.size(); ++row) {
        // Slot start times follow from the step: the same text the interrupted run wrote.
        const std::string start = per_slot ? clock_.slot_start(r.steps[row]) : std::string();
        if (r.integer) {
          series->append(r.steps[row], r.integers.data() + row * r.width, start);
        } else {
          series->append(r.steps[row], r.reals.data() + row * r.width, start);
        }
      }
    }
  }
}

}  // namespace evomarket
