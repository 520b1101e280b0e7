// Exact inputs of the oligopoly tests (Cournot, Stackelberg) written as decimal or fraction
// text, as a user gives them on the command line.
#pragma once

#include <string>
#include <vector>

#include "host/theory/oligopoly.h"

namespace evomarket::theory::testing {

inline std::vector<Rational> numbers(const std::vector<std::string>& text) {
  std::vector<Rational> v;
  for (const std::string& t : text) v.push_back(*parse_rational(t));
  return v;
}

inline LinearDemand demand(const char* a, const char* b) {
  return {*parse_rational(a), *parse_rational(b)};
}

}  // namespace evomarket::theory::testing
