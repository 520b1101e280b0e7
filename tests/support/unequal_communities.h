// Communities of different sizes over a market setup's agents, as real communities are
// (market.agents = "meters"), for the engine parity tests.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <fstream>

#include "host/setup/market_setup.h"
#include "io/profile_store.h"

namespace evomarket::testing {

// Communities of the sizes `sizes` (cycled) over setup.agents; the last takes what is left.
inline void use_unequal_communities(MarketSetup& setup, const std::vector<uint64_t>& sizes) {
  setup.community_offsets = {0};
  setup.community_names.clear();
  uint64_t largest = 0;
  for (size_t i = 0; setup.community_offsets.back() < setup.agents; ++i) {
    const uint64_t first = setup.community_offsets.back();
    const uint64_t size = std::min(sizes[i % sizes.size()], setup.agents - first);
    setup.community_offsets.push_back(first + size);
    setup.community_names.push_back("c" + std::to_string(i));
    largest = std::max(largest, size);
  }
  setup.community_size = static_cast<uint32_t>(largest);
}

// Writes a communities file (meter,community) at `path` for every meter of the store, meter i in
// community names[i % names.size()] (names repeat: communities of different sizes); returns path.
inline std::string write_communities_file(const std::string& store, const std::string& path,
                                          const std::vector<std::string>& names) {
  std::ofstream out(path);
  out << "meter,community\n";
  const io::ProfileStore profiles = io::ProfileStore::open(store);
  const std::vector<io::MeterInfo>& meters = profiles.meter_info();
  for (size_t i = 0; i < meters.size(); ++i) {
    out << meters[i].id << ',' << names[i % names.size()] << '\n';
  }
  return path;
}

}  // namespace evomarket::testing
