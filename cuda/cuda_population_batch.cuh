// The CUDA batch of populations (host/backend/population_batch.h): many small populations in
// one launch per step.
#pragma once

#include <cstddef>
#include <memory>

#include "host/backend/backend.h"
#include "host/backend/population_batch.h"

namespace evomarket::gpu {

// `game`, `population` and `evolution` must outlive the batch; `sms` sizes the launches.
// Throws std::invalid_argument for a population the checks of population_checks.h reject.
std::unique_ptr<PopulationBatch> make_cuda_population_batch(const GameSetup& game,
                                                            const PopulationSpec& population,
                                                            const EvolutionSetup& evolution,
                                                            size_t slots, int device, int sms);

}  // namespace evomarket::gpu
