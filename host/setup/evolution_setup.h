// Host-side form of the update step (kernels/update.h): rule parameters as integer thresholds
// and the Fermi table, built once from the config.
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/population.h"
#include "kernels/update.h"

namespace evomarket {

struct EvolutionSetup {
  UpdateRule rule = UpdateRule::kNone;
  Probability revise{kCertain};
  Probability mutation{0};
  Probability migration{0};
  std::vector<uint64_t> fermi_thresholds;  // [2 * fermi_half + 1]
  uint32_t fermi_half = 0;
  int64_t fermi_step = 1;
  int64_t delta_max_q16 = kFitnessOne;
  int64_t w_q16 = 0;
  uint32_t strategies = 0;
  // Asynchronous birth-death only: the replaced agent is drawn among all Z, the parent included.
  bool replace_parent = false;

  // The kernels' view, pointing at `fermi` (this object's table, or a device copy of it).
  UpdateParams params(const uint64_t* fermi) const {
    return UpdateParams{
        rule,          revise, mutation,  migration, FermiTableView{fermi, fermi_half, fermi_step},
        delta_max_q16, w_q16,  strategies};
  }
  UpdateParams params() const { return params(fermi_thresholds.data()); }
};

// Thresholds round(2^32 / (1 + exp(-beta * d / 2^16))) at d = (i - half) * step, with the step
// chosen so that the table spans beta * |d| <= 32 in 8192 intervals (interpolation error of the
// probability below 1e-6). beta = 0 gives a constant 1/2.
void build_fermi_table(double beta, EvolutionSetup& setup);

// The population's structure as the backends receive it: the layout plus, for graphs, the CSR
// arrays (the engine points layout.graph_* at its own copy).
struct PopulationSpec {
  PopulationLayout layout{};
  std::vector<uint64_t> graph_offsets;
  std::vector<uint64_t> graph_neighbours;

  PopulationLayout host_layout() const {
    PopulationLayout l = layout;
    l.graph_offsets = graph_offsets.empty() ? nullptr : graph_offsets.data();
    l.graph_neighbours = graph_neighbours.empty() ? nullptr : graph_neighbours.data();
    return l;
  }
};

}  // namespace evomarket
