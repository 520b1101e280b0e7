#include "host/run/memory_estimate.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "host/backend/backend.h"
#include "host/backend/population_batch.h"
#include "host/errors.h"
#include "kernels/market.h"
#include "kernels/market_accounts.h"

namespace evomarket {
namespace {

// a * b, saturating at UINT64_MAX (sizes near 2^40 agents times bytes stay far below, but a
// tournament's pairs x repetitions x bytes need not).
uint64_t times(uint64_t a, uint64_t b) {
  if (a != 0 && b > UINT64_MAX / a) return UINT64_MAX;
  return a * b;
}

uint64_t plus(uint64_t a, uint64_t b) {
  return b > UINT64_MAX - a ? UINT64_MAX : a + b;
}

// Market engine bytes per agent, host (CPU engine) or device (CUDA engine): strategy, its
// account (kernels/market_accounts.h), net-metering sums, the update's packed keys, peer class
// and next strategies, and the checkpoint's copy of the strategies; with batteries the charge
// (and its copy), with contracts the reneging days and partners.
uint64_t market_bytes_per_agent(const MarketSetup& setup) {
  uint64_t bytes = 2 + uint64_t{kAccountFields} * 8 + 8 + 8 + 1 + 2 + 2;
  if (setup.battery.owners > 0) bytes += 8 + 8;
  if (setup.has_contracts()) bytes += 8 + 4;
  return bytes;
}

}  // namespace

MemoryEstimate estimate_population_memory(const ExperimentConfig& config, bool cuda,
                                          uint64_t graph_file_bytes) {
  const PopulationConfig& p = config.population;
  MemoryEstimate e;
  if (config.dynamics.schedule == Schedule::kAsynchronous) {  // strategy counts, no agents
    e.what = fmt::format("population.agents = {} (asynchronous: strategy counts only)", p.agents);
    return e;
  }
  const uint64_t graph = times(graph_file_bytes, kGraphBytesPerFileByte);
  const uint64_t offsets = graph_file_bytes > 0 ? times(p.agents + 1, 8) : 0;
  if (cuda) {
    e.host_bytes = plus(times(p.agents, kCudaPopulationHostBytesPerAgent), plus(graph, offsets));
    e.device_bytes = plus(times(p.agents, kCudaPopulationDeviceBytesPerAgent),
                          plus(offsets, times(graph_file_bytes, 2 * 8 / 4)));
  } else {
    e.host_bytes = plus(times(p.agents, kCpuPopulationBytesPerAgent), plus(graph, offsets));
  }
  e.what = fmt::format("population.agents = {} x {} bytes per agent", p.agents,
                       cuda ? kCudaPopulationDeviceBytesPerAgent : kCpuPopulationBytesPerAgent);
  if (graph_file_bytes > 0) {
    e.what += fmt::format(", and the graph of {} ({})", config.population.graph_file,
                          format_bytes(graph_file_bytes));
  }
  return e;
}

MemoryEstimate estimate_ensemble_memory(const ExperimentConfig& config, bool cuda,
                                        uint64_t graph_file_bytes, int threads) {
  const bool on_host = !cuda || config.dynamics.schedule == Schedule::kAsynchronous;
  // On the GPU, one device batch (host/backend/population_batch.h), as the CUDA backend sizes it.
  const uint64_t at_once = std::min<uint64_t>(
      config.replicates,
      on_host ? std::max(threads, 1)
              : device_batch_slots(config.population.agents, config.strategy_specs().size()));
  const MemoryEstimate one = estimate_population_memory(config, cuda, graph_file_bytes);
  // A replicate's totals: agents, payoff, turns and cooperations per strategy, per generation.
  const uint64_t outcome = times(config.strategy_specs().size(), 4 * 8);
  MemoryEstimate e;
  e.host_bytes =
      plus(times(one.host_bytes, on_host ? at_once : 1), times(config.replicates, outcome));
  e.device_bytes = times(one.device_bytes, on_host ? 1 : at_once);
  e.what = fmt::format("{} populations at once ({}), and experiment.replicates = {}", at_once,
                       one.what, config.replicates);
  return e;
}

MemoryEstimate estimate_tournament_memory(const ExperimentConfig& config, uint32_t strategies,
                                          bool cuda) {
  const TournamentConfig& t = config.tournament;
  const uint64_t n = strategies;
  const uint64_t pairs = t.self_play ? n * (n + 1) / 2 : n * (n - 1) / 2;
  const uint64_t matches = times(pairs, t.repetitions);
  const uint64_t per_match = sizeof(MatchJob) + sizeof(MatchOutcome);
  // scores (int64), normalised scores (double), wins (int32) per repetition and strategy, the
  // per-repetition scores of one strategy for its median, and the pair scores (int64).
  const uint64_t per_repetition = plus(times(n, 8 + 8 + 4) + 8, times(times(n, n), 8));
  // With record_moves, each match's two seats at the longest possible length, as played, then
  // arranged by repetition, strategy and opponent.
  const uint64_t moves_per_match =
      t.record_moves ? 2 * uint64_t{longest_possible_match(config.game)} : 0;
  const uint64_t arranged_moves =
      t.record_moves ? times(times(t.repetitions, times(n, n)), longest_possible_match(config.game))
                     : 0;
  // The ecosystem's shares (double) per step and strategy.
  const uint64_t ecosystem = times(times(uint64_t{t.ecosystem_steps} + 1, n), 8);
  MemoryEstimate e;
  e.host_bytes =
      plus(plus(times(matches, per_match + moves_per_match), times(t.repetitions, per_repetition)),
           plus(arranged_moves, ecosystem));
  if (cuda) e.device_bytes = times(matches, per_match + moves_per_match);
  e.what = fmt::format(
      "tournament.repetitions = {} x {} strategy pairs = {} matches x {} bytes per match",
      t.repetitions, pairs, matches, per_match);
  return e;
}

MemoryEstimate estimate_market_memory(const MarketSetup& setup, int threads, bool cuda) {
  const uint64_t agents = setup.agents;
  const uint64_t communities = setup.communities();
  const uint64_t per_agent = market_bytes_per_agent(setup);
  // One day's slot summaries and the per-community sums of a generation.
  const uint64_t per_community =
      times(setup.slots_per_day, uint64_t{kSlotSummaryFields} * 8) + uint64_t{kCommunityFields} * 8;
  MemoryEstimate e;
  // The host also keeps the last generation's strategies and accounts (/agents/market) and
  // receives the engine's copy of them.
  const uint64_t last_played = 2 * (2 + uint64_t{kAccountFields} * 8);
  e.host_bytes = plus(
      times(communities, per_community),
      times(agents, (cuda ? 2 + uint64_t{kAccountFields} * 8 + 8 + 2 : per_agent) + last_played));
  if (cuda) {
    // The order books of at least one slot of every agent at a time (cuda_market.cu chunks the
    // day's slots into 2 GiB): keys twice, the order, eight int64 arrays, the arrival rank.
    const uint64_t per_agent_slot = 2 * 8 + sizeof(Order) + 8 * 8 + 4;
    e.device_bytes =
        plus(times(agents, per_agent + per_agent_slot), times(communities, per_community));
  } else {
    // Every thread's scratch for one community's day: three int64 arrays per member and slot,
    // and the order book of one slot.
    const uint64_t scratch = times(
        setup.community_size, times(setup.slots_per_day, 3 * 8) + 4 * 8 + 8 + sizeof(Order) + 4);
    e.host_bytes = plus(e.host_bytes, times(static_cast<uint64_t>(std::max(threads, 1)), scratch));
  }
  e.what = fmt::format("market.agents = {} in {} communities x {} slots per day", agents,
                       communities, setup.slots_per_day);
  return e;
}

uint64_t physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return 0;
  return times(static_cast<uint64_t>(pages), static_cast<uint64_t>(page_size));
}

uint64_t parse_memory_size(const std::string& text, const std::string& option) {
  const auto bad = [&] {
    return ConfigError(fmt::format(
        "{} {}: expected a positive size in bytes, optionally with K, M, G or T (powers of 1024), "
        "e.g. 64G",
        option, text));
  };
  if (text.empty()) throw bad();
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  const std::string suffix(end);
  double unit = 1;
  if (suffix == "K" || suffix == "k") {
    unit = 1024.0;
  } else if (suffix == "M" || suffix == "m") {
    unit = 1024.0 * 1024;
  } else if (suffix == "G" || suffix == "g") {
    unit = 1024.0 * 1024 * 1024;
  } else if (suffix == "T" || suffix == "t") {
    unit = 1024.0 * 1024 * 1024 * 1024;
  } else if (!suffix.empty()) {
    throw bad();
  }
  const double bytes = value * unit;
  if (end == text.c_str() || !std::isfinite(bytes) || bytes < 1 || bytes >= 1.8e19) throw bad();
  return static_cast<uint64_t>(bytes);
}

void check_memory(const MemoryEstimate& estimate, const MemoryLimit& limit) {
  if (limit.host_bytes > 0 && estimate.host_bytes > limit.host_bytes) {
    throw ConfigError(fmt::format(
        "not enough memory: {} needs about {} of host memory, more than the {} of {}; make the "
        "run smaller{}",
        estimate.what, format_bytes(estimate.host_bytes), format_bytes(limit.host_bytes),
        limit.host_source,
        limit.host_source == kMemoryLimitOption ? "" : " (or set --memory-limit)"));
  }
  if (limit.device_bytes > 0 && estimate.device_bytes > limit.device_bytes) {
    throw ConfigError(fmt::format(
        "not enough device memory: {} needs about {} on the GPU, more than the {} of {}; make the "
        "run smaller or use --backend cpu",
        estimate.what, format_bytes(estimate.device_bytes), format_bytes(limit.device_bytes),
        limit.device_source));
  }
}

std::string format_bytes(uint64_t bytes) {
  if (bytes == UINT64_MAX) return "more than 16 EiB";
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double value = static_cast<double>(bytes);
  size_t u = 0;
  while (value >= 1024 && u + 1 < std::size(units)) {
    value /= 1024;
    ++u;
  }
  return u == 0 ? fmt::format("{} bytes", bytes) : fmt::format("{:.1f} {}", value, units[u]);
}

}  // namespace evomarket
