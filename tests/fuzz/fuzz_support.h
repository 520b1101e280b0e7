// Shared by the libFuzzer harnesses: a private temporary directory per process, input bytes
// written to files there, and small HDF5 builders for the structure-aware harnesses (files
// assembled from the fuzz bytes through the HDF5 C API, so that HDF5's own parser is not what
// is fuzzed but what our readers make of odd shapes, types and missing parts).
#pragma once

#include <fuzzer/FuzzedDataProvider.h>
#include <hdf5.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace evomarket::fuzz {

// <tmp>/evomarket-fuzz-<pid>, created on first use and removed at exit (the path is leaked on
// purpose: the exit handler runs after static destructors registered later).
inline const std::string& temp_dir() {
  static const std::string* const dir = [] {
    // /dev/shm when there is one: every input is a file or two written and read back.
    std::error_code ec;
    const std::filesystem::path base = std::filesystem::is_directory("/dev/shm", ec)
                                           ? std::filesystem::path("/dev/shm")
                                           : std::filesystem::temp_directory_path();
    const std::filesystem::path p = base / ("evomarket-fuzz-" + std::to_string(::getpid()));
    std::filesystem::remove_all(p);
    std::filesystem::create_directories(p);
    auto* path = new std::string(p.string());
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(temp_dir(), ec);
    });
    return path;
  }();
  return *dir;
}

inline std::string temp_path(const std::string& name) {
  return temp_dir() + "/" + name;
}

// Writes `size` bytes to temp_path(name) and returns the path.
inline std::string write_file(const std::string& name, const void* data, size_t size) {
  const std::string path = temp_path(name);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  return path;
}

inline std::string write_file(const std::string& name, const std::string& text) {
  return write_file(name, text.data(), text.size());
}

// Silences HDF5's error stack printing (every refused file would print one).
inline void quiet_hdf5() {
  static const bool done = [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)done;
}

// ---------------------------------------------------------------------------------------------
// Structure-aware HDF5 building. A dataset or attribute the reader expects is written the right
// way, or missing, of another type, rank or size, or with an absurd extent (chunked, unlimited,
// never written: HDF5 accepts a 1e12-element extent in a file of a few kilobytes).

enum class Variant { kRight, kMissing, kWrongType, kWrongRank, kOtherSize, kHuge };

inline Variant pick_variant(FuzzedDataProvider& p) {
  // Mostly right, so that the reader gets past the first check and reaches the later ones.
  const uint8_t v = p.ConsumeIntegral<uint8_t>();
  if (v < 150) return Variant::kRight;
  if (v < 170) return Variant::kMissing;
  if (v < 190) return Variant::kWrongType;
  if (v < 205) return Variant::kWrongRank;
  if (v < 235) return Variant::kOtherSize;
  return Variant::kHuge;
}

inline hid_t string_type() {
  const hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  return t;
}

inline hid_t pick_other_type(FuzzedDataProvider& p) {
  switch (p.ConsumeIntegralInRange<int>(0, 8)) {
    case 0: return H5Tcopy(H5T_NATIVE_FLOAT);
    case 1: return H5Tcopy(H5T_NATIVE_DOUBLE);
    case 2: return H5Tcopy(H5T_NATIVE_INT8);
    case 3: return H5Tcopy(H5T_NATIVE_UINT16);
    case 4: return H5Tcopy(H5T_NATIVE_INT32);
    case 5: return H5Tcopy(H5T_NATIVE_INT64);
    case 6: return H5Tcopy(H5T_NATIVE_UINT64);
    case 7: return H5Tcopy(H5T_STD_I64BE);
    default: return string_type();
  }
}

inline hsize_t huge_extent(FuzzedDataProvider& p) {
  static const hsize_t values[] = {hsize_t{1} << 20, hsize_t{1} << 31, hsize_t{1} << 32,
                                   1000000000000ULL, hsize_t{1} << 40,  hsize_t{1} << 62};
  return values[p.ConsumeIntegralInRange<size_t>(0, std::size(values) - 1)];
}

// Creates dataset `name` of `type` and `dims` at `loc`; writes the fuzz bytes into it unless
// `unwritten` (then chunked and extendible, so any extent costs nothing).
inline void make_dataset(FuzzedDataProvider& p, hid_t loc, const char* name, hid_t type,
                         std::vector<hsize_t> dims, bool unwritten) {
  const int rank = static_cast<int>(dims.size());
  std::vector<hsize_t> max(dims.size(), H5S_UNLIMITED);
  const hid_t space = rank == 0 ? H5Screate(H5S_SCALAR)
                                : H5Screate_simple(rank, dims.data(), unwritten ? max.data() : nullptr);
  const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  if (unwritten && rank > 0) {
    std::vector<hsize_t> chunk(dims.size(), 1);
    chunk.back() = 64;
    H5Pset_chunk(dcpl, rank, chunk.data());
  }
  const hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_create_intermediate_group(lcpl, 1);
  const hid_t d = space < 0 ? -1 : H5Dcreate2(loc, name, type, space, lcpl, dcpl, H5P_DEFAULT);
  if (d >= 0 && !unwritten) {
    hssize_t n = space >= 0 ? H5Sget_simple_extent_npoints(space) : 0;
    if (n > 0 && n <= (1 << 16)) {
      if (H5Tis_variable_str(type) > 0) {
        std::vector<std::string> text;
        std::vector<const char*> ptrs;
        for (hssize_t i = 0; i < n; ++i) text.push_back(p.ConsumeRandomLengthString(16));
        for (const auto& s : text) ptrs.push_back(s.c_str());
        H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data());
      } else {
        const size_t bytes = static_cast<size_t>(n) * H5Tget_size(type);
        std::vector<uint8_t> data = p.ConsumeBytes<uint8_t>(bytes);
        data.resize(bytes, 0);
        H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data());
      }
    }
  }
  if (d >= 0) H5Dclose(d);
  H5Pclose(lcpl);
  H5Pclose(dcpl);
  if (space >= 0) H5Sclose(space);
}

// Dataset `name` as the reader expects it (`type`, `dims`), or one of the variants.
inline void fuzz_dataset(FuzzedDataProvider& p, hid_t loc, const char* name, hid_t type,
                         const std::vector<hsize_t>& dims) {
  switch (pick_variant(p)) {
    case Variant::kRight:
      make_dataset(p, loc, name, type, dims, false);
      break;
    case Variant::kMissing:
      break;
    case Variant::kWrongType: {
      const hid_t other = pick_other_type(p);
      make_dataset(p, loc, name, other, dims, false);
      H5Tclose(other);
      break;
    }
    case Variant::kWrongRank: {
      std::vector<hsize_t> other(p.ConsumeIntegralInRange<size_t>(0, 3));
      for (auto& d : other) d = p.ConsumeIntegralInRange<hsize_t>(0, 4);
      make_dataset(p, loc, name, type, other, false);
      break;
    }
    case Variant::kOtherSize: {
      std::vector<hsize_t> other = dims;
      for (auto& d : other) d = p.ConsumeBool() ? d : p.ConsumeIntegralInRange<hsize_t>(0, 9);
      make_dataset(p, loc, name, type, other, p.ConsumeBool());
      break;
    }
    case Variant::kHuge: {
      std::vector<hsize_t> other = dims;
      if (other.empty()) other.push_back(1);
      for (auto& d : other) d = p.ConsumeBool() ? huge_extent(p) : d;
      make_dataset(p, loc, name, type, other, true);
      break;
    }
  }
}

inline void write_attr(hid_t loc, const char* name, hid_t type, const void* value) {
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t a = H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  if (a >= 0) {
    H5Awrite(a, type, value);
    H5Aclose(a);
  }
  H5Sclose(space);
}

inline void string_attr(hid_t loc, const char* name, const std::string& value) {
  const hid_t t = string_type();
  const char* s = value.c_str();
  write_attr(loc, name, t, &s);
  H5Tclose(t);
}

// String attribute `name`: `right`, missing, another string, an integer, or a 2-element array.
inline void fuzz_string_attr(FuzzedDataProvider& p, hid_t loc, const char* name,
                             const std::string& right) {
  switch (pick_variant(p)) {
    case Variant::kRight:
      string_attr(loc, name, right);
      break;
    case Variant::kMissing:
      break;
    case Variant::kWrongType: {
      const int64_t v = p.ConsumeIntegral<int64_t>();
      write_attr(loc, name, H5T_NATIVE_INT64, &v);
      break;
    }
    case Variant::kWrongRank: {
      const hid_t t = string_type();
      const hsize_t two = 2;
      const hid_t space = H5Screate_simple(1, &two, nullptr);
      const hid_t a = H5Acreate2(loc, name, t, space, H5P_DEFAULT, H5P_DEFAULT);
      const char* v[2] = {right.c_str(), "x"};
      if (a >= 0) {
        H5Awrite(a, t, v);
        H5Aclose(a);
      }
      H5Sclose(space);
      H5Tclose(t);
      break;
    }
    default:
      string_attr(loc, name, p.ConsumeRandomLengthString(24));
      break;
  }
}

// Integer attribute `name`: `right`, missing, any int64, a double or a string.
inline void fuzz_int_attr(FuzzedDataProvider& p, hid_t loc, const char* name, int64_t right) {
  switch (pick_variant(p)) {
    case Variant::kRight:
      write_attr(loc, name, H5T_NATIVE_INT64, &right);
      break;
    case Variant::kMissing:
      break;
    case Variant::kWrongType: {
      if (p.ConsumeBool()) {
        const double v = p.ConsumeFloatingPoint<double>();
        write_attr(loc, name, H5T_NATIVE_DOUBLE, &v);
      } else {
        string_attr(loc, name, p.ConsumeRandomLengthString(8));
      }
      break;
    }
    case Variant::kHuge: {
      const uint64_t v = p.ConsumeIntegral<uint64_t>();
      write_attr(loc, name, H5T_NATIVE_UINT64, &v);
      break;
    }
    default: {
      const int64_t v = p.ConsumeBool() ? p.ConsumeIntegral<int64_t>()
                                        : p.ConsumeIntegralInRange<int64_t>(-2, 100000);
      write_attr(loc, name, H5T_NATIVE_INT64, &v);
      break;
    }
  }
}

}  // namespace evomarket::fuzz
