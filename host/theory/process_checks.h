// What the finite-population analyses share (finite_population.cpp, full_chain.cpp): the Fermi
// function and the argument checks, with the same messages everywhere.
#pragma once

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "host/theory/finite_population.h"
#include "host/theory/population_game.h"

namespace evomarket::theory::detail {

// 1 / (1 + e^-x) without overflow for large |x|.
inline double fermi(double x) {
  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1.0 + e);
}

inline void require_intensity(Process process, double intensity, const char* what) {
  if (process == Process::kFermi) {
    if (!std::isfinite(intensity) || intensity < 0) {
      throw std::invalid_argument(std::string(what) +
                                  ": the selection intensity beta must be finite and >= 0");
    }
  } else if (!(intensity >= 0 && intensity <= 1)) {
    throw std::invalid_argument(std::string(what) + ": the selection strength w must be in [0, 1]");
  }
}

inline void require_mutation(double mu, const char* what) {
  if (!(mu >= 0 && mu <= 1)) {
    throw std::invalid_argument(std::string(what) +
                                ": the mutation probability mu must be in [0, 1]");
  }
}

// Z >= 2 and at least the game's group size.
inline void require_population_of(const PopulationGame& game, std::uint64_t population,
                                  const char* what) {
  if (population < 2) {
    throw std::invalid_argument(std::string(what) + ": the population size Z must be >= 2");
  }
  if (population < game.min_population()) {
    throw std::invalid_argument(std::string(what) + ": the population size Z must be at least " +
                                std::to_string(game.min_population()) + " (the group size)");
  }
}

}  // namespace evomarket::theory::detail
