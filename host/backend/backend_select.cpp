#include <cstdio>

#include <fmt/format.h>

#include "host/backend/backend.h"
#include "host/errors.h"

namespace evomarket {

BackendChoice parse_backend_choice(const std::string& text) {
  if (text == "auto") return BackendChoice::kAuto;
  if (text == "cpu") return BackendChoice::kCpu;
  if (text == "cuda") return BackendChoice::kCuda;
  throw ConfigError(fmt::format("--backend: expected auto, cpu or cuda, got \"{}\"", text));
}

// The user-facing error is raised here, not in cuda/: ConfigError is the host's type for bad
// input (host/errors.h), and cuda/ stays free of it.
std::unique_ptr<Backend> make_cuda_backend() {
  if (!cuda_backend_built()) {
    throw ConfigError("--backend cuda: this evomarket was built without the CUDA backend");
  }
  std::string why;
  std::unique_ptr<Backend> backend = try_make_cuda_backend(&why);
  if (!backend) throw ConfigError("--backend cuda: no usable CUDA device: " + why);
  return backend;
}

std::unique_ptr<Backend> make_backend(BackendChoice choice, int threads) {
  if (choice == BackendChoice::kCpu) return make_cpu_backend(threads);
  std::string why;
  const int devices = cuda_device_count(&why);
  if (choice == BackendChoice::kCuda) {
    if (devices == 0) throw ConfigError("--backend cuda: no usable CUDA device: " + why);
    return make_cuda_backend();
  }
  if (devices > 0) {
    try {
      return make_cuda_backend();
    } catch (const std::exception& e) {  // e.g. a device busy in exclusive-process mode
      std::fprintf(stderr, "evomarket: CUDA device unusable (%s); using the CPU backend\n",
                   e.what());
    }
  }
  return make_cpu_backend(threads);
}

}  // namespace evomarket
