// load_edge_list() (population.graph_file) on arbitrary text. The first two bytes give the
// node count (population.agents, 0 .. 65535); the rest is the edge-list file. ConfigError is
// the only expected failure; an accepted graph must be a valid symmetric CSR.
#include <cstdint>

#include "fuzz_support.h"
#include "host/config/graph_loader.h"
#include "host/errors.h"
#include "io/hdf5_error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace evomarket;
  if (size < 2) return 0;
  const uint64_t nodes = uint64_t{data[0]} | uint64_t{data[1]} << 8;
  const std::string path = fuzz::write_file("graph.txt", data + 2, size - 2);
  try {
    const CsrGraph g = load_edge_list(path, nodes);
    if (g.offsets.size() != nodes + 1 || g.offsets.back() != g.neighbours.size()) __builtin_trap();
    for (uint64_t u = 0; u < nodes; ++u) {
      if (g.offsets[u] > g.offsets[u + 1]) __builtin_trap();
      for (uint64_t i = g.offsets[u]; i < g.offsets[u + 1]; ++i) {
        if (g.neighbours[i] >= nodes || g.neighbours[i] == u) __builtin_trap();
      }
    }
  } catch (const ConfigError&) {
  } catch (const io::H5Error&) {
  }
  return 0;
}
