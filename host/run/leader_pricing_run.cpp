#include "host/run/leader_pricing_run.h"

#include <chrono>
#include <stdexcept>

#include <fmt/format.h>

#include "host/errors.h"
#include "host/progress.h"
#include "io/dimension_scales.h"
#include "io/hdf5_attribute.h"
#include "io/hdf5_dataset.h"

namespace evomarket {
namespace {

constexpr double kMwhPerKwh = 1e6;
constexpr double kPicoPerCurrency = 1e12;
constexpr double kMicroPerCurrency = 1e6;

// The check of every day's sums (before any follower is touched), and which profiles generate
// anything in the window (their followers are of a PV class).
std::vector<uint8_t> profiles_with_pv(const ProfileFeed& feed, const LeaderPricingPlan& plan) {
  std::vector<uint8_t> pv(feed.profiles(), 0);
  for (uint64_t day = plan.first_day; day < plan.first_day + plan.days; ++day) {
    const EnergyBatch b = feed.read(day);
    try {
      theory::check_follower_sums(b, plan.followers);
    } catch (const std::invalid_argument& e) {
      throw ConfigError(fmt::format("--agents: {}", e.what()));
    }
    const uint64_t offset = b.first_slot - b.stored_first;
    for (uint64_t p = 0; p < b.profiles; ++p) {
      for (uint64_t s = 0; s < b.slots && pv[p] == 0; ++s) {
        if (b.pv[p * b.stored_slots + offset + s] > 0) pv[p] = 1;
      }
    }
  }
  return pv;
}

std::array<uint64_t, kFollowerClasses> count_classes(const FollowerSetup& f) {
  uint64_t counts[kFollowerClasses] = {0, 0, 0, 0};
  const auto n = static_cast<int64_t>(f.rule.followers);
#pragma omp parallel for reduction(+ : counts[:kFollowerClasses])
  for (int64_t i = 0; i < n; ++i) {
    const AgentProfile a = follower_profile(f.rule, static_cast<uint64_t>(i));
    ++counts[follower_class(f.rule, static_cast<uint64_t>(i), f.profile_pv[a.profile] != 0)];
  }
  return {counts[0], counts[1], counts[2], counts[3]};
}

double currency(LeaderWide pico) {
  return static_cast<double>(pico) / kPicoPerCurrency;
}

}  // namespace

LeaderWide LeaderPricingResult::total_profit() const {
  LeaderWide sum = 0;
  for (const theory::LeaderSlot& s : slots) sum += s.profit();
  return sum;
}

LeaderWide LeaderPricingResult::total_follower_gain() const {
  LeaderWide sum = 0;
  for (const theory::LeaderSlot& s : slots) sum += s.follower_gain();
  return sum;
}

LeaderPricingResult run_leader_pricing(const ProfileFeed& feed, LeaderPricingPlan& plan,
                                       Backend& backend, bool quiet) {
  const auto start = std::chrono::steady_clock::now();
  LeaderPricingResult result;
  result.slots_per_day = feed.store().slots_per_day();
  result.first_slot = plan.first_day * result.slots_per_day;
  plan.followers.profile_pv = profiles_with_pv(feed, plan);
  result.class_counts = count_classes(plan.followers);
  const std::unique_ptr<FollowerEvaluator> evaluator =
      backend.make_follower_evaluator(plan.followers);
  Progress progress("leader pricing", plan.days, "days", quiet);
  for (uint64_t day = plan.first_day; day < plan.first_day + plan.days; ++day) {
    evaluator->load(feed.read(day));  // checked by profiles_with_pv
    const std::vector<theory::LeaderSlot> slots = theory::search_leader_prices(
        *evaluator, plan.followers.classes, plan.retail, plan.feed_in, plan.search);
    for (const theory::LeaderSlot& s : slots) {
      result.follower_evaluations += uint64_t{s.evaluations} * plan.followers.rule.followers;
    }
    result.slots.insert(result.slots.end(), slots.begin(), slots.end());
    progress.update(day - plan.first_day + 1);
  }
  progress.finish();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

void write_leader_pricing(const std::string& path, const io::RunMetadata& meta,
                          const LeaderPricingPlan& plan, const LeaderPricingResult& result) {
  io::ResultsFile file = io::ResultsFile::create(path, meta);
  const io::Group g = file.root().create_group("leader_pricing");
  const size_t n = result.slots.size();
  std::vector<int64_t> slot(n), price_micro(n);
  std::vector<double> price(n), retail(n), feed_in(n), demand(n), supply(n), matched(n), import(n),
      export_(n), base_demand(n), profit(n), gain(n), bill(n), base_bill(n);
  for (size_t i = 0; i < n; ++i) {
    const theory::LeaderSlot& s = result.slots[i];
    slot[i] = static_cast<int64_t>(result.first_slot + i);
    price_micro[i] = s.price;
    price[i] = double(s.price) / kMicroPerCurrency;
    retail[i] = double(s.retail) / kMicroPerCurrency;
    feed_in[i] = double(s.feed_in) / kMicroPerCurrency;
    demand[i] = double(s.bought) / kMwhPerKwh;
    supply[i] = double(s.sold) / kMwhPerKwh;
    matched[i] = double(s.matched()) / kMwhPerKwh;
    import[i] = double(s.grid_import()) / kMwhPerKwh;
    export_[i] = double(s.grid_export()) / kMwhPerKwh;
    base_demand[i] = double(s.base_bought) / kMwhPerKwh;
    profit[i] = currency(s.profit());
    gain[i] = currency(s.follower_gain());
    bill[i] = currency(s.grid_bill());
    base_bill[i] = currency(s.baseline_grid_bill());
  }
  io::write_vector(g, "slot", slot);
  io::make_dimension_scale(g, "slot");
  io::set_attr(g.open_dataset("slot"), "units", "slot of the profile store (0: its first)");
  const auto put = [&](const char* name, const auto& values, const char* units) {
    io::write_vector(g, name, values);
    io::attach_dimensions(g, name, {"slot"});
    io::set_attr(g.open_dataset(name), "units", units);
  };
  put("price", price, "currency per kWh");
  put("price_micro", price_micro, "micro-currency per kWh (exact)");
  put("retail_price", retail, "currency per kWh");
  put("feed_in_tariff", feed_in, "currency per kWh");
  put("demand", demand, "kWh bought by the followers from the leader");
  put("supply", supply, "kWh sold by the followers to the leader at the feed-in tariff");
  put("matched", matched, "kWh of the followers' PV the leader sells on to them");
  put("grid_import", import, "kWh");
  put("grid_export", export_, "kWh");
  put("baseline_demand", base_demand, "kWh the followers buy from the grid without a leader");
  put("leader_profit", profit, "currency");
  put("follower_gain", gain, "currency: followers' welfare with the leader minus without");
  put("grid_bill", bill, "currency: imports at retail minus exports at feed-in, with the leader");
  put("baseline_grid_bill", base_bill, "currency: the same without a leader");
  io::set_attr(g, "followers", plan.followers.rule.followers);
  io::set_attr(g, "followers_are_meters", plan.followers.rule.sampled == 0 ? "yes" : "no");
  io::set_attr(g, "slots_per_day", static_cast<uint64_t>(result.slots_per_day));
  io::set_attr(g, "first_day", plan.first_day);
  io::set_attr(g, "days", plan.days);
  io::set_attr(g, "leader_profit", currency(result.total_profit()));
  io::set_attr(g, "follower_gain", currency(result.total_follower_gain()));
  const char* class_names[kFollowerClasses] = {"plain", "pv", "battery", "pv_battery"};
  for (uint32_t c = 0; c < kFollowerClasses; ++c) {
    io::set_attr(g, fmt::format("followers_{}", class_names[c]), result.class_counts[c]);
  }
  file.complete();
}

}  // namespace evomarket
