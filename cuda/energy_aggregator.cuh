// The CUDA EnergyAggregator (host/backend.h): double-buffered profile batches.
#pragma once

#include <memory>

#include "host/backend/backend.h"

namespace evomarket::gpu {

std::unique_ptr<EnergyAggregator> make_cuda_energy_aggregator(const ProfileAgents& agents,
                                                              int device, int sms);

}  // namespace evomarket::gpu
