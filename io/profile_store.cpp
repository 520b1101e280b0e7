// One file: the writer, reader and summary share the layout's private helpers (chunks, slabs).
#include "io/profile_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <new>
#include <set>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "io/hdf5_error.h"
#include "io/hdf5_internal.h"

namespace evomarket::io {

namespace {

using internal::fail;
using internal::with_reason;

constexpr const char* kFormat = "evomarket profile store";
constexpr int64_t kFormatVersion = 1;
constexpr const char* kStatusRunning = "running";
constexpr const char* kStatusComplete = "complete";
constexpr const char* kMetaGroup = "/profiles/meta";

// Meters per chunk at 30-min slots or coarser: a day's chunk of 64 meters is 12 KiB. Finer
// slots get proportionally fewer meters per chunk (see meter_block), keeping chunks ~12 KiB.
constexpr hsize_t kMaxMeterBlock = 64;
// Raw-data chunk cache per dataset while writing. Meter-major ingest (Ausgrid files are sorted
// by customer) revisits every day's chunk of a meter block once per meter, so the cache must
// hold one block's days: 32 MiB is ~2700 days of 12 KiB chunks; beyond that each chunk is
// recompressed once per meter (correct, only slower). Day-major order needs only one day's
// chunks. Bounded, whatever the store's size.
constexpr size_t kWriteCacheBytes = size_t{32} << 20;
// Days per read while summarizing: a week, fewer if a week of all meters exceeds the budget.
constexpr uint64_t kSummaryBatchDays = 7;
constexpr uint64_t kSummaryBatchBytes = uint64_t{64} << 20;

const char* kind_name(ProfileKind kind) {
  return kind == ProfileKind::kNet ? "net" : "load_pv";
}

uint32_t checked_slots_per_day(const std::string& path, int64_t slot_seconds) {
  if (slot_seconds < 60 || slot_seconds > 86400 || 86400 % slot_seconds != 0) {
    throw H5Error(fmt::format(
        "{}: invalid slot length of {} seconds: it must be at least 60 and divide a day (86400)",
        path, slot_seconds));
  }
  return static_cast<uint32_t>(86400 / slot_seconds);
}

// "2013-07-01T00:00:00Z" for epoch seconds (UTC).
std::string iso_utc(int64_t epoch_seconds) {
  const std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

// "2013-07-01": the calendar date of `epoch_seconds` shifted by the store's UTC offset.
std::string iso_date(int64_t epoch_seconds, int32_t utc_offset_seconds) {
  const std::time_t t = static_cast<std::time_t>(epoch_seconds + utc_offset_seconds);
  std::tm local{};
  gmtime_r(&t, &local);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
  return buf;
}

// Meters per chunk: 64 x 48 slots' worth, so that the write cache holds as many days of a
// block at 1-min slots as at 30-min ones.
hsize_t meter_block(uint32_t slots_per_day) {
  return std::clamp<hsize_t>(kMaxMeterBlock * 48 / slots_per_day, 1, kMaxMeterBlock);
}

// Smallest prime >= n: HDF5 wants a prime number of chunk-cache hash slots.
size_t next_prime(size_t n) {
  for (;; ++n) {
    bool prime = n >= 2;
    for (size_t d = 2; prime && d * d <= n; ++d) prime = n % d != 0;
    if (prime) return n;
  }
}

// An empty float32 [meters, slots] dataset, extendible both ways, missing cells NaN.
Dataset create_profile_dataset(const Group& group, const char* name, uint32_t slots_per_day) {
  const hsize_t dims[2] = {0, 0};
  const hsize_t max_dims[2] = {H5S_UNLIMITED, H5S_UNLIMITED};
  const hsize_t chunk[2] = {meter_block(slots_per_day), slots_per_day};
  const float nan = std::numeric_limits<float>::quiet_NaN();
  Handle space(H5Screate_simple(2, dims, max_dims), H5Sclose);
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  Handle dapl(H5Pcreate(H5P_DATASET_ACCESS), H5Pclose);
  const size_t chunk_bytes = chunk[0] * chunk[1] * sizeof(float);
  const size_t cached_chunks = std::max<size_t>(1, kWriteCacheBytes / chunk_bytes);
  if (!space || !dcpl || !dapl || H5Pset_chunk(dcpl.id(), 2, chunk) < 0 ||
      H5Pset_shuffle(dcpl.id()) < 0 || H5Pset_deflate(dcpl.id(), 4) < 0 ||
      H5Pset_fill_value(dcpl.id(), H5T_NATIVE_FLOAT, &nan) < 0 ||
      H5Pset_fill_time(dcpl.id(), H5D_FILL_TIME_IFSET) < 0 ||
      H5Pset_chunk_cache(dapl.id(), next_prime(cached_chunks * 10), kWriteCacheBytes, 0.75) < 0) {
    fail(group.id(), "dataset", name, with_reason("cannot set up storage"));
  }
  const hid_t d =
      H5Dcreate2(group.id(), name, H5T_IEEE_F32LE, space.id(), H5P_DEFAULT, dcpl.id(), dapl.id());
  if (d < 0) fail(group.id(), "dataset", name, with_reason("cannot create"));
  return Dataset(d);
}

void set_extent(const Dataset& dataset, hsize_t rows, hsize_t slots) {
  const hsize_t dims[2] = {rows, slots};
  if (H5Dset_extent(dataset.id(), dims) < 0) {
    fail(dataset.id(), "dataset", "",
         with_reason(fmt::format("cannot resize to [{}, {}]", rows, slots)));
  }
}

// Writes `count` values of row `row` from column `first`.
void write_row(const Dataset& dataset, hsize_t row, hsize_t first, hsize_t count,
               const float* data) {
  const hsize_t start[2] = {row, first};
  const hsize_t block[2] = {1, count};
  Handle file_space(H5Dget_space(dataset.id()), H5Sclose);
  Handle mem_space(H5Screate_simple(1, &count, nullptr), H5Sclose);
  if (!file_space || !mem_space ||
      H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, start, nullptr, block, nullptr) < 0 ||
      H5Dwrite(dataset.id(), H5T_NATIVE_FLOAT, mem_space.id(), file_space.id(), H5P_DEFAULT, data) <
          0) {
    fail(dataset.id(), "dataset", "",
         with_reason(
             fmt::format("cannot write meter {} slots [{}, {})", row, first, first + count)));
  }
}

// Reads columns [first, first + count) of all `rows` rows, row-major.
void read_columns(const Dataset& dataset, hsize_t rows, hsize_t first, hsize_t count,
                  std::vector<float>& out) {
  out.assign(rows * count, 0.0F);
  if (out.empty()) return;
  const hsize_t start[2] = {0, first};
  const hsize_t block[2] = {rows, count};
  const hsize_t n = rows * count;
  Handle file_space(H5Dget_space(dataset.id()), H5Sclose);
  Handle mem_space(H5Screate_simple(1, &n, nullptr), H5Sclose);
  if (!file_space || !mem_space ||
      H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, start, nullptr, block, nullptr) < 0 ||
      H5Dread(dataset.id(), H5T_NATIVE_FLOAT, mem_space.id(), file_space.id(), H5P_DEFAULT,
              out.data()) < 0) {
    fail(dataset.id(), "dataset", "",
         with_reason(fmt::format("cannot read slots [{}, {})", first, first + count)));
  }
}

// Opens a profile dataset and checks it is float32 [meters, whole days].
Dataset open_profile_dataset(const Group& profiles, const char* name, uint64_t meters,
                             uint32_t slots_per_day) {
  Dataset d = profiles.open_dataset(name);
  const std::vector<uint64_t> shape = d.shape();
  const std::string type = d.element_type();
  if (shape.size() != 2 || type != "float32") {
    fail(profiles.id(), "dataset", name,
         fmt::format("expected 2-D float32 [meters, slots], found {} {}",
                     internal::rank_name(static_cast<int>(shape.size())), type));
  }
  if (shape[0] != meters || shape[1] % slots_per_day != 0) {
    fail(profiles.id(), "dataset", name,
         fmt::format("shape [{}, {}] does not fit {} meters and whole days of {} slots", shape[0],
                     shape[1], meters, slots_per_day));
  }
  return d;
}

// The number of entries of a 1-D dataset of /profiles/meta, read from its shape (nothing else).
uint64_t entries(const Group& meta, const char* name) {
  const std::vector<uint64_t> shape = meta.open_dataset(name).shape();
  if (shape.size() != 1) {
    fail(
        meta.id(), "dataset", name,
        fmt::format("expected 1-D, found {}", internal::rank_name(static_cast<int>(shape.size()))));
  }
  return shape[0];
}

int64_t count_attr(const Group& meta, const char* name) {
  return has_attr(meta, name) ? get_attr_int(meta, name) : 0;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Writer

struct ProfileStoreWriter::State {
  explicit State(File f) : file(std::move(f)) {}

  File file;
  ProfileMeta meta;
  uint32_t slots_per_day = 0;
  Group meta_group;
  Dataset first;   // load, or net
  Dataset second;  // pv; invalid for kind "net"
  std::vector<MeterInfo> meters;
  std::unordered_map<std::string, uint64_t> index;
  hsize_t rows = 0;  // current extent (grown geometrically, exact after finish)
  hsize_t slots = 0;
  uint64_t days_written = 0;  // 1 + the last day written
  bool finished = false;

  [[noreturn]] void error(const std::string& what) const {
    throw H5Error(fmt::format("{}: {}", file.path(), what));
  }

  void resize(hsize_t new_rows, hsize_t new_slots) {
    set_extent(first, new_rows, new_slots);
    if (second.valid()) set_extent(second, new_rows, new_slots);
    rows = new_rows;
    slots = new_slots;
  }
};

ProfileStoreWriter::ProfileStoreWriter(std::unique_ptr<State> state) : state_(std::move(state)) {}
ProfileStoreWriter::ProfileStoreWriter(ProfileStoreWriter&&) noexcept = default;
ProfileStoreWriter& ProfileStoreWriter::operator=(ProfileStoreWriter&&) noexcept = default;
// Without finish() the status stays "running"; closing the handles never throws.
ProfileStoreWriter::~ProfileStoreWriter() = default;

ProfileStoreWriter ProfileStoreWriter::create(const std::string& path, const ProfileMeta& meta) {
  // Check the arguments before truncating anything.
  const uint32_t slots_per_day = checked_slots_per_day(path, meta.slot_seconds);
  if (meta.start_utc < kMinStartUtc || meta.start_utc > kMaxStartUtc) {
    throw H5Error(
        fmt::format("{}: start time {} s is outside years 0001 to 9999", path, meta.start_utc));
  }
  File file = File::create(path, "profile store");
  auto s = std::make_unique<State>(std::move(file));
  s->meta = meta;
  s->slots_per_day = slots_per_day;
  Group root = s->file.root();
  // status first: whatever happens next, the file never looks finished.
  set_attr(root, "status", kStatusRunning);
  set_attr(root, "format", kFormat);
  set_attr(root, "format_version", kFormatVersion);
  Group profiles = root.create_group("profiles");
  if (meta.kind == ProfileKind::kNet) {
    s->first = create_profile_dataset(profiles, "net", slots_per_day);
  } else {
    s->first = create_profile_dataset(profiles, "load", slots_per_day);
    s->second = create_profile_dataset(profiles, "pv", slots_per_day);
  }
  // What is known now goes in now, so an interrupted store still says what it was.
  s->meta_group = profiles.create_group("meta");
  const Group& g = s->meta_group;
  set_attr(g, "kind", kind_name(meta.kind));
  set_attr(g, "slot_seconds", static_cast<int64_t>(meta.slot_seconds));
  set_attr(g, "start_utc", meta.start_utc);
  set_attr(g, "start", iso_utc(meta.start_utc));
  set_attr(g, "time_zone", meta.time_zone);
  set_attr(g, "utc_offset_seconds", static_cast<int64_t>(meta.utc_offset_seconds));
  set_attr(g, "source", meta.source);
  set_attr(g, "writer_version", meta.writer_version);
  write_strings(g, "sources", meta.sources);
  s->file.flush();
  return ProfileStoreWriter(std::move(s));
}

uint32_t ProfileStoreWriter::slots_per_day() const {
  return state_->slots_per_day;
}

uint64_t ProfileStoreWriter::meter(const std::string& id, double pv_capacity_kw) {
  State& s = *state_;
  if (s.finished) s.error(fmt::format("meter \"{}\" added after finish()", id));
  const auto [it, added] = s.index.try_emplace(id, s.meters.size());
  if (added) {
    s.meters.push_back(MeterInfo{id, pv_capacity_kw, {}});
  } else if (!std::isnan(pv_capacity_kw)) {
    s.meters[it->second].pv_capacity_kw = pv_capacity_kw;
  }
  return it->second;
}

uint64_t ProfileStoreWriter::meters() const {
  return state_->meters.size();
}

void ProfileStoreWriter::set_group(uint64_t meter, const std::string& group) {
  state_->meters.at(meter).group = group;
}

const std::string& ProfileStoreWriter::group(uint64_t meter) const {
  return state_->meters.at(meter).group;
}

void ProfileStoreWriter::write_day(uint64_t meter, uint64_t day, const float* load_or_net,
                                   const float* pv) {
  State& s = *state_;
  if (s.finished) s.error("write_day after finish()");
  if (meter >= s.meters.size()) {
    s.error(fmt::format("write_day: meter index {} out of range ({} meters added)", meter,
                        s.meters.size()));
  }
  if (load_or_net == nullptr || (s.second.valid() && pv == nullptr)) {
    s.error("write_day: missing values (null pointer)");
  }
  const hsize_t spd = s.slots_per_day;
  if (day >= kMaxStoreDays) {
    s.error(
        fmt::format("write_day: day {} beyond the longest store ({} days)", day, kMaxStoreDays));
  }
  const hsize_t rows_needed = s.meters.size();
  const hsize_t slots_needed = (day + 1) * spd;
  if (rows_needed > s.rows || slots_needed > s.slots) {
    // Geometric growth: a store written day by day or meter by meter needs only O(log n)
    // extends. Rows in whole meter blocks; slots stay whole days. finish() trims.
    hsize_t rows = s.rows;
    hsize_t slots = s.slots;
    if (rows_needed > rows) {
      rows = std::max(rows_needed, 2 * rows);
      const hsize_t block = meter_block(s.slots_per_day);
      rows = (rows + block - 1) / block * block;
    }
    if (slots_needed > slots) slots = std::max(slots_needed, 2 * slots);
    s.resize(rows, slots);
  }
  write_row(s.first, meter, day * spd, spd, load_or_net);
  if (s.second.valid()) write_row(s.second, meter, day * spd, spd, pv);
  s.days_written = std::max<uint64_t>(s.days_written, day + 1);
}

void ProfileStoreWriter::finish(const IngestCounts& counts) {
  State& s = *state_;
  if (s.finished) s.error("finish() called twice");
  s.resize(s.meters.size(), s.days_written * s.slots_per_day);
  std::vector<std::string> ids;
  std::vector<double> capacity;
  ids.reserve(s.meters.size());
  capacity.reserve(s.meters.size());
  for (const MeterInfo& m : s.meters) {
    ids.push_back(m.id);
    capacity.push_back(m.pv_capacity_kw);
  }
  const Group& g = s.meta_group;
  write_strings(g, "meter_ids", ids);
  write_vector(g, "pv_capacity_kw", capacity);
  if (!s.meta.group_column.empty()) {
    std::vector<std::string> groups;
    groups.reserve(s.meters.size());
    for (const MeterInfo& m : s.meters) groups.push_back(m.group);
    write_strings(g, "meter_groups", groups);
    set_attr(g.open_dataset("meter_groups"), "column", s.meta.group_column);
  }
  set_attr(g, "rows", static_cast<int64_t>(counts.rows));
  set_attr(g, "skipped_rows", static_cast<int64_t>(counts.skipped_rows));
  set_attr(g, "meter_days", static_cast<int64_t>(counts.meter_days));
  set_attr(g, "skipped_meter_days", static_cast<int64_t>(counts.skipped_meter_days));
  set_attr(g, "filled_slots", static_cast<int64_t>(counts.filled_slots));
  set_attr(g, "counter_resets", static_cast<int64_t>(counts.counter_resets));
  // Data and metadata reach the disk before the status says they are there.
  s.file.flush();
  set_attr(s.file.root(), "status", kStatusComplete);
  s.file.flush();
  s.finished = true;
}

// ---------------------------------------------------------------------------------------------
// Reader

struct ProfileStore::State {
  explicit State(File f) : file(std::move(f)) {}

  File file;
  ProfileMeta meta;
  std::vector<MeterInfo> meters;
  IngestCounts counts;
  uint32_t slots_per_day = 0;
  uint64_t days = 0;
  Dataset first;   // load, or net
  Dataset second;  // pv; invalid for kind "net"
};

ProfileStore::ProfileStore(std::unique_ptr<State> state) : state_(std::move(state)) {}
ProfileStore::ProfileStore(ProfileStore&&) noexcept = default;
ProfileStore& ProfileStore::operator=(ProfileStore&&) noexcept = default;
ProfileStore::~ProfileStore() = default;

ProfileStore ProfileStore::open(const std::string& path) {
  auto s = std::make_unique<State>(File::open_read(path));
  Group root = s->file.root();
  if (!has_attr(root, "format")) {
    throw H5Error(fmt::format("{}: not an evomarket profile store (no format attribute)", path));
  }
  const std::string format = get_attr_string(root, "format");
  if (format != kFormat) {
    throw H5Error(fmt::format("{}: not an evomarket profile store (format \"{}\")", path, format));
  }
  if (has_attr(root, "format_version")) {
    const int64_t version = get_attr_int(root, "format_version");
    if (version > kFormatVersion) {
      throw H5Error(
          fmt::format("{}: profile store format version {} is newer than this evomarket reads ({})",
                      path, version, kFormatVersion));
    }
  }
  const std::string status = has_attr(root, "status") ? get_attr_string(root, "status") : "none";
  if (status != kStatusComplete) {
    throw H5Error(
        fmt::format("{}: not a finished evomarket profile store (status {})", path, status));
  }

  const Group meta = root.open_group(kMetaGroup);
  ProfileMeta& m = s->meta;
  const std::string kind = get_attr_string(meta, "kind");
  if (kind == "net") {
    m.kind = ProfileKind::kNet;
  } else if (kind == "load_pv") {
    m.kind = ProfileKind::kLoadAndPv;
  } else {
    internal::fail_attr(meta.id(), "kind", fmt::format("unknown kind \"{}\"", kind));
  }
  const int64_t slot_seconds = get_attr_int(meta, "slot_seconds");
  s->slots_per_day = checked_slots_per_day(path, slot_seconds);
  m.slot_seconds = static_cast<uint32_t>(slot_seconds);
  m.start_utc = get_attr_int(meta, "start_utc");
  if (m.start_utc < kMinStartUtc || m.start_utc > kMaxStartUtc) {
    internal::fail_attr(meta.id(), "start_utc",
                        fmt::format("{} s is outside [{}, {}] (years 0001 to 9999)", m.start_utc,
                                    kMinStartUtc, kMaxStartUtc));
  }
  const int64_t offset = get_attr_int(meta, "utc_offset_seconds");
  if (offset < -kMaxUtcOffsetSeconds || offset > kMaxUtcOffsetSeconds) {
    internal::fail_attr(meta.id(), "utc_offset_seconds",
                        fmt::format("{} s is not within a day of UTC", offset));
  }
  m.utc_offset_seconds = static_cast<int32_t>(offset);
  m.time_zone = get_attr_string(meta, "time_zone");
  m.source = get_attr_string(meta, "source");
  if (has_attr(meta, "writer_version")) m.writer_version = get_attr_string(meta, "writer_version");
  if (meta.has_dataset("sources")) m.sources = read_strings(meta, "sources");

  // Shapes are checked against each other before anything is read: a crafted meter_ids of
  // 10^12 entries must not become a bad_alloc.
  const Group profiles = root.open_group("profiles");
  const uint64_t id_count = entries(meta, "meter_ids");
  const uint64_t capacity_count = entries(meta, "pv_capacity_kw");
  if (capacity_count != id_count) {
    fail(meta.id(), "dataset", "pv_capacity_kw",
         fmt::format("{} values for the {} entries of meter_ids", capacity_count, id_count));
  }
  const char* first_name = m.kind == ProfileKind::kNet ? "net" : "load";
  const std::vector<uint64_t> first_shape = profiles.open_dataset(first_name).shape();
  if (first_shape.size() == 2 && first_shape[0] != id_count) {
    fail(meta.id(), "dataset", "meter_ids",
         fmt::format("{} meter ids for the {} rows of /profiles/{}", id_count, first_shape[0],
                     first_name));
  }
  if (first_shape.size() == 2 && first_shape[1] / s->slots_per_day > kMaxStoreDays) {
    fail(profiles.id(), "dataset", first_name,
         fmt::format("{} days, more than a store may hold ({})", first_shape[1] / s->slots_per_day,
                     kMaxStoreDays));
  }
  std::vector<std::string> ids;
  try {
    ids = read_strings(meta, "meter_ids");
  } catch (const std::bad_alloc&) {
    fail(meta.id(), "dataset", "meter_ids",
         fmt::format("{} meter ids do not fit in memory", id_count));
  }
  const std::vector<double> capacity = read_vector<double>(meta, "pv_capacity_kw");
  if (capacity.size() != ids.size()) {
    fail(meta.id(), "dataset", "pv_capacity_kw",
         fmt::format("{} values for {} meter ids", capacity.size(), ids.size()));
  }
  s->meters.reserve(ids.size());
  std::vector<std::string> groups;
  if (meta.has_dataset("meter_groups")) {
    if (entries(meta, "meter_groups") != id_count) {
      fail(meta.id(), "dataset", "meter_groups",
           fmt::format("{} groups for the {} entries of meter_ids", entries(meta, "meter_groups"),
                       id_count));
    }
    groups = read_strings(meta, "meter_groups");
    const Dataset groups_set = meta.open_dataset("meter_groups");
    m.group_column = has_attr(groups_set, "column") ? get_attr_string(groups_set, "column") : "?";
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    s->meters.push_back(MeterInfo{ids[i], capacity[i], groups.empty() ? "" : groups[i]});
  }

  IngestCounts& c = s->counts;
  c.rows = static_cast<uint64_t>(count_attr(meta, "rows"));
  c.skipped_rows = static_cast<uint64_t>(count_attr(meta, "skipped_rows"));
  c.meter_days = static_cast<uint64_t>(count_attr(meta, "meter_days"));
  c.skipped_meter_days = static_cast<uint64_t>(count_attr(meta, "skipped_meter_days"));
  c.filled_slots = static_cast<uint64_t>(count_attr(meta, "filled_slots"));
  c.counter_resets = static_cast<uint64_t>(count_attr(meta, "counter_resets"));

  const uint64_t meters = s->meters.size();
  if (m.kind == ProfileKind::kNet) {
    s->first = open_profile_dataset(profiles, "net", meters, s->slots_per_day);
  } else {
    s->first = open_profile_dataset(profiles, "load", meters, s->slots_per_day);
    s->second = open_profile_dataset(profiles, "pv", meters, s->slots_per_day);
    if (s->second.shape() != s->first.shape()) {
      fail(profiles.id(), "dataset", "pv", "shape differs from /profiles/load");
    }
  }
  s->days = s->first.shape()[1] / s->slots_per_day;
  return ProfileStore(std::move(s));
}

const ProfileMeta& ProfileStore::meta() const {
  return state_->meta;
}
const std::vector<MeterInfo>& ProfileStore::meter_info() const {
  return state_->meters;
}
const IngestCounts& ProfileStore::counts() const {
  return state_->counts;
}
uint64_t ProfileStore::meters() const {
  return state_->meters.size();
}
uint64_t ProfileStore::days() const {
  return state_->days;
}
uint32_t ProfileStore::slots_per_day() const {
  return state_->slots_per_day;
}

DayBatch ProfileStore::read_days(uint64_t first_day, uint64_t days) const {
  const State& s = *state_;
  if (first_day > s.days || days > s.days - first_day) {
    const uint64_t end = first_day + std::min(days, UINT64_MAX - first_day);
    throw H5Error(fmt::format("{}: cannot read days [{}, {}): the store holds days [0, {})",
                              s.file.path(), first_day, end, s.days));
  }
  DayBatch b;
  b.first_day = first_day;
  b.days = days;
  b.meters = s.meters.size();
  b.slots_per_day = s.slots_per_day;
  const hsize_t first_slot = first_day * s.slots_per_day;
  read_columns(s.first, b.meters, first_slot, b.slots(), b.load);
  if (s.second.valid()) read_columns(s.second, b.meters, first_slot, b.slots(), b.pv);
  return b;
}

// ---------------------------------------------------------------------------------------------
// Summary

std::string summarize_profile_store(const std::string& path) {
  const ProfileStore store = ProfileStore::open(path);
  const ProfileMeta& meta = store.meta();
  const bool net = meta.kind == ProfileKind::kNet;
  const uint64_t meters = store.meters();
  const uint64_t days = store.days();
  const uint32_t spd = store.slots_per_day();

  // Streamed in day batches: memory stays at one batch whatever the store's length.
  double first_total = 0.0;
  double pv_total = 0.0;
  uint64_t first_missing = 0;
  uint64_t pv_missing = 0;
  std::vector<double> pv_per_meter(meters, 0.0);
  const uint64_t day_bytes = std::max<uint64_t>(1, meters * spd * sizeof(float) * (net ? 1 : 2));
  const uint64_t batch_days =
      std::clamp<uint64_t>(kSummaryBatchBytes / day_bytes, 1, kSummaryBatchDays);
  for (uint64_t day = 0; day < days; day += batch_days) {
    const DayBatch b = store.read_days(day, std::min(batch_days, days - day));
    for (float v : b.load) {
      if (std::isnan(v)) {
        ++first_missing;
      } else {
        first_total += v;
      }
    }
    const uint64_t slots = b.slots();
    for (uint64_t m = 0; m < b.meters && !b.pv.empty(); ++m) {
      double sum = 0.0;
      for (uint64_t t = 0; t < slots; ++t) {
        const float v = b.pv[m * slots + t];
        if (std::isnan(v)) {
          ++pv_missing;
        } else {
          sum += v;
        }
      }
      pv_per_meter[m] += sum;
      pv_total += sum;
    }
  }

  std::string out = "evomarket profile store\n";
  out += fmt::format("  source: {}\n", meta.source.empty() ? "(not stated)" : meta.source);
  out += fmt::format("  kind: {}\n",
                     net ? "net (PV minus load per meter)" : "load_pv (load and PV per meter)");
  out += fmt::format("  meters: {}\n", meters);
  if (!meta.group_column.empty()) {  // ingest --meter-group
    std::set<std::string> groups;
    for (const MeterInfo& m : store.meter_info()) groups.insert(m.group);
    out += fmt::format("  meter groups: {} (column \"{}\")\n", groups.size(), meta.group_column);
  }
  out += fmt::format("  days: {}\n", days);
  const std::string minutes =
      meta.slot_seconds % 60 == 0 ? fmt::format("{} min, ", meta.slot_seconds / 60) : "";
  out += fmt::format("  slot length: {} s ({}{} slots per day)\n", meta.slot_seconds, minutes, spd);
  if (days > 0) {
    const int64_t last = meta.start_utc + static_cast<int64_t>(days - 1) * 86400;
    out += fmt::format("  period: {} .. {} (time zone {})\n",
                       iso_date(meta.start_utc, meta.utc_offset_seconds),
                       iso_date(last, meta.utc_offset_seconds), meta.time_zone);
  } else {
    out += fmt::format("  period: none (starts {}, time zone {})\n", iso_utc(meta.start_utc),
                       meta.time_zone);
  }
  const uint64_t cells = meters * days * spd;
  if (net) {
    out += fmt::format("  total net (PV - load): {:.3f} kWh\n", first_total);
    out += fmt::format("  missing slots: net {} of {}\n", first_missing, cells);
  } else {
    out += fmt::format("  total load: {:.3f} kWh\n", first_total);
    out += fmt::format("  total PV: {:.3f} kWh\n", pv_total);
    if (first_total > 0.0) {
      out += fmt::format("  PV share of load: {:.1f}%\n", 100.0 * pv_total / first_total);
    } else {
      out += "  PV share of load: n/a (no load)\n";
    }
    const auto with_pv =
        std::count_if(pv_per_meter.begin(), pv_per_meter.end(), [](double v) { return v > 0.0; });
    out += fmt::format("  homes with PV: {} of {}\n", with_pv, meters);
    out += fmt::format("  missing slots: load {} of {}, pv {} of {}\n", first_missing, cells,
                       pv_missing, cells);
  }
  const IngestCounts& c = store.counts();
  out += fmt::format(
      "  ingest: {} rows, {} skipped rows, {} meter-days, {} skipped meter-days, {} filled "
      "slots, {} counter resets\n",
      c.rows, c.skipped_rows, c.meter_days, c.skipped_meter_days, c.filled_slots, c.counter_resets);
  if (!meta.sources.empty()) out += fmt::format("  input files: {}\n", meta.sources.size());
  if (!meta.writer_version.empty()) {
    out += fmt::format("  written by: evomarket {}\n", meta.writer_version);
  }
  return out;
}

bool is_profile_store(const std::string& path) {
  try {
    silence_hdf5_errors();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec) || H5Fis_hdf5(path.c_str()) <= 0) {
      return false;
    }
    const File file = File::open_read(path);
    const Group root = file.root();
    return has_attr(root, "format") && get_attr_string(root, "format") == kFormat;
  } catch (...) {
    return false;
  }
}

std::string profile_store_status(const std::string& path) noexcept {
  try {
    if (!is_profile_store(path)) return "";
    const File file = File::open_read(path);
    const Group root = file.root();
    return has_attr(root, "status") ? get_attr_string(root, "status") : "none";
  } catch (...) {
    return "";
  }
}

}  // namespace evomarket::io
