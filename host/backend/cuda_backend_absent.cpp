// Stand-ins for a build without nvcc: the CUDA backend reports itself as absent.
#include "host/backend/backend.h"

namespace evomarket {

bool cuda_backend_built() {
  return false;
}

int cuda_device_count(std::string* why) {
  if (why) *why = "this evomarket was built without the CUDA backend (no nvcc at build time)";
  return 0;
}

std::unique_ptr<Backend> try_make_cuda_backend(std::string* why) {
  (void)cuda_device_count(why);
  return nullptr;
}

}  // namespace evomarket
