// EVO_HD (kernels/evo_hd.h): plain `inline` under g++, so kernel functions are ordinary host
// functions in the CPU build (nvcc's __host__ __device__ is checked by the CUDA build).
#include <gtest/gtest.h>

#include "kernels/evo_hd.h"

#define EVOMARKET_TEST_STRINGIFY_(x) #x
#define EVOMARKET_TEST_STRINGIFY(x) EVOMARKET_TEST_STRINGIFY_(x)

#if defined(__CUDACC__)
#error "the CPU test binary is compiled by the host compiler"
#endif

namespace evomarket {
namespace {

EVO_HD int twice(int x) {
  return 2 * x;
}

TEST(EvoHd, ExpandsToInlineUnderTheHostCompiler) {
  EXPECT_STREQ(EVOMARKET_TEST_STRINGIFY(EVO_HD), "inline");
  EXPECT_EQ(twice(21), 42);
}

}  // namespace
}  // namespace evomarket
