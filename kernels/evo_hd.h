// EVO_HD marks model functions that both backends call: __host__ __device__ under nvcc,
// plain inline functions under g++.
#pragma once

#if defined(__CUDACC__)
#define EVO_HD __host__ __device__ __forceinline__
#else
#define EVO_HD inline
#endif
