#include "host/cli/solve_leader_command.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "host/cli/solve_command.h"
#include "host/errors.h"
#include "host/run/leader_pricing_run.h"
#include "host/setup/probability.h"
#include "host/staged_output.h"
#include "host/version.h"
#include "io/profile_store.h"

namespace evomarket {
namespace {

constexpr double kMicro = 1e6;
constexpr double kMaxScale = 1000;               // market.scale_max's limit (kMaxScaleQ16)
constexpr uint64_t kMaxFollowers = 10000000000;  // 10^10
constexpr const char* kClassNames[kFollowerClasses] = {"plain", "pv", "battery", "pv_battery"};

// One value for every class, or one per class (plain, pv, battery, pv_battery), in ppm.
std::array<int64_t, kFollowerClasses> read_class_values(const std::string& text,
                                                        const char* option) {
  const std::vector<double> v = parse_number_list(text, option);
  if (v.size() != 1 && v.size() != kFollowerClasses) {
    throw ConfigError(fmt::format(
        "{}: {} values; expected one for every class, or four: plain, pv, battery, pv_battery",
        option, v.size()));
  }
  std::array<int64_t, kFollowerClasses> out{};
  for (uint32_t c = 0; c < kFollowerClasses; ++c) {
    const double x = v[v.size() == 1 ? 0 : c];
    if (!(x >= 0 && x <= double(kMaxLeaderPpm) / kLeaderPpm)) {
      throw ConfigError(fmt::format("{}: {} for class {} is outside [0, {}]", option, x,
                                    kClassNames[c], kMaxLeaderPpm / kLeaderPpm));
    }
    out[c] = std::llround(x * kLeaderPpm);
  }
  return out;
}

FollowerRule read_followers(const LeaderArgs& a, uint64_t meters) {
  FollowerRule r{};
  r.seed = a.seed;
  r.battery_threshold = probability_threshold(a.battery_share, "--battery-share").threshold;
  if (a.agents == 0) {
    if (a.agent_option_given) {
      throw ConfigError(
          "--scale-min, --scale-max and --max-shift describe sampled followers: give them with "
          "--agents N");
    }
    r.followers = meters;
    return r;
  }
  if (a.agents > kMaxFollowers) {
    throw ConfigError(fmt::format("--agents: {}; expected at most 10^10", a.agents));
  }
  if (!(a.scale_min > 0 && a.scale_min <= a.scale_max && a.scale_max <= kMaxScale)) {
    throw ConfigError(
        fmt::format("--scale-min {} and --scale-max {}: expected 0 < min <= max <= {}", a.scale_min,
                    a.scale_max, kMaxScale));
  }
  r.sampled = 1;
  r.followers = a.agents;
  r.profiles =
      AgentProfileRule{a.seed, meters, static_cast<uint32_t>(std::llround(a.scale_min * 65536)),
                       static_cast<uint32_t>(std::llround(a.scale_max * 65536)), a.max_shift};
  return r;
}

std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// The resolved parameters, as the results file's /parameters records them.
std::string parameters_toml(const LeaderArgs& a, const LeaderPricingPlan& plan) {
  std::string t = "[leader_pricing]\n";
  t += fmt::format("store = {}\n", toml_string(a.store));
  t += fmt::format("agents = {}\n", a.agents);
  t += fmt::format("followers = {}\n", plan.followers.rule.followers);
  if (a.agents > 0) {
    t += fmt::format("scale_min = {}\nscale_max = {}\nmax_shift = {}\n", a.scale_min, a.scale_max,
                     a.max_shift);
  }
  t += fmt::format("seed = {}\nbattery_share = {}\n", a.seed, a.battery_share);
  t += fmt::format("elasticity = {}\nflex = {}\n", toml_string(a.elasticity), toml_string(a.flex));
  t += fmt::format("first_day = {}\ndays = {}\n", plan.first_day, plan.days);
  t += fmt::format("retail = {}\nfeed_in = {}\n", toml_string(a.retail), toml_string(a.feed_in));
  t += fmt::format("grid_points = {}\n", a.grid_points);
  return t;
}

double currency(LeaderWide pico) {
  return static_cast<double>(pico) / 1e12;
}

std::string clock_of(uint32_t slot_of_day, uint32_t slot_seconds) {
  const uint32_t minutes = slot_of_day * slot_seconds / 60;
  return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

struct Totals {
  LeaderWide profit = 0, gain = 0, bill = 0, base_bill = 0;
  int64_t bought = 0, sold = 0, matched = 0, base_bought = 0;
  uint64_t below_retail = 0;
};

Totals totals_of(const LeaderPricingResult& r) {
  Totals t;
  for (const theory::LeaderSlot& s : r.slots) {
    t.profit += s.profit();
    t.gain += s.follower_gain();
    t.bill += s.grid_bill();
    t.base_bill += s.baseline_grid_bill();
    t.bought += s.bought;
    t.sold += s.sold;
    t.matched += s.matched();
    t.base_bought += s.base_bought;
    t.below_retail += s.price < s.retail;
  }
  return t;
}

void print_json(const LeaderArgs& a, const LeaderPricingPlan& plan, const LeaderPricingResult& r,
                const Backend& backend, std::FILE* out) {
  const Totals t = totals_of(r);
  nlohmann::ordered_json prices = nlohmann::ordered_json::array(), demand = prices, supply = prices,
                         profit = prices, gain = prices;
  for (const theory::LeaderSlot& s : r.slots) {
    prices.push_back(double(s.price) / kMicro);
    demand.push_back(double(s.bought) / kMicro);
    supply.push_back(double(s.sold) / kMicro);
    profit.push_back(currency(s.profit()));
    gain.push_back(currency(s.follower_gain()));
  }
  nlohmann::ordered_json classes;
  for (uint32_t c = 0; c < kFollowerClasses; ++c) classes[kClassNames[c]] = r.class_counts[c];
  const nlohmann::ordered_json j = {{"prices", prices},
                                    {"leader_profit", currency(t.profit)},
                                    {"follower_welfare_gain", currency(t.gain)},
                                    {"grid_bill", currency(t.bill)},
                                    {"baseline",
                                     {{"leader_profit", 0.0},
                                      {"grid_bill", currency(t.base_bill)},
                                      {"demand_kwh", double(t.base_bought) / kMicro}}},
                                    {"demand_kwh", demand},
                                    {"supply_kwh", supply},
                                    {"profit", profit},
                                    {"follower_gain", gain},
                                    {"first_slot", r.first_slot},
                                    {"slots_per_day", r.slots_per_day},
                                    {"followers", plan.followers.rule.followers},
                                    {"followers_are_meters", a.agents == 0},
                                    {"class_counts", classes},
                                    {"backend", backend.name()},
                                    {"follower_evaluations", r.follower_evaluations}};
  fmt::print(out, "{}\n", j.dump(2));
}

void print_text(const LeaderArgs& a, const LeaderPricingPlan& plan, const LeaderPricingResult& r,
                const Backend& backend, uint32_t slot_seconds, std::FILE* out) {
  const Totals t = totals_of(r);
  fmt::print(out,
             "Leader pricing: {} followers ({}), profile store {}, days {} to {} ({} slots); "
             "retail {}, feed-in {} per kWh; on {} ({})\n",
             plan.followers.rule.followers,
             a.agents == 0 ? "its meters" : "sampled from its meters", a.store, plan.first_day,
             plan.first_day + plan.days - 1, r.slots.size(), a.retail, a.feed_in, backend.name(),
             backend.device());
  fmt::print(out, "followers by class:");
  for (uint32_t c = 0; c < kFollowerClasses; ++c) {
    const FollowerClass& k = plan.followers.classes[c];
    fmt::print(out, "{} {} {} (elasticity {}, flex {})", c == 0 ? "" : ",", r.class_counts[c],
               kClassNames[c], double(k.elasticity_ppm) / kLeaderPpm,
               double(k.flex_ppm) / kLeaderPpm);
  }
  const double rate = r.seconds > 0 ? double(r.follower_evaluations) / r.seconds : 0.0;
  fmt::print(out,
             "\nsearch: {} grid prices per slot between feed-in and retail, then golden section "
             "to 1 micro-currency; {:.3g} follower responses in {:.2f} s ({:.3g} per second)\n\n",
             plan.search.grid_points, double(r.follower_evaluations), r.seconds, rate);
  const uint32_t spd = r.slots_per_day;
  fmt::print(out,
             "price per slot of the day (mean, min and max over the {} days), currency per "
             "kWh; energy in kWh summed over the days\n",
             plan.days);
  fmt::print(out, "{:>5} {:>8} {:>8} {:>8} {:>8} {:>8} {:>12} {:>12} {:>12}\n", "time", "retail",
             "feed-in", "price", "min", "max", "bought", "sold", "no leader");
  for (uint32_t k = 0; k < spd; ++k) {
    double sum = 0, lo = 1e300, hi = -1e300, bought = 0, sold = 0, base = 0;
    for (size_t i = k; i < r.slots.size(); i += spd) {
      const double p = double(r.slots[i].price) / kMicro;
      sum += p;
      lo = std::min(lo, p);
      hi = std::max(hi, p);
      bought += double(r.slots[i].bought) / kMicro;
      sold += double(r.slots[i].sold) / kMicro;
      base += double(r.slots[i].base_bought) / kMicro;
    }
    fmt::print(
        out, "{:>5} {:>8.4f} {:>8.4f} {:>8.4f} {:>8.4f} {:>8.4f} {:>12.3f} {:>12.3f} {:>12.3f}\n",
        clock_of(k, slot_seconds), double(plan.retail[k]) / kMicro,
        double(plan.feed_in[k]) / kMicro, sum / double(plan.days), lo, hi, bought, sold, base);
  }
  fmt::print(out, "\n{:<44} {:>16} {:>16}\n", "over the window", "with the leader", "grid only");
  fmt::print(out, "{:<44} {:>16.4f} {:>16.4f}\n", "leader profit", currency(t.profit), 0.0);
  fmt::print(out, "{:<44} {:>+16.4f} {:>16.4f}\n", "followers' welfare, change", currency(t.gain),
             0.0);
  fmt::print(out, "{:<44} {:>16.4f} {:>16.4f}\n", "grid bill of the community", currency(t.bill),
             currency(t.base_bill));
  fmt::print(out, "{:<44} {:>16.3f} {:>16.3f}\n", "kWh the followers buy",
             double(t.bought) / kMicro, double(t.base_bought) / kMicro);
  fmt::print(out, "{:<44} {:>16.3f} {:>16.3f}\n", "kWh the followers sell (at feed-in)",
             double(t.sold) / kMicro, double(t.sold) / kMicro);
  fmt::print(out, "{:<44} {:>16.3f} {:>16}\n", "kWh of their PV the leader sells on to them",
             double(t.matched) / kMicro, "-");
  fmt::print(out, "slots priced below retail: {} of {}\n", t.below_retail, r.slots.size());
}

void check_tariffs(const LeaderPricingPlan& plan) {
  for (size_t s = 0; s < plan.retail.size(); ++s) {
    if (plan.retail[s] < plan.feed_in[s]) {
      throw ConfigError(fmt::format(
          "--retail: expected a retail price at least the feed-in tariff in every slot; slot {} "
          "has retail {} below feed-in {}",
          s, double(plan.retail[s]) / kMicro, double(plan.feed_in[s]) / kMicro));
    }
  }
}

}  // namespace

void add_leader_subcommand(CLI::App& solve, LeaderArgs& a) {
  CLI::App* cmd = solve.add_subcommand(
      "leader-pricing",
      "A leader's profit-maximising price per slot against prosumer followers driven by a "
      "profile store, evaluated on the backend");
  cmd->add_option("--store", a.store, "Profile store (evomarket synth or ingest)")->required();
  cmd->add_option("--agents", a.agents,
                  "Followers sampled from the store's meters (default: the meters themselves)");
  cmd->add_option("--scale-min", a.scale_min, "--agents: smallest scale of a profile (default 1)");
  cmd->add_option("--scale-max", a.scale_max, "--agents: largest scale (default 1)");
  cmd->add_option("--max-shift", a.max_shift, "--agents: largest time shift in slots (default 0)");
  cmd->add_option("--seed", a.seed, "Seed of the sampled followers and battery owners (default 1)");
  cmd->add_option("--battery-share", a.battery_share,
                  "Share of the followers that own a battery (default 0)");
  cmd->add_option("--elasticity", a.elasticity,
                  "Price elasticity of demand at retail, one or per class plain,pv,battery,"
                  "pv_battery (default 0.3,0.3,1,1)");
  cmd->add_option("--flex", a.flex,
                  "Consumption may move by this share of the load, one or per class (default "
                  "0.5,0.5,1,1)");
  cmd->add_option("--first-day", a.first_day, "First day used (default 0)");
  cmd->add_option("--days", a.days, "Days used (default: to the end of the store)")
      ->check(CLI::Range(uint64_t{1}, io::kMaxStoreDays));
  cmd->add_option("--retail", a.retail,
                  "Grid retail price per kWh, one or one per slot of the day (default 0.30)");
  cmd->add_option("--feed-in", a.feed_in,
                  "Grid feed-in tariff per kWh, one or one per slot of the day (default 0.08)");
  cmd->add_option("--grid-points", a.grid_points,
                  "Prices of the leader's first grid per slot (default 65)")
      ->check(CLI::Range(theory::kMinGridPoints, theory::kMaxGridPoints));
  cmd->add_option("--backend", a.backend, "auto, cpu or cuda (auto: CUDA if a GPU is present)");
  cmd->add_option("--threads", a.threads,
                  fmt::format("CPU threads, at most {} (default: all cores)", kMaxThreads))
      ->check(CLI::Range(0, kMaxThreads));
  cmd->add_flag("--json", a.json, "Print JSON");
  cmd->add_flag("--quiet", a.quiet, "No progress on stderr");
  cmd->add_option("--out", a.out, "Also write the per-slot result as a results file (HDF5)");
  cmd->add_flag("--overwrite", a.overwrite, "Replace a complete results file or any other file");
  cmd->callback([&a, cmd] {
    a.selected = true;
    for (const char* o : {"--scale-min", "--scale-max", "--max-shift"}) {
      if (cmd->count(o) > 0) a.agent_option_given = true;
    }
  });
}

int run_leader(const LeaderArgs& a, std::FILE* out) {
  const BackendChoice choice = parse_backend_choice(a.backend);
  const std::unique_ptr<ProfileFeed> feed = [&] {
    if (!std::filesystem::exists(a.store)) {
      throw ConfigError(fmt::format("--store: {}: no such file", a.store));
    }
    if (!io::is_profile_store(a.store)) {
      throw ConfigError(
          fmt::format("--store: {} is not a profile store (write one with "
                      "evomarket synth or evomarket ingest)",
                      a.store));
    }
    try {
      return std::make_unique<ProfileFeed>(a.store, 1, a.agents > 0 ? a.max_shift : 0);
    } catch (const std::exception& e) {
      throw ConfigError(fmt::format("--store: {}", e.what()));
    }
  }();
  const io::ProfileStore& store = feed->store();
  if (store.meters() == 0 || store.days() == 0) {
    throw ConfigError(fmt::format("--store: profile store {} holds no data", a.store));
  }
  LeaderPricingPlan plan;
  if (a.first_day >= store.days()) {
    throw ConfigError(fmt::format("--first-day: {}; the profile store {} has days 0 to {}",
                                  a.first_day, a.store, store.days() - 1));
  }
  plan.first_day = a.first_day;
  plan.days = a.days == 0 ? store.days() - a.first_day : a.days;
  if (plan.days > store.days() - a.first_day) {
    throw ConfigError(
        fmt::format("--days: {} days from day {}; the profile store {} has days 0 to {}", plan.days,
                    a.first_day, a.store, store.days() - 1));
  }
  plan.retail = parse_day_prices(a.retail, "--retail", store.slots_per_day());
  plan.feed_in = parse_day_prices(a.feed_in, "--feed-in", store.slots_per_day());
  check_tariffs(plan);
  const auto eps = read_class_values(a.elasticity, "--elasticity");
  const auto flex = read_class_values(a.flex, "--flex");
  for (uint32_t c = 0; c < kFollowerClasses; ++c) plan.followers.classes[c] = {eps[c], flex[c]};
  plan.followers.rule = read_followers(a, store.meters());
  plan.search.grid_points = a.grid_points;
  if (!a.out.empty()) {
    check_output_may_be_written(a.out, "results file", {a.store}, a.overwrite,
                                io::results_file_status);
  }
  const std::unique_ptr<Backend> backend = make_backend(choice, a.threads);
  const LeaderPricingResult result = run_leader_pricing(*feed, plan, *backend, a.quiet || a.json);
  if (!a.out.empty()) {
    io::RunMetadata meta;
    meta.version = evomarket_version();
    meta.git_commit = evomarket_git_commit();
    meta.backend = backend->name();
    meta.device = backend->device();
    meta.mode = "leader_pricing";
    meta.config_toml = parameters_toml(a, plan);
    meta.seed = a.seed;
    // Written beside the target and renamed when complete: a failure leaves what was there.
    const std::unique_ptr<io::StagedOutput> staged = stage_output(a.out, "results file", {a.store});
    write_leader_pricing(staged->temporary(), meta, plan, result);
    staged->commit();
  }
  if (a.json) {
    print_json(a, plan, result, *backend, out);
  } else {
    print_text(a, plan, result, *backend, store.meta().slot_seconds, out);
    if (!a.out.empty()) fmt::print(out, "-> {}\n", a.out);
  }
  return 0;
}

}  // namespace evomarket
