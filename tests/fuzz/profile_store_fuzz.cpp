// io::ProfileStore on stores built from the fuzz bytes: the root and /profiles/meta attributes
// and the meta and profile datasets, each right, missing, of another type, rank or size, or
// with an absurd extent. H5Error is the only expected failure. A store that opens is then
// summarized (`evomarket inspect`) and read in day batches, within what its extent allows.
#include <cstdint>

#include "fuzz_support.h"
#include "io/hdf5_error.h"
#include "io/profile_store.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace evomarket;
  using namespace evomarket::fuzz;
  quiet_hdf5();
  FuzzedDataProvider p(data, size);

  const bool net = p.ConsumeBool();
  static const int64_t kSlotSeconds[] = {1800, 3600, 900, 300, 21600, 86400, 60, 0, 7, 86401};
  const int64_t slot_seconds = kSlotSeconds[p.ConsumeIntegralInRange<size_t>(0, 9)];
  const uint64_t spd = slot_seconds >= 60 && slot_seconds <= 86400 && 86400 % slot_seconds == 0
                           ? static_cast<uint64_t>(86400 / slot_seconds)
                           : 48;
  const hsize_t meters = p.ConsumeIntegralInRange<hsize_t>(0, 6);
  const hsize_t days = p.ConsumeIntegralInRange<hsize_t>(0, 4);

  const std::string path = temp_path("store.h5");
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (file < 0) return 0;
  fuzz_string_attr(p, file, "format", "evomarket profile store");
  fuzz_int_attr(p, file, "format_version", 1);
  fuzz_string_attr(p, file, "status", "complete");
  const hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_create_intermediate_group(lcpl, 1);
  const hid_t meta = H5Gcreate2(file, "/profiles/meta", lcpl, H5P_DEFAULT, H5P_DEFAULT);
  H5Pclose(lcpl);
  if (meta >= 0) {
    fuzz_string_attr(p, meta, "kind", net ? "net" : "load_pv");
    fuzz_int_attr(p, meta, "slot_seconds", slot_seconds);
    fuzz_int_attr(p, meta, "start_utc", 1372600800);
    fuzz_int_attr(p, meta, "utc_offset_seconds", 36000);
    fuzz_string_attr(p, meta, "time_zone", "+10:00");
    fuzz_string_attr(p, meta, "source", "fuzz");
    fuzz_string_attr(p, meta, "writer_version", "0.1.0");
    for (const char* count : {"rows", "skipped_rows", "meter_days", "filled_slots"}) {
      fuzz_int_attr(p, meta, count, 3);
    }
    const hid_t str = string_type();
    fuzz_dataset(p, meta, "sources", str, {1});
    fuzz_dataset(p, meta, "meter_ids", str, {meters});
    H5Tclose(str);
    fuzz_dataset(p, meta, "pv_capacity_kw", H5T_NATIVE_DOUBLE, {meters});
    H5Gclose(meta);
  }
  const std::vector<hsize_t> shape = {meters, days * spd};
  if (net) {
    fuzz_dataset(p, file, "profiles/net", H5T_NATIVE_FLOAT, shape);
  } else {
    fuzz_dataset(p, file, "profiles/load", H5T_NATIVE_FLOAT, shape);
    fuzz_dataset(p, file, "profiles/pv", H5T_NATIVE_FLOAT, shape);
  }
  H5Fclose(file);

  (void)io::is_profile_store(path);
  try {
    const io::ProfileStore store = io::ProfileStore::open(path);
    const uint64_t cells_per_day = store.meters() * store.slots_per_day();
    // A store whose extent is absurd but sparse (never-written chunks read as NaN) is valid;
    // the harness only reads what fits a small budget.
    constexpr uint64_t kBudget = uint64_t{1} << 20;
    if (cells_per_day > 0 && store.days() <= kBudget / cells_per_day) {
      (void)io::summarize_profile_store(path);
    }
    const uint64_t first = p.ConsumeBool() ? p.ConsumeIntegral<uint64_t>()
                                           : p.ConsumeIntegralInRange<uint64_t>(0, 8);
    const uint64_t n = p.ConsumeBool() ? p.ConsumeIntegral<uint64_t>()
                                       : p.ConsumeIntegralInRange<uint64_t>(0, 8);
    const bool in_range = first <= store.days() && n <= store.days() - first;
    if (!in_range || cells_per_day == 0 || n <= kBudget / cells_per_day) {
      const io::DayBatch b = store.read_days(first, n);
      if (b.load.size() != b.meters * b.slots()) __builtin_trap();
    }
  } catch (const io::H5Error&) {
  }
  return 0;
}
