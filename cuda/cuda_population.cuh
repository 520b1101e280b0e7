// The CUDA PopulationEngine (host/backend/backend.h): the CPU population's twin on the GPU.
#pragma once

#include <memory>

#include "host/backend/backend.h"

namespace evomarket::gpu {

// `game`, `population` and `evolution` must outlive the engine; `sms` sizes the launches.
// Throws std::invalid_argument for a population the checks of population_checks.h reject.
std::unique_ptr<PopulationEngine> make_cuda_population(const GameSetup& game,
                                                       const PopulationSpec& population,
                                                       const EvolutionSetup& evolution, int device,
                                                       int sms);

}  // namespace evomarket::gpu
