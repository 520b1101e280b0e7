// CPU-vs-GPU parity tests skip cleanly on machines without a usable CUDA device (CI has none).
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "host/backend/backend.h"

// True in test_cuda_emulated, where cuda/ runs on the host emulation of CUDA
// (support/cuda_emulator): there a test may choose smaller sizes where size only adds time.
#if defined(EVOMARKET_CUDA_EMULATOR)
inline constexpr bool kEmulatedCudaDevice = true;
#else
inline constexpr bool kEmulatedCudaDevice = false;
#endif

#define SKIP_WITHOUT_CUDA_DEVICE()                                \
  do {                                                            \
    std::string why_no_device;                                    \
    if (::evomarket::cuda_device_count(&why_no_device) == 0) {    \
      GTEST_SKIP() << "no usable CUDA device: " << why_no_device; \
    }                                                             \
  } while (0)
