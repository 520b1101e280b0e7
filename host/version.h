// The evomarket version and the git commit the binary was built from: every results file and
// profile store records both.
#pragma once

namespace evomarket {

const char* evomarket_version();
const char* evomarket_git_commit();

}  // namespace evomarket
