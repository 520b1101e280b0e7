// CUDA error checks: every runtime call in cuda/ goes through EVO_CUDA_CHECK, which turns a
// failure into std::runtime_error naming the call, file:line and CUDA's own description.
#pragma once

#include <cuda_runtime.h>

#include <stdexcept>
#include <string>

namespace evomarket {
namespace gpu {

// Throws std::runtime_error("file:line: call: cudaErrorName: description").
[[noreturn]] inline void throw_cuda_error(cudaError_t error, const char* call, const char* file,
                                          int line) {
  // Launch and allocation errors are not sticky; clear them so a caller that catches the
  // exception (e.g. to fall back to the CPU backend) starts from a clean state.
  (void)cudaGetLastError();
  throw std::runtime_error(std::string(file) + ":" + std::to_string(line) + ": " + call + ": " +
                           cudaGetErrorName(error) + ": " + cudaGetErrorString(error));
}

inline void check_cuda(cudaError_t error, const char* call, const char* file, int line) {
  if (error != cudaSuccess) throw_cuda_error(error, call, file, line);
}

}  // namespace gpu
}  // namespace evomarket

// Checks the cudaError_t of a runtime call (kernel launches check theirs in cuda/launch.cuh).
#define EVO_CUDA_CHECK(call) ::evomarket::gpu::check_cuda((call), #call, __FILE__, __LINE__)
