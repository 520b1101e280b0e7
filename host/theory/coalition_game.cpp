#include "host/theory/coalition_game.h"

#include <stdexcept>

namespace evomarket::theory {

Rational CoalitionTable::value(uint64_t coalition) const {
  Rational q(worth.at(coalition), scale);
  q.canonicalize();
  return q;
}

std::string coalition_name(const std::vector<std::string>& players, uint64_t coalition) {
  std::string name;
  for (std::size_t i = 0; i < players.size(); ++i) {
    if (((coalition >> i) & 1u) == 0) continue;
    if (!name.empty()) name += '+';
    name += players[i];
  }
  return name;
}

CoalitionTable make_coalition_table(std::vector<std::string> players,
                                    const std::vector<Rational>& values) {
  if (players.size() > kMaxExactPlayers || values.size() != (uint64_t{1} << players.size())) {
    throw std::invalid_argument("make_coalition_table: one value per coalition of at most " +
                                std::to_string(kMaxExactPlayers) + " players");
  }
  CoalitionTable t;
  t.players = std::move(players);
  for (const Rational& v : values) t.scale = lcm(t.scale, v.get_den());
  t.worth.resize(values.size());
  t.approx.resize(values.size());
  for (std::size_t s = 0; s < values.size(); ++s) {
    t.worth[s] = values[s].get_num() * (t.scale / values[s].get_den());
    t.approx[s] = values[s].get_d();
  }
  return t;
}

}  // namespace evomarket::theory
