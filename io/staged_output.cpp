#include "io/staged_output.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <system_error>

#include "io/hdf5_error.h"

namespace evomarket::io {

namespace fs = std::filesystem;

void check_output_target(const std::string& target, std::string_view what,
                         const std::vector<std::string>& inputs) {
  if (target.empty()) throw H5Error(fmt::format("{}: the output path is empty", what));
  std::error_code ec;
  const fs::path path(target);
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  if (!fs::exists(dir, ec)) {
    throw H5Error(fmt::format("cannot create {} {}: directory {} does not exist", what, target,
                              dir.string()));
  }
  if (!fs::is_directory(dir, ec)) {
    throw H5Error(
        fmt::format("cannot create {} {}: {} is not a directory", what, target, dir.string()));
  }
  const fs::file_status status = fs::status(path, ec);
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    throw H5Error(fmt::format("cannot create {} {}: it exists and is not a regular file{}", what,
                              target, fs::is_directory(status) ? " (a directory)" : ""));
  }
  for (const std::string& input : inputs) {
    if (fs::exists(status) && fs::equivalent(path, input, ec)) {
      throw H5Error(fmt::format("cannot create {} {}: it is the input {}; choose another --out",
                                what, target, input));
    }
  }
}

void check_may_replace(const std::string& target, std::string_view what, bool overwrite,
                       const StatusReader& status_of) {
  std::error_code ec;
  if (overwrite || !fs::exists(target, ec)) return;
  const std::string status = status_of(target);
  if (!status.empty() && status != "complete") return;
  const std::string found =
      status.empty() ? fmt::format("is not an evomarket {} (it cannot be read as one)", what)
                     : fmt::format("is a complete {} (status \"complete\")", what);
  throw H5Error(fmt::format(
      "{} exists and {}: pass --overwrite to replace it, or choose another --out", target, found));
}

namespace {

std::string temporary_name(const std::string& target) {
  static std::atomic<unsigned> counter{0};
  const unsigned n = counter++;
  return n == 0 ? fmt::format("{}.tmp-{}", target, ::getpid())
                : fmt::format("{}.tmp-{}-{}", target, ::getpid(), n);
}

}  // namespace

StagedOutput::StagedOutput(std::string target, std::string_view what,
                           const std::vector<std::string>& inputs)
    : target_(std::move(target)), what_(what) {
  check_output_target(target_, what_, inputs);
  std::error_code ec;
  target_existed_ = fs::exists(target_, ec);
  temporary_ = temporary_name(target_);
}

StagedOutput::~StagedOutput() {
  discard();
}

void StagedOutput::discard() noexcept {
  if (committed_ || temporary_.empty()) return;
  std::error_code ignored;
  fs::remove(temporary_, ignored);
}

void StagedOutput::commit() {
  std::error_code ec;
  fs::rename(temporary_, target_, ec);
  if (ec) {
    discard();
    throw H5Error(fmt::format("cannot move the finished {} {} to {}: {}", what_, temporary_,
                              target_, ec.message()));
  }
  committed_ = true;
}

}  // namespace evomarket::io
