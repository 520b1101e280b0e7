// The CUDA FollowerEvaluator (host/setup/follower_setup.h): leader pricing's followers on the
// GPU. Twin: host/backend/cpu_followers.cpp.
#pragma once

#include <memory>

#include "host/setup/follower_setup.h"

namespace evomarket::gpu {

std::unique_ptr<FollowerEvaluator> make_cuda_follower_evaluator(const FollowerSetup& setup,
                                                                int device, int sms);

}  // namespace evomarket::gpu
