#include "host/setup/evolution_setup.h"

#include <cmath>

namespace evomarket {

void build_fermi_table(double beta, EvolutionSetup& setup) {
  constexpr uint32_t kHalf = 4096;  // intervals on each side of d = 0
  constexpr double kSpan = 32.0;    // beta * |d| covered by the table
  setup.fermi_half = kHalf;
  setup.fermi_step =
      beta > 0 ? std::max<int64_t>(1, std::llround(kSpan / kHalf / beta * kFitnessOne)) : 1;
  setup.fermi_thresholds.resize(2 * kHalf + 1);
  for (uint32_t i = 0; i <= 2 * kHalf; ++i) {
    const double d = static_cast<double>(static_cast<int64_t>(i) - kHalf) *
                     static_cast<double>(setup.fermi_step) / kFitnessOne;
    const double p = 1.0 / (1.0 + std::exp(-beta * d));
    setup.fermi_thresholds[i] = static_cast<uint64_t>(std::llround(std::ldexp(p, 32)));
  }
}

}  // namespace evomarket
