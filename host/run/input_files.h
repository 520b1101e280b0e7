// The files a run reads besides its config (population.graph_file, market.profiles,
// market.communities_file), fingerprinted by size and SHA-256 so that a checkpoint records what
// the run started from and --resume refuses inputs edited or replaced since: a resumed run on
// other data would mix two experiments without a trace.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "host/config/config.h"

namespace evomarket {

struct InputFile {
  std::string key;   // the config key naming it, e.g. "population.graph_file"
  std::string path;  // as the config resolved it
  uint64_t bytes = 0;
  std::string sha256;  // lowercase hex
};

// Every input file of `config`, read and hashed. Throws ConfigError naming the key and path of
// a file that cannot be read.
std::vector<InputFile> input_files(const ExperimentConfig& config);

// What a checkpoint of `config` must match: simulation_identity() followed, when the run reads
// files, by a section of one line per input file (kInputFilesSection).
std::string run_identity(const ExperimentConfig& config);

inline constexpr const char* kInputFilesSection = "\n[input_files]\n";

// When `recorded` and `current` (run identities) differ only in their input files: one line per
// file whose size or hash changed, and files that appeared or went. Empty when the configs
// differ, or when `recorded` holds no input-file section (a checkpoint written before input
// files were recorded: nothing to compare).
std::string changed_input_files(const std::string& recorded, const std::string& current);

// Whether `identity` matches `recorded`: equal, or equal in the config and `recorded` holds no
// input-file section.
bool same_run(const std::string& recorded, const std::string& identity);

}  // namespace evomarket
