// Runs the programs of Debian's lrslib (package `lrslib`): lrsnash, which enumerates the extreme
// Nash equilibria of a bimatrix game, and lrs, which enumerates the vertices of a polytope. Both
// use exact (GMP) arithmetic. They run as child processes rather than through liblrs: the
// library does not contain lrsnash's driver, and it keeps global state, prints and may call
// exit() on errors, which a child process keeps out of evomarket (docs/solvers.md).
//
// The paths are the ones CMake found; the environment variables EVOMARKET_LRSNASH and
// EVOMARKET_LRS override them.
#pragma once

#include <string>

namespace evomarket::theory {

// Runs the program on a temporary file holding `input` and returns what it printed on stdout.
// Throws std::runtime_error, with the program's own message, when it cannot be started or exits
// with a non-zero status.
std::string run_lrsnash(const std::string& input);
std::string run_lrs(const std::string& input);

}  // namespace evomarket::theory
