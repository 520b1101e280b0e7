#include "host/profiles/meter_communities.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "host/errors.h"
#include "host/profiles/header_columns.h"
#include "host/profiles/meter_csv.h"
#include "host/profiles/synth.h"
#include "io/hdf5_error.h"
#include "io/profile_store.h"

namespace evomarket {
namespace {

// Communities in order of first appearance of `group[meter]`, members in meter order.
MeterCommunities group_meters(const std::vector<std::string>& group) {
  std::map<std::string, uint64_t> index;  // name -> community
  std::vector<std::vector<uint32_t>> members;
  MeterCommunities c;
  for (size_t m = 0; m < group.size(); ++m) {
    const auto [it, added] = index.try_emplace(group[m], members.size());
    if (added) {
      members.emplace_back();
      c.names.push_back(group[m]);
    }
    members[it->second].push_back(static_cast<uint32_t>(m));
  }
  c.offsets.push_back(0);
  for (const auto& list : members) {
    c.meters.insert(c.meters.end(), list.begin(), list.end());
    c.offsets.push_back(c.meters.size());
  }
  return c;
}

// Each store meter's community from the file (meter,community).
std::vector<std::string> read_file_groups(const std::string& path,
                                          const std::vector<std::string>& meters) {
  std::unordered_map<std::string, size_t> meter_index;
  for (size_t m = 0; m < meters.size(); ++m) meter_index.emplace(meters[m], m);
  LineReader reader(path);
  std::vector<std::string> header, fields;
  const std::string at = read_header(reader, ',', {"meter", "community"}, header);
  const int meter = find_column(header, "meter", at, "market.communities_file");
  const int community = find_column(header, "community", at, "market.communities_file");
  std::vector<std::string> group(meters.size());
  std::vector<std::string> given_at(meters.size());
  std::string line;
  while (reader.next(line)) {
    if (line.empty()) continue;
    split_csv(line, ',', fields);
    const std::string where = reader.where();
    if (fields.size() <= static_cast<size_t>(std::max(meter, community))) {
      throw ConfigError(
          fmt::format("{}: {} fields, expected a meter and its community", where, fields.size()));
    }
    const auto it = meter_index.find(fields[meter]);
    if (it == meter_index.end()) {
      throw ConfigError(fmt::format("{}: meter {} is not in the profile store", where,
                                    quote_field(fields[meter])));
    }
    if (fields[community].empty()) {
      throw ConfigError(
          fmt::format("{}: meter {} has an empty community", where, quote_field(fields[meter])));
    }
    if (!given_at[it->second].empty()) {
      throw ConfigError(fmt::format("{}: meter {} is named twice (first at {})", where,
                                    quote_field(fields[meter]), given_at[it->second]));
    }
    group[it->second] = fields[community];
    given_at[it->second] = where;
  }
  size_t missing = 0;
  std::string first_missing;
  for (size_t m = 0; m < meters.size(); ++m) {
    if (!given_at[m].empty()) continue;
    if (missing++ == 0) first_missing = meters[m];
  }
  if (missing > 0) {
    throw ConfigError(fmt::format(
        "{}:{}: {} meter{} of the profile store {} no community, the first {} (every meter of "
        "the store needs a line meter,community)",
        path, reader.line_number(), missing, missing == 1 ? "" : "s", missing == 1 ? "has" : "have",
        quote_field(first_missing)));
  }
  return group;
}

}  // namespace

uint64_t MeterCommunities::largest() const {
  uint64_t n = 0;
  for (size_t c = 0; c + 1 < offsets.size(); ++c) n = std::max(n, offsets[c + 1] - offsets[c]);
  return n;
}

MeterCommunities meter_communities(const std::string& store, const std::string& communities_file) {
  if (store.empty()) {  // the synthetic default community: its homes have no groups
    if (communities_file.empty()) {
      throw ConfigError(
          "market.agents = \"meters\" on the synthetic default community (no market.profiles) "
          "needs market.communities_file: its homes have no groups");
    }
    return group_meters(
        read_file_groups(communities_file, synthetic_meter_ids(default_community().meters)));
  }
  io::ProfileStore s = [&] {
    try {
      return io::ProfileStore::open(store);
    } catch (const io::H5Error& e) {
      throw ConfigError(fmt::format("market.profiles: {}", e.what()));
    }
  }();
  const std::vector<io::MeterInfo>& info = s.meter_info();
  std::vector<std::string> meters;
  for (const io::MeterInfo& m : info) meters.push_back(m.id);
  if (meters.size() > UINT32_MAX) {
    throw ConfigError(fmt::format("{}: {} meters, more than market.agents = \"meters\" takes",
                                  store, meters.size()));
  }
  if (!communities_file.empty()) return group_meters(read_file_groups(communities_file, meters));
  if (s.meta().group_column.empty()) {
    throw ConfigError(fmt::format(
        "{}: the profile store has no meter groups: ingest it with --meter-group COLUMN, or give "
        "market.communities_file (a CSV of meter,community)",
        store));
  }
  std::vector<std::string> group;
  for (const io::MeterInfo& m : info) group.push_back(m.group);
  return group_meters(group);
}

}  // namespace evomarket
