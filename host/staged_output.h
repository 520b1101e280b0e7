// Every writer's output (ingest, synth, run): staged beside its target and renamed on success
// (io/staged_output.h). A target the writer must not touch (a directory, a device, one of its
// inputs, a missing directory) is bad input: ConfigError, exit status 2, nothing written.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "host/errors.h"
#include "io/hdf5_error.h"
#include "io/staged_output.h"

namespace evomarket {

inline std::unique_ptr<io::StagedOutput> stage_output(const std::string& target,
                                                      std::string_view what,
                                                      const std::vector<std::string>& inputs = {}) {
  try {
    return std::make_unique<io::StagedOutput>(target, what, inputs);
  } catch (const io::H5Error& e) {
    throw ConfigError(e.what());
  }
}

}  // namespace evomarket
