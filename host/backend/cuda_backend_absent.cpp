// Stand-ins for a build without nvcc: the CUDA backend reports itself as absent.
#include "host/backend/backend.h"
#include "host/errors.h"

namespace evomarket {

bool cuda_backend_built() {
  return false;
}

int cuda_device_count(std::string* why) {
  if (why) *why = "this evomarket was built without the CUDA backend (no nvcc at build time)";
  return 0;
}

std::unique_ptr<Backend> make_cuda_backend() {
  throw ConfigError("--backend cuda: this evomarket was built without the CUDA backend");
}

}  // namespace evomarket
