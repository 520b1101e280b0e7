// The resolved config as TOML (to_toml, stored verbatim in every results file) and the identity
// of the simulation it describes (simulation_identity, which checkpoints must match).
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "host/config/config.h"
#include "host/config/group_config.h"

namespace evomarket {
namespace {

const char* rule_name(DynamicsRule rule) {
  switch (rule) {
    case DynamicsRule::kFermi:
      return "fermi";
    case DynamicsRule::kProportional:
      return "proportional";
    case DynamicsRule::kImitateBest:
      return "imitate_best";
    case DynamicsRule::kDeathBirth:
      return "death_birth";
    case DynamicsRule::kBirthDeath:
      return "birth_death";
    default:
      return "none";
  }
}

const char* partners_name(PartnerMode mode) {
  switch (mode) {
    case PartnerMode::kCommunity:
      return "community";
    case PartnerMode::kLattice:
      return "lattice";
    case PartnerMode::kGraph:
      return "graph";
    case PartnerMode::kComplete:
      return "all";
    default:
      return "random";
  }
}

toml::array string_array(const std::vector<std::string>& items) {
  toml::array a;
  for (const auto& s : items) a.push_back(s);
  return a;
}

toml::table dynamics_table(const DynamicsConfig& d) {
  return toml::table{
      {"rule", rule_name(d.rule)},
      {"schedule", d.schedule == Schedule::kSynchronous ? "synchronous" : "asynchronous"},
      {"beta", d.beta},
      {"w", d.w},
      {"revise", d.revise},
      {"mutation", d.mutation},
      {"replace_parent", d.replace_parent}};
}

toml::array number_array(const std::vector<double>& items) {
  toml::array a;
  for (double x : items) a.push_back(x);
  return a;
}

toml::table market_table(const MarketConfig& m) {
  toml::array counts;
  for (uint64_t n : m.counts) counts.push_back(static_cast<int64_t>(n));
  toml::table t{{"structure", structure_name(m.structure)},
                {"contract_noise", m.contract_noise},
                {"profiles", m.profiles},
                {"agents", static_cast<int64_t>(m.agents)},
                {"community_size", static_cast<int64_t>(m.community_size)},
                {"strategies", string_array(m.strategies)},
                {"counts", counts},
                {"first_day", static_cast<int64_t>(m.first_day)},
                {"days", static_cast<int64_t>(m.days)},
                {"days_per_generation", static_cast<int64_t>(m.days_per_generation)},
                {"generations", static_cast<int64_t>(m.generations)},
                {"mechanism", mechanism_name(m.mechanism)},
                {"price_rule", uniform_rule_name(m.uniform_rule)},
                {"pay_as_bid", pay_as_bid_name(m.pay_as_bid)},
                {"k", m.k},
                {"retail", number_array(m.retail)},
                {"feed_in", number_array(m.feed_in)},
                {"import_fee", number_array(m.import_fee)},
                {"community_fee", number_array(m.community_fee)},
                {"scale_min", m.scale_min},
                {"scale_max", m.scale_max},
                {"max_shift_slots", static_cast<int64_t>(m.max_shift_slots)},
                {"per_community", m.per_community},
                {"fitness", fitness_name(m.fitness)},
                {"imitation", imitation_name(m.imitation)}};
  // The reader accepts these only beside the mechanism that reads them.
  if (m.mechanism == MarketMechanism::kContinuous) {
    t.insert("continuous_price", continuous_price_name(m.continuous_price));
  }
  if (m.mechanism == MarketMechanism::kReverseAuction) {
    t.insert("reverse_payment", reverse_payment_name(m.reverse_payment));
  }
  if (m.genome.enabled) {
    toml::table genome{{"step", m.genome.step}, {"bins", static_cast<int64_t>(m.genome.bins)}};
    if (m.genome.uniform) {
      genome.insert("initial", "uniform");
    } else {
      genome.insert("initial", toml::array{m.genome.ask, m.genome.bid});
    }
    t.insert("genome", std::move(genome));
    t.erase("strategies");  // the genome replaces the menu (the reader refuses both)
    t.erase("counts");
  }
  // The reader accepts pricing strategies beside contract strategies only in composite markets.
  if (m.structure == MarketStructure::kComposite) {
    t.insert("pricing_strategies", string_array(m.pricing_strategies));
  }
  t.insert("battery", toml::table{{"share", m.battery.share},
                                  {"capacity_kwh", m.battery.capacity_kwh},
                                  {"power_kw", m.battery.power_kw},
                                  {"efficiency", m.battery.efficiency}});
  if (m.meter_agents) {  // one agent per meter, in the data's communities
    t.insert_or_assign("agents", "meters");
    t.erase("community_size");
    if (!m.communities_file.empty()) t.insert("communities_file", m.communities_file);
  }
  return t;
}

toml::table resolved_table(const ExperimentConfig& c) {
  toml::table root;
  root.insert("experiment", toml::table{{"name", c.name},
                                        {"description", c.description},
                                        {"mode", mode_name(c.mode)},
                                        {"seed", static_cast<int64_t>(c.seed)},
                                        {"replicates", static_cast<int64_t>(c.replicates)}});
  toml::table game;
  if (c.game.kind == GameKind::kGroup) {
    game = group_game_table(c.game.group);
  } else if (c.game.kind == GameKind::kMatrix) {
    const size_t n = c.game.matrix_strategies.size();
    toml::array rows;
    for (size_t r = 0; r < n; ++r) {
      toml::array row;
      for (size_t col = 0; col < n; ++col) row.push_back(c.game.matrix[r * n + col]);
      rows.push_back(row);
    }
    game.insert("kind", "matrix");
    game.insert("matrix", toml::table{{"strategies", string_array(c.game.matrix_strategies)},
                                      {"payoffs", rows}});
  } else {
    const auto& v = c.game.payoffs.value;
    game.insert("kind", "iterated");
    game.insert("payoffs", toml::table{{"R", v[0]}, {"S", v[1]}, {"T", v[2]}, {"P", v[3]}});
    game.insert("turns", static_cast<int64_t>(c.game.turns));
    game.insert("prob_end", c.game.prob_end);
    game.insert("max_turns", static_cast<int64_t>(c.game.max_turns));
    game.insert("noise", c.game.noise);
    game.insert("shortcuts", c.game.shortcuts);
  }
  root.insert("game", game);
  if (c.mode == ExperimentMode::kMarket) {
    root.insert("market", market_table(c.market));
    root.insert("dynamics", dynamics_table(c.dynamics));
  } else if (c.mode == ExperimentMode::kTournament) {
    root.insert("tournament",
                toml::table{{"strategies", string_array(c.tournament.strategies)},
                            {"repetitions", static_cast<int64_t>(c.tournament.repetitions)},
                            {"self_play", c.tournament.self_play},
                            {"ecosystem_steps", static_cast<int64_t>(c.tournament.ecosystem_steps)},
                            {"record_moves", c.tournament.record_moves}});
  } else {
    const PopulationConfig& p = c.population;
    toml::array counts;
    for (uint64_t n : p.counts) counts.push_back(static_cast<int64_t>(n));
    toml::table population{{"agents", static_cast<int64_t>(p.agents)},
                           {"counts", counts},
                           {"partners", partners_name(p.partners)},
                           {"matches_per_agent", static_cast<int64_t>(p.matches_per_agent)},
                           {"community_size", static_cast<int64_t>(p.community_size)},
                           {"lattice_width", static_cast<int64_t>(p.lattice_width)},
                           {"neighbourhood", static_cast<int64_t>(p.neighbourhood)},
                           {"migration", p.migration},
                           {"self_interaction", p.self_interaction},
                           {"generations", static_cast<int64_t>(p.generations)},
                           {"record_agents", p.record_agents}};
    if (c.game.kind != GameKind::kMatrix) {
      population.insert("strategies", string_array(p.strategies));
    }
    if (!p.graph_file.empty()) population.insert("graph_file", p.graph_file);
    root.insert("population", population);
    root.insert("dynamics", dynamics_table(c.dynamics));
    root.insert("stop", toml::table{{"at_fixation", c.stop.at_fixation},
                                    {"max_seconds", c.stop.max_seconds}});
  }
  if (!c.custom_strategies.empty()) {
    toml::table strategies;
    for (const auto& [name, s] : c.custom_strategies) {
      toml::table t;
      t.insert("initial_move", s.initial_move == kCooperate ? "C" : "D");
      if (s.kind == CustomStrategy::Kind::kMemoryOne) {
        t.insert("kind", "memory_one");
        t.insert("four_vector", toml::array{s.four_vector[0], s.four_vector[1], s.four_vector[2],
                                            s.four_vector[3]});
      } else {
        t.insert("kind", "fsm");
        t.insert("initial_state", s.initial_state);
        toml::array rows;
        for (const auto& r : s.transitions) {
          rows.push_back(toml::array{r.state, r.opponent_move == kCooperate ? "C" : "D",
                                     r.next_state, r.action == kCooperate ? "C" : "D"});
        }
        t.insert("transitions", rows);
      }
      strategies.insert(name, t);
    }
    root.insert("strategies", strategies);
  }
  toml::table output{{"file", c.output.file},
                     {"snapshot_every", static_cast<int64_t>(c.output.snapshot_every)},
                     {"community_counts", c.output.community_counts},
                     {"checkpoint_every", static_cast<int64_t>(c.output.checkpoint_every)}};
  if (!c.output.checkpoint_file.empty()) output.insert("checkpoint_file", c.output.checkpoint_file);
  root.insert("output", output);
  return root;
}

std::string print(const toml::table& t) {
  std::ostringstream out;
  out << t << "\n";
  return out.str();
}

}  // namespace

std::string to_toml(const ExperimentConfig& c) {
  return print(resolved_table(c));
}

std::string simulation_identity(const ExperimentConfig& c) {
  toml::table t = resolved_table(c);
  t.erase("output");
  t.erase("stop");
  if (auto* population = t["population"].as_table()) population->erase("generations");
  if (auto* market = t["market"].as_table()) market->erase("generations");
  return print(t);
}

}  // namespace evomarket
