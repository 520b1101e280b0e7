#include "host/config/market_config.h"

#include <algorithm>

#include "host/config/toml_reader.h"
#include "host/setup/pricing_catalog.h"

namespace evomarket {
namespace {

// A price: one number or an array of numbers (time of use), currency per kWh in [0, 100]
// (the bound keeps a generation of 64 days of 10 kWh slots well inside int64 money).
std::vector<double> read_prices(TableReader& t, std::string_view key,
                                std::vector<double> fallback) {
  const toml::node* n = t.node(key);
  if (!n) return fallback;
  if (n->as_array()) {
    std::vector<double> v = t.reals(key);
    if (v.empty()) t.fail(key, n, "a price or a non-empty array of prices per slot of the day");
    for (double x : v) {
      if (!(x >= 0 && x <= 100)) t.fail(key, n, "prices in [0, 100] currency per kWh");
    }
    return v;
  }
  return {t.real(key, 0, 0, 100)};
}

// The options only one mechanism reads: refused beside any other, so a setting never goes
// silently unused.
void read_mechanism_options(TableReader& t, MarketConfig& m) {
  const auto only_with = [&](const char* key, MarketMechanism reader) {
    if (t.node(key) && m.mechanism != reader) {
      t.fail(key, t.node(key),
             fmt::format("mechanism = \"{}\" for {} (the mechanism is \"{}\")",
                         mechanism_name(reader), key, mechanism_name(m.mechanism)));
    }
  };
  only_with("continuous_price", MarketMechanism::kContinuous);
  only_with("reverse_payment", MarketMechanism::kReverseAuction);
  m.continuous_price = t.choice<ContinuousPrice>("continuous_price", ContinuousPrice::kRestingOrder,
                                                 {{"resting_order", ContinuousPrice::kRestingOrder},
                                                  {"midpoint", ContinuousPrice::kMidpoint}});
  m.reverse_payment = t.choice<ReversePayment>(
      "reverse_payment", ReversePayment::kUniform,
      {{"uniform", ReversePayment::kUniform}, {"vcg", ReversePayment::kVcg}});
}

// [market.genome]: evolving prices instead of the strategy menu (community structure only).
void read_genome(TableReader& t, MarketConfig& m) {
  TableReader g = t.table("genome");
  if (!g.present()) return;
  g.only({"initial", "step", "bins"});
  m.genome.enabled = true;
  for (const char* menu : {"strategies", "shares", "counts", "pricing_strategies"}) {
    if (t.node(menu)) {
      t.fail(menu, t.node(menu),
             "no strategy menu with [market.genome] (every agent carries its own Markup(a, b))");
    }
  }
  if (t.node("structure") && t.string("structure", "") != "community") {
    t.fail("structure", t.node("structure"),
           "structure = \"community\" with [market.genome] (contracts are not priced)");
  }
  if (const toml::node* n = g.node("initial")) {
    if (n->is_string()) {
      if (g.string("initial", "") != "uniform") {
        g.fail("initial", n, "\"uniform\" or [ask, bid] markups in [0, 1]");
      }
    } else {
      const std::vector<double> v = g.reals("initial");
      if (v.size() != 2 || !(v[0] >= 0 && v[0] <= 1) || !(v[1] >= 0 && v[1] <= 1)) {
        g.fail("initial", n, "\"uniform\" or [ask, bid] markups in [0, 1]");
      }
      m.genome.uniform = false;
      m.genome.ask = v[0];
      m.genome.bid = v[1];
    }
  }
  m.genome.step = g.real("step", m.genome.step, 0.0, 1.0);
  m.genome.bins = static_cast<uint32_t>(g.integer("bins", m.genome.bins, 1, 1000));
}

}  // namespace

std::vector<std::string> agent_strategy_names(const MarketConfig& m) {
  if (m.structure != MarketStructure::kComposite || m.pricing_strategies.size() == 1) {
    return m.strategies;
  }
  std::vector<std::string> names;
  for (const std::string& contract : m.strategies) {
    for (const std::string& pricing : m.pricing_strategies)
      names.push_back(contract + "+" + pricing);
  }
  return names;
}

// Exact agents per strategy from market.shares or market.counts, once m.agents is known.
void resolve_market_counts(TableReader& t, MarketConfig& m) {
  m.shares = t.reals("shares");
  const std::vector<int64_t> counts = t.integers("counts");
  const std::vector<std::string> held = agent_strategy_names(m);
  if (m.shares.empty() && counts.empty()) {
    m.shares.assign(held.size(), 1.0 / double(held.size()));
  }
  m.counts = resolve_strategy_counts(t, held, m.shares, counts, m.agents);
}

void resolve_meter_agents(TableReader& t, MarketConfig& m) {
  if (!m.meter_agents) return;
  m.communities = meter_communities(m.profiles, m.communities_file);
  m.agents = m.communities.meters.size();
  if (m.agents < 2) {
    t.fail("agents", t.node("agents"),
           fmt::format("a store of at least 2 meters with agents = \"meters\", {} has {}",
                       m.profiles, m.agents));
  }
  m.community_size = static_cast<uint32_t>(std::min<uint64_t>(m.communities.largest(), 1u << 24));
  if (m.communities.largest() > (uint64_t{1} << 24)) {
    t.fail("agents", t.node("agents"),
           fmt::format("communities of at most {} meters, the largest has {}", 1u << 24,
                       m.communities.largest()));
  }
  resolve_market_counts(t, m);
}

void read_market(TableReader& t, MarketConfig& m) {
  t.only({"structure",
          "pricing_strategies",
          "contract_noise",
          "profiles",
          "agents",
          "community_size",
          "communities_file",
          "strategies",
          "shares",
          "counts",
          "first_day",
          "days",
          "days_per_generation",
          "generations",
          "mechanism",
          "price_rule",
          "pay_as_bid",
          "continuous_price",
          "reverse_payment",
          "k",
          "retail",
          "feed_in",
          "import_fee",
          "community_fee",
          "scale_min",
          "scale_max",
          "max_shift_slots",
          "battery",
          "per_community",
          "fitness",
          "imitation",
          "genome"});
  m.profiles = t.string("profiles", "");
  const toml::node* agents = t.node("agents");
  m.meter_agents = agents && agents->is_string();
  if (m.meter_agents && t.string("agents", "") != "meters") {
    t.fail("agents", agents,
           "a number of agents, or \"meters\" (one agent per meter of the profile store)");
  }
  if (!m.meter_agents) {
    m.agents = static_cast<uint64_t>(
        t.integer("agents", static_cast<int64_t>(m.agents), 2, int64_t{1} << 40));
  }
  m.communities_file = t.string("communities_file", "");
  if (m.meter_agents && t.node("community_size")) {
    t.fail("community_size", t.node("community_size"),
           "no community_size with agents = \"meters\" (communities come from the data: the "
           "store's meter groups or market.communities_file)");
  }
  if (!m.meter_agents && t.node("communities_file")) {
    t.fail("communities_file", t.node("communities_file"),
           "agents = \"meters\" for a communities file (sampled agents form equal communities "
           "of community_size)");
  }
  if (!m.meter_agents) {
    m.community_size =
        static_cast<uint32_t>(t.integer("community_size", m.community_size, 2, int64_t{1} << 24));
  }
  if (!m.meter_agents && m.community_size > m.agents) {
    t.fail("community_size", t.node("community_size"),
           fmt::format("a community size at most market.agents = {}", m.agents));
  }
  m.structure = t.choice<MarketStructure>("structure", MarketStructure::kCommunity,
                                          {{"community", MarketStructure::kCommunity},
                                           {"bilateral", MarketStructure::kBilateral},
                                           {"composite", MarketStructure::kComposite}});
  const bool contracts = m.structure != MarketStructure::kCommunity;
  read_genome(t, m);
  m.strategies = t.strings("strategies");
  if (m.genome.enabled) {
    m.strategies = {"Genome"};
  } else if (!t.node("strategies")) {
    m.strategies = contracts ? default_contract_strategies() : default_pricing_strategies();
  }
  if (!contracts && !m.genome.enabled) {  // contract strategies: checked with the market setup
    for (const std::string& name : m.strategies) {
      std::string why;
      if (!parse_pricing_strategy(name, &why)) {
        t.fail("strategies", t.node("strategies"), fmt::format("{}, got \"{}\"", why, name));
      }
    }
  }
  if (t.node("pricing_strategies")) {
    if (m.structure != MarketStructure::kComposite) {
      t.fail("pricing_strategies", t.node("pricing_strategies"),
             "structure = \"composite\" for pricing strategies beside contract strategies "
             "(in a community market market.strategies are the pricing strategies)");
    }
    m.pricing_strategies = t.strings("pricing_strategies");
    if (m.pricing_strategies.empty()) {
      t.fail("pricing_strategies", t.node("pricing_strategies"), "a non-empty list");
    }
  }
  for (const std::string& name : m.pricing_strategies) {
    std::string why;
    if (!parse_pricing_strategy(name, &why)) {
      t.fail("pricing_strategies", t.node("pricing_strategies"),
             fmt::format("{}, got \"{}\"", why, name));
    }
  }
  m.contract_noise = t.real("contract_noise", 0.0, 0.0, 1.0);
  if (!m.meter_agents) resolve_market_counts(t, m);
  m.first_day = static_cast<uint32_t>(t.integer("first_day", 0, 0, 1000000));
  m.days = static_cast<uint32_t>(t.integer("days", m.days, 1, 1000000));
  m.days_per_generation = static_cast<uint32_t>(t.integer("days_per_generation", 1, 1, 1000000));
  if (m.days % m.days_per_generation != 0) {
    t.fail("days_per_generation", t.node("days_per_generation"),
           fmt::format("a divisor of market.days = {}", m.days));
  }
  if (contracts && m.days_per_generation > 64) {
    t.fail("days_per_generation", t.node("days_per_generation"),
           "at most 64 days per generation with bilateral contracts (one move per day)");
  }
  m.generations = static_cast<uint32_t>(
      t.integer("generations", m.days / m.days_per_generation, 1, UINT32_MAX));
  m.mechanism = t.choice<MarketMechanism>("mechanism", MarketMechanism::kUniform,
                                          {{"uniform", MarketMechanism::kUniform},
                                           {"pay_as_bid", MarketMechanism::kPayAsBid},
                                           {"mcafee", MarketMechanism::kMcAfee},
                                           {"trade_reduction", MarketMechanism::kTradeReduction},
                                           {"muda", MarketMechanism::kMuda},
                                           {"continuous", MarketMechanism::kContinuous},
                                           {"sdr", MarketMechanism::kSupplyDemandRatio},
                                           {"mid_market", MarketMechanism::kMidMarket},
                                           {"reverse_auction", MarketMechanism::kReverseAuction},
                                           {"none", MarketMechanism::kNone}});
  if (m.structure == MarketStructure::kBilateral) {
    if (t.node("mechanism") && m.mechanism != MarketMechanism::kNone) {
      t.fail("mechanism", t.node("mechanism"),
             "no community mechanism with structure = \"bilateral\" (what contracts leave "
             "settles with the grid; use structure = \"composite\" for both)");
    }
    m.mechanism = MarketMechanism::kNone;
  }
  m.uniform_rule = t.choice<UniformPrice>("price_rule", UniformPrice::kLastMatchedPair,
                                          {{"last_matched_pair", UniformPrice::kLastMatchedPair},
                                           {"walrasian", UniformPrice::kWalrasianInterval}});
  m.pay_as_bid = t.choice<PayAsBid>("pay_as_bid", PayAsBid::kOwnPrice,
                                    {{"own_price", PayAsBid::kOwnPrice},
                                     {"midpoint", PayAsBid::kMidpoint},
                                     {"bid_rate", PayAsBid::kBidRate}});
  read_mechanism_options(t, m);
  m.k = t.real("k", 0.5, 0.0, 1.0);
  m.retail = read_prices(t, "retail", m.retail);
  m.feed_in = read_prices(t, "feed_in", m.feed_in);
  m.import_fee = read_prices(t, "import_fee", m.import_fee);
  m.community_fee = read_prices(t, "community_fee", m.community_fee);
  if (m.retail.size() == 1 && m.feed_in.size() == 1 && m.retail[0] < m.feed_in[0]) {
    t.fail("retail", t.node("retail"),
           fmt::format("a retail price at least the feed-in tariff {} (got {})", m.feed_in[0],
                       m.retail[0]));
  }
  // Real meters are themselves: scale 1 and no shift unless asked.
  if (m.meter_agents) {
    m.scale_min = m.scale_max = 1.0;
    m.max_shift_slots = 0;
  }
  m.scale_min = t.real("scale_min", m.scale_min, 0.0, 1000.0);
  m.scale_max = t.real("scale_max", m.scale_max, 0.0, 1000.0);
  if (m.scale_max < m.scale_min) {
    t.fail("scale_max", t.node("scale_max"),
           fmt::format("scale_max >= scale_min = {}", m.scale_min));
  }
  m.max_shift_slots = static_cast<uint32_t>(t.integer("max_shift_slots", m.max_shift_slots, 0, 96));
  TableReader b = t.table("battery");
  b.only({"share", "capacity_kwh", "power_kw", "efficiency"});
  m.battery.share = b.real("share", 0.0, 0.0, 1.0);
  m.battery.capacity_kwh = b.real("capacity_kwh", m.battery.capacity_kwh, 0.0, 1e6);
  m.battery.power_kw = b.real("power_kw", m.battery.power_kw, 0.0, 1e6);
  m.battery.efficiency = b.real("efficiency", m.battery.efficiency, 1e-6, 1.0);
  m.per_community = t.boolean("per_community", false);
  m.fitness = t.choice<MarketFitness>("fitness", m.fitness,
                                      {{"relative_savings", MarketFitness::kRelativeSavings},
                                       {"savings", MarketFitness::kSavings}});
  m.imitation = t.choice<ImitationPeers>(
      "imitation", m.imitation,
      {{"community", ImitationPeers::kCommunity}, {"same_class", ImitationPeers::kSameClass}});
}

const char* mechanism_name(MarketMechanism m) {
  switch (m) {
    case MarketMechanism::kPayAsBid:
      return "pay_as_bid";
    case MarketMechanism::kMcAfee:
      return "mcafee";
    case MarketMechanism::kTradeReduction:
      return "trade_reduction";
    case MarketMechanism::kMuda:
      return "muda";
    case MarketMechanism::kContinuous:
      return "continuous";
    case MarketMechanism::kSupplyDemandRatio:
      return "sdr";
    case MarketMechanism::kMidMarket:
      return "mid_market";
    case MarketMechanism::kReverseAuction:
      return "reverse_auction";
    case MarketMechanism::kNone:
      return "none";
    default:
      return "uniform";
  }
}

const char* structure_name(MarketStructure s) {
  switch (s) {
    case MarketStructure::kBilateral:
      return "bilateral";
    case MarketStructure::kComposite:
      return "composite";
    default:
      return "community";
  }
}

const char* uniform_rule_name(UniformPrice r) {
  return r == UniformPrice::kWalrasianInterval ? "walrasian" : "last_matched_pair";
}

const char* pay_as_bid_name(PayAsBid r) {
  return r == PayAsBid::kMidpoint ? "midpoint" : r == PayAsBid::kBidRate ? "bid_rate" : "own_price";
}

const char* continuous_price_name(ContinuousPrice p) {
  return p == ContinuousPrice::kMidpoint ? "midpoint" : "resting_order";
}

const char* reverse_payment_name(ReversePayment p) {
  return p == ReversePayment::kVcg ? "vcg" : "uniform";
}

const char* fitness_name(MarketFitness f) {
  return f == MarketFitness::kSavings ? "savings" : "relative_savings";
}

const char* imitation_name(ImitationPeers p) {
  return p == ImitationPeers::kSameClass ? "same_class" : "community";
}

}  // namespace evomarket
