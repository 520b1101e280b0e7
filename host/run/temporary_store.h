// A synthetic profile store (host/profiles/synth.h) in a temporary file that lives as long as
// this object: the market's default community, and the stores the benchmarks stream.
#pragma once

#include <string>

#include "host/profiles/synth.h"

namespace evomarket {

class TemporarySyntheticStore {
 public:
  // Writes `options` (its `out` replaced) to "evomarket-<tag>-<pid>.h5" in the system's
  // temporary directory.
  TemporarySyntheticStore(SynthOptions options, const std::string& tag);
  ~TemporarySyntheticStore();  // removes the file, ignoring errors
  TemporarySyntheticStore(const TemporarySyntheticStore&) = delete;
  TemporarySyntheticStore& operator=(const TemporarySyntheticStore&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace evomarket
