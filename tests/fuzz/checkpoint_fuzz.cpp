// read_checkpoint() on checkpoints built from the fuzz bytes: the attributes and datasets a
// checkpoint holds, each right, missing, of another type, rank or size, or with an absurd
// extent, for a config shape also taken from the bytes. ConfigError is the only expected
// failure (read_checkpoint turns H5Error into ConfigError).
#include <cstdint>

#include "fuzz_support.h"
#include "host/errors.h"
#include "host/run/checkpoint.h"
#include "io/hdf5_error.h"

namespace {

constexpr const char* kVersion = "fuzz-version";
constexpr const char* kIdentity = "fuzz-identity";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace evomarket;
  using namespace evomarket::fuzz;
  quiet_hdf5();
  FuzzedDataProvider p(data, size);

  // The config's side: what the checkpoint must hold.
  CheckpointShape shape;
  shape.agents = p.ConsumeIntegralInRange<uint64_t>(0, 40);
  shape.strategies = p.ConsumeIntegralInRange<uint32_t>(0, 6);
  shape.communities = p.ConsumeIntegralInRange<uint64_t>(0, 3);
  shape.asynchronous = p.ConsumeBool();
  shape.batteries = p.ConsumeBool();
  shape.market = p.ConsumeBool();
  const bool market = p.ConsumeBool() ? shape.market : !shape.market;
  const int64_t generation = p.ConsumeIntegralInRange<int64_t>(0, 5);

  const std::string path = temp_path("checkpoint.h5");
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (file < 0) return 0;
  fuzz_string_attr(p, file, "kind", "evomarket checkpoint");
  fuzz_string_attr(p, file, "evomarket_version", kVersion);
  fuzz_string_attr(p, file, "simulation_identity", kIdentity);
  fuzz_string_attr(p, file, "mode", market ? "market" : "population");
  fuzz_int_attr(p, file, "generation", generation);

  const hsize_t agents = shape.agents;
  const hsize_t S = shape.strategies;
  fuzz_dataset(p, file, "strategies", H5T_NATIVE_UINT16, {shape.asynchronous ? 0 : agents});
  fuzz_dataset(p, file, "counts", H5T_NATIVE_UINT64, {shape.asynchronous ? S : 0});
  fuzz_dataset(p, file, "battery_charge", H5T_NATIVE_INT64, {shape.batteries ? agents : 0});
  const hsize_t rows = market ? 0 : static_cast<hsize_t>(generation);
  const hsize_t width = rows == 0 ? 0 : S;
  fuzz_dataset(p, file, "history/agents", H5T_NATIVE_UINT64, {rows, width});
  fuzz_dataset(p, file, "history/payoff", H5T_NATIVE_INT64, {rows, width});
  fuzz_dataset(p, file, "history/turns", H5T_NATIVE_UINT64, {rows, width});
  fuzz_dataset(p, file, "history/cooperations", H5T_NATIVE_UINT64, {rows, width});
  fuzz_dataset(p, file, "history/matches", H5T_NATIVE_UINT64, {rows});
  fuzz_dataset(p, file, "history/community_agents", H5T_NATIVE_UINT64,
               {rows, rows == 0 ? 0 : shape.communities * S});
  if (p.ConsumeIntegral<uint8_t>() < 230) {
    const hid_t g = H5Gcreate2(file, "recorded", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g >= 0) H5Gclose(g);
  }
  H5Fclose(file);

  try {
    const Checkpoint c = read_checkpoint(path, kVersion, kIdentity, shape);
    // What the reader promises about a checkpoint it accepts.
    if (!shape.asynchronous && c.state.strategies.size() != shape.agents) __builtin_trap();
    for (uint16_t s : c.state.strategies) {
      if (s >= shape.strategies) __builtin_trap();
    }
    if (!c.market && c.history.size() != c.state.generation) __builtin_trap();
  } catch (const ConfigError&) {
  } catch (const io::H5Error&) {
  }
  return 0;
}
