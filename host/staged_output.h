// Every writer's output (ingest, synth, run): staged beside its target and renamed on success
// (io/staged_output.h). A target the writer must not touch (a directory, a device, one of its
// inputs, a missing directory) is bad input: ConfigError, exit status 2, nothing written; so is
// a file the writer must not replace without --overwrite (check_may_replace).
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

// The never-overwrite rule (io::check_may_replace) as bad input: ConfigError, exit status 2.
inline void check_may_replace(const std::string& target, std::string_view what, bool overwrite,
                              const io::StatusReader& status_of) {
  try {
    io::check_may_replace(target, what, overwrite, status_of);
  } catch (const io::H5Error& e) {
    throw ConfigError(e.what());
  }
}

// Both checks of a target, for a writer that stages its output only later: what stage_output
// checks (io::check_output_target), then the never-overwrite rule. Creates nothing.
inline void check_output_may_be_written(const std::string& target, std::string_view what,
                                        const std::vector<std::string>& inputs, bool overwrite,
                                        const io::StatusReader& status_of) {
  try {
    io::check_output_target(target, what, inputs);
  } catch (const io::H5Error& e) {
    throw ConfigError(e.what());
  }
  check_may_replace(target, what, overwrite, status_of);
}

}  // namespace evomarket
