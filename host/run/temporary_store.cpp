#include "host/run/temporary_store.h"

#include <unistd.h>

#include <filesystem>
#include <system_error>

#include <fmt/format.h>

namespace evomarket {

TemporarySyntheticStore::TemporarySyntheticStore(SynthOptions options, const std::string& tag) {
  path_ = (std::filesystem::temp_directory_path() /
           fmt::format("evomarket-{}-{}.h5", tag, static_cast<long>(::getpid())))
              .string();
  options.out = path_;
  options.overwrite = true;  // a name of this process's own: what is there is a dead process's
  try {
    synthesize_profiles(options);
  } catch (...) {  // no destructor runs for a constructor that throws
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
    throw;
  }
}

TemporarySyntheticStore::~TemporarySyntheticStore() {
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

}  // namespace evomarket
