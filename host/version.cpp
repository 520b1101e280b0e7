#include "host/version.h"

namespace evomarket {

// Both strings come from CMake (project version, `git rev-parse`); only this file sees them, so
// a new commit recompiles one file.
const char* evomarket_version() {
  return EVOMARKET_VERSION;
}
const char* evomarket_git_commit() {
  return EVOMARKET_GIT_COMMIT;
}

}  // namespace evomarket
