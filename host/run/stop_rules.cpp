#include "host/run/stop_rules.h"

#include <algorithm>

namespace evomarket {

StopRules::StopRules(const StopConfig& stop, double mutation)
    : max_seconds_(stop.max_seconds), at_fixation_(stop.at_fixation && mutation == 0) {}

bool StopRules::time_spent(double elapsed_seconds) const {
  return max_seconds_ > 0 && elapsed_seconds >= max_seconds_;
}

bool StopRules::fixated(const std::vector<uint64_t>& counts, uint64_t agents) const {
  return at_fixation_ && std::count(counts.begin(), counts.end(), agents) == 1;
}

}  // namespace evomarket
