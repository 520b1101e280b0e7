// The CUDA MarketEngine (host/setup/market_setup.h): the CPU market's twin on the GPU
// (host/backend/cpu_market.cpp).
#pragma once

#include <memory>

#include "host/setup/evolution_setup.h"
#include "host/setup/market_setup.h"

namespace evomarket::gpu {

std::unique_ptr<MarketEngine> make_cuda_market(const MarketSetup& setup,
                                               const EvolutionSetup& evolution, int device,
                                               int sms);

}  // namespace evomarket::gpu
