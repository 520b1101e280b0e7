// Real communities for market.agents = "meters" (docs/market.md, "Real meters and
// communities"): one agent per meter of the profile store, grouped into the communities the
// data gives, from the store's meter groups (ingest --meter-group) or from a communities file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace evomarket {

// Agents are numbered community by community, so that each community is a run of consecutive
// agents (what the engines need): community c holds agents [offsets[c], offsets[c + 1]), named
// names[c]. Communities come in the order they first appear (store meter order, or the file's
// line order), and members of a community in store meter order.
struct MeterCommunities {
  std::vector<uint32_t> meters;    // per agent: the store meter it is
  std::vector<uint64_t> offsets;   // communities + 1 entries, from 0 to the number of meters
  std::vector<std::string> names;  // per community
  uint64_t largest() const;        // members of the largest community
};

// Groups the meters of the store at `store` (empty: the synthetic default community that
// `evomarket run` makes without market.profiles, host/profiles/synth.h): by `communities_file`
// when it is not empty, else by the store's meter groups. ConfigError (naming the file, and the
// line for the communities file) when the store has no groups and no file is given, a store meter
// is missing from the file, the file names a meter the store does not hold or names one twice, or a
// line is malformed.
//
// The communities file is a CSV with a header naming the columns `meter` and `community` (other
// columns are ignored); one line per meter of the store.
MeterCommunities meter_communities(const std::string& store, const std::string& communities_file);

}  // namespace evomarket
