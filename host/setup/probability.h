// Host-side conversion of probabilities to the integer thresholds the kernels compare against.
#pragma once

#include <cmath>
#include <string>

#include "host/errors.h"
#include "kernels/rng.h"

namespace evomarket {

// threshold = round(p * 2^32); p must lie in [0, 1] (`what` names the setting in the error).
inline Probability probability_threshold(double p, const std::string& what) {
  if (!(p >= 0.0 && p <= 1.0)) {
    throw ConfigError(what + ": expected a probability in [0, 1], got " + std::to_string(p));
  }
  return Probability{static_cast<uint64_t>(std::llround(std::ldexp(p, 32)))};
}

inline double threshold_probability(Probability p) {
  return std::ldexp(static_cast<double>(p.threshold), -32);
}

}  // namespace evomarket
