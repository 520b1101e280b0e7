// The [game] keys of group games (game.kind = "group", docs/group_games.md): reading and
// checking them, the population structures they allow, and writing them back resolved.
#pragma once

#include <array>
#include <string_view>

#include <toml++/toml.h>

#include "host/config/config.h"
#include "host/config/toml_reader.h"

namespace evomarket {

// The keys a group game may hold in [game] besides "kind".
inline constexpr std::array<std::string_view, 9> kGroupGameKeys = {
    "group_size", "group_game", "cost",   "factor", "threshold",
    "risk",       "endowment",  "rounds", "table"};

// Reads game.group_game and its parameters into c.group; throws ConfigError naming the key.
void read_group_game(TableReader& game, GameConfig& c);

// Checks population.strategies (default Cooperate and Defect) and the structure against the
// group game: groups of N need N agents to draw from, a lattice group has neighbourhood + 1
// members, no self-interaction; complete mixing ("all") is the expectation over all groups, for
// the asynchronous processes.
void check_group_population(TableReader& population, const GroupGame& g, PopulationConfig& p);

// The resolved [game] table of a group game.
toml::table group_game_table(const GroupGame& g);

}  // namespace evomarket
