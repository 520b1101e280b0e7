// Static interaction graphs from edge-list files, as CSR.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace evomarket {

struct CsrGraph {
  std::vector<uint64_t> offsets;     // [nodes + 1]
  std::vector<uint64_t> neighbours;  // both directions of every edge, sorted per node
};

// Reads an undirected edge list: one edge "u v" per line (0-based node ids, whitespace
// separated), blank lines and lines starting with '#' ignored. Node ids must be < nodes; self
// loops and repeated edges are errors, and so are a file without edges and a directory; a UTF-8
// byte-order mark before the first line is skipped. Throws ConfigError naming the file and line.
CsrGraph load_edge_list(const std::string& path, uint64_t nodes);

}  // namespace evomarket
