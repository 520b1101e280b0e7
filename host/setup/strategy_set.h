// Compiled iterated-game strategies: the plain machine tables a backend copies (what
// compile_strategies() in host/setup/strategy_catalog.h produces). Kept apart from the catalog
// so that the setup headers the CUDA backend includes do not pull the catalog's std::map of
// config-file strategies into nvcc.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kernels/strategy_machine.h"

namespace evomarket {

// Compiled strategies, ready to be copied to a backend.
struct StrategySet {
  std::vector<std::string> names;  // canonical spelling, e.g. "Cycler(CCD)"
  std::vector<StrategyInfo> infos;
  std::vector<MachineState> states;

  uint32_t size() const { return static_cast<uint32_t>(infos.size()); }
  StrategyTableView view() const { return StrategyTableView{infos.data(), states.data(), size()}; }
};

}  // namespace evomarket
