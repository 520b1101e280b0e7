// The market game's slot kernels (kernels/market.h): a worked example per mechanism family, and
// properties of every mechanism on random communities: energy balance, individual rationality,
// the welfare identity and budget balance. Bids, batteries and contracts have their own files.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "kernels/market.h"

namespace evomarket {
namespace {

constexpr int64_t kRetail = 300000;  // 0.30 per kWh in micro-currency
constexpr int64_t kFit = 80000;      // 0.08 per kWh
constexpr int64_t kKwh = 1000000;    // mWh

// A community of n agents in one slot, with the tables a MarketView points at.
struct Slot {
  std::vector<int64_t> retail{kRetail}, fit{kFit};
  std::vector<PricingStrategy> table;
  std::vector<int64_t> net;
  std::vector<uint16_t> strategy;
  std::vector<uint64_t> keys;
  std::vector<Order> orders;
  std::vector<int64_t> fill, money, extra, savings;
  std::vector<uint32_t> arrival;
  MarketView view{};

  Slot(std::vector<PricingStrategy> strategies, std::vector<int64_t> positions,
       std::vector<uint16_t> chosen, MarketMechanism mechanism)
      : table(std::move(strategies)), net(std::move(positions)), strategy(std::move(chosen)) {
    const size_t n = net.size();
    keys.resize(n);
    orders.resize(n);
    fill.resize(n);
    money.resize(n);
    extra.resize(n);
    savings.resize(n);
    arrival.resize(n);
    view.tariff = TariffView{retail.data(), fit.data(), 1};
    view.strategies = table.data();
    view.pricing_count = static_cast<uint32_t>(table.size());
    view.mechanism = mechanism;
    view.uniform_rule = UniformPrice::kLastMatchedPair;
    view.pay_as_bid_rule = PayAsBid::kOwnPrice;
    view.k_num = 1;
    view.k_den = 2;
    view.agents = n;
    view.community_size = static_cast<uint32_t>(n);
    view.seed = 7;
  }

  SlotSummary settle(uint32_t day = 0) {
    const auto n = static_cast<uint32_t>(net.size());
    for (uint32_t i = 0; i < n; ++i) {
      keys[i] = order_key(view, i, i, net[i], strategy[i], day, 0);
    }
    std::sort(keys.begin(), keys.end());
    return settle_slot(
        view, 0, n, day, 0, net.data(), keys.data(),
        SlotScratch{orders.data(), fill.data(), money.data(), extra.data(), arrival.data()},
        savings.data());
  }
};

const PricingStrategy kTruthful{PricingKind::kMarkup, 0, 0};
const PricingStrategy kHalf{PricingKind::kMarkup, kMarkupOne / 2, kMarkupOne / 2};
const PricingStrategy kZic{PricingKind::kZeroIntelligence, 0, 0};

// Every mechanism that clears a community (all but kNone).
const MarketMechanism kEveryClearingMechanism[] = {MarketMechanism::kUniform,
                                                   MarketMechanism::kPayAsBid,
                                                   MarketMechanism::kTradeReduction,
                                                   MarketMechanism::kMcAfee,
                                                   MarketMechanism::kMuda,
                                                   MarketMechanism::kContinuous,
                                                   MarketMechanism::kSupplyDemandRatio,
                                                   MarketMechanism::kMidMarket,
                                                   MarketMechanism::kReverseAuction};

// A community of 1 .. max_members members: a fifth without a position, the others up to 3 kWh
// to sell or buy, each with a random strategy of `table`.
Slot random_slot(std::mt19937_64& rng, size_t max_members,
                 const std::vector<PricingStrategy>& table, MarketMechanism m) {
  const size_t n = 1 + rng() % max_members;
  std::vector<int64_t> net(n);
  std::vector<uint16_t> strategy(n);
  for (size_t i = 0; i < n; ++i) {
    net[i] = rng() % 5 == 0 ? 0 : int64_t(rng() % (6 * kKwh)) - 3 * kKwh;
    strategy[i] = uint16_t(rng() % table.size());
  }
  return Slot(table, net, strategy, m);
}

TEST(Payoff, SavingsFloorToMilliCurrency) {
  EXPECT_EQ(payoff_milli(0), 0);
  EXPECT_EQ(payoff_milli(kPicoPerMilli - 1), 0);
  EXPECT_EQ(payoff_milli(2 * kPicoPerMilli + 5), 2);
  EXPECT_EQ(payoff_milli(-1), -1);  // floor, not truncation: a loss never rounds up to 0
  EXPECT_EQ(payoff_milli(-kPicoPerMilli), -1);
}

TEST(OrderKeys, SortAsksUpBidsDownThenIdleAgents) {
  std::vector<PricingStrategy> table{kTruthful, kHalf};
  Slot s(table, {0, -kKwh, kKwh, -kKwh, kKwh}, {0, 0, 1, 1, 0}, MarketMechanism::kUniform);
  for (uint32_t i = 0; i < 5; ++i)
    s.keys[i] = order_key(s.view, i, i, s.net[i], s.strategy[i], 0, 0);
  std::sort(s.keys.begin(), s.keys.end());
  // asks: agent 4 (fit), agent 2 (190000); bids: agent 1 (retail), agent 3 (190000); idle 0.
  const uint32_t locals[] = {4, 2, 1, 3, 0};
  const int64_t prices[] = {kFit, 190000, kRetail, 190000};
  for (int i = 0; i < 5; ++i) EXPECT_EQ(key_local(s.keys[i]), locals[i]) << i;
  for (int i = 0; i < 4; ++i) EXPECT_EQ(key_price(s.keys[i]), prices[i]) << i;
  EXPECT_EQ(key_class(s.keys[4]), 2u);
}

// docs/market.md, worked example: two sellers (2 kWh truthful, 1 kWh at markup 0.5), two buyers
// (1.5 kWh truthful, 2 kWh at markdown 0.5), uniform k-DA with k = 1/2.
TEST(SettleSlot, WorkedExampleUniform) {
  Slot s({kTruthful, kHalf}, {2 * kKwh, kKwh, -3 * kKwh / 2, -2 * kKwh}, {0, 1, 0, 1},
         MarketMechanism::kUniform);
  const SlotSummary r = s.settle();
  EXPECT_EQ(r.supply, 3 * kKwh);
  EXPECT_EQ(r.demand, 7 * kKwh / 2);
  EXPECT_EQ(r.traded, 3 * kKwh);
  EXPECT_EQ(r.price, 190000);  // last matched pair: ask 190000, bid 190000
  EXPECT_EQ(r.grid_import, kKwh / 2);
  EXPECT_EQ(r.grid_export, 0);
  EXPECT_EQ(r.orders, 4);
  // Savings (pico): sellers (p - fit) x q, buyers (retail - p) x q.
  EXPECT_EQ(s.savings[0], 110000 * 2 * kKwh);
  EXPECT_EQ(s.savings[1], 110000 * kKwh);
  EXPECT_EQ(s.savings[2], 110000 * 3 * kKwh / 2);
  EXPECT_EQ(s.savings[3], 110000 * 3 * kKwh / 2);  // 1.5 of its 2 kWh traded
  EXPECT_EQ(r.savings, (kRetail - kFit) * 3 * kKwh);
  EXPECT_EQ(r.operator_surplus, 0);
}

// The same book by pay-as-bid (own price): buyers pay their bids, sellers get their asks.
TEST(SettleSlot, WorkedExamplePayAsBid) {
  Slot s({kTruthful, kHalf}, {2 * kKwh, kKwh, -3 * kKwh / 2, -2 * kKwh}, {0, 1, 0, 1},
         MarketMechanism::kPayAsBid);
  const SlotSummary r = s.settle();
  EXPECT_EQ(r.traded, 3 * kKwh);
  EXPECT_EQ(s.savings[0], 0);  // a truthful seller receives its ask, the feed-in tariff
  EXPECT_EQ(s.savings[2], 0);  // a truthful buyer pays retail
  EXPECT_EQ(s.savings[1], (190000 - kFit) * kKwh);
  EXPECT_EQ(s.savings[3], (kRetail - 190000) * 3 * kKwh / 2);
  // Operator keeps the spread: B1 1.5 kWh at 0.30 vs A1 at 0.08, B2 0.5 kWh vs A1, 1 kWh vs A2.
  EXPECT_EQ(r.operator_surplus,
            (kRetail - kFit) * 3 * kKwh / 2 + (190000 - kFit) * kKwh / 2 + 0 * kKwh);
}

// SDR: supply 3, demand 3.5 kWh, prices from Liu et al. (2017); every member saves.
TEST(SettleSlot, WorkedExampleSupplyDemandRatio) {
  Slot s({kTruthful}, {2 * kKwh, kKwh, -3 * kKwh / 2, -2 * kKwh}, {0, 0, 0, 0},
         MarketMechanism::kSupplyDemandRatio);
  const SlotSummary r = s.settle();
  int64_t ps = 0, pb = 0;
  sdr_prices(3 * kKwh, 7 * kKwh / 2, kRetail, kFit, &ps, &pb);
  EXPECT_EQ(r.price, pb);
  EXPECT_EQ(s.savings[0], (ps - kFit) * 2 * kKwh);
  EXPECT_EQ(s.savings[3], (kRetail - pb) * 2 * kKwh);
  EXPECT_EQ(r.traded, 3 * kKwh);
}

// Every mechanism on random communities: energy balance, individual rationality, the welfare
// identity (members' savings + operator surplus = (retail - fit) x traded) and budget balance.
TEST(SettleSlot, RandomCommunitiesKeepTheInvariantsOfEveryMechanism) {
  const std::vector<PricingStrategy> table{kTruthful,
                                           kHalf,
                                           kZic,
                                           {PricingKind::kMarkup, 250000, 750000},
                                           {PricingKind::kMarkup, kMarkupOne, kMarkupOne}};
  std::mt19937_64 rng(2026);
  for (MarketMechanism m : kEveryClearingMechanism) {
    for (int trial = 0; trial < 300; ++trial) {
      Slot s = random_slot(rng, 40, table, m);
      const size_t n = s.net.size();
      s.view.uniform_rule =
          trial % 2 ? UniformPrice::kWalrasianInterval : UniformPrice::kLastMatchedPair;
      s.view.pay_as_bid_rule = static_cast<PayAsBid>(trial % 3);
      s.view.continuous_price = static_cast<ContinuousPrice>(trial % 2);
      s.view.reverse_payment = static_cast<ReversePayment>(trial / 2 % 2);
      s.view.k_num = int64_t(rng() % 11);
      s.view.k_den = 10;
      const SlotSummary r = s.settle(uint32_t(trial));
      SCOPED_TRACE(testing::Message() << "mechanism " << int(m) << " trial " << trial);
      ASSERT_EQ(r.grid_import, r.demand - r.traded);
      ASSERT_EQ(r.grid_export, r.supply - r.traded);
      ASSERT_GE(r.grid_import, 0);
      ASSERT_GE(r.grid_export, 0);
      int64_t total = 0;
      for (size_t i = 0; i < n; ++i) {
        ASSERT_GE(s.savings[i], 0) << "agent " << i;  // nobody does worse than the grid
        if (s.net[i] == 0) ASSERT_EQ(s.savings[i], 0);
        total += s.savings[i];
      }
      ASSERT_EQ(total, r.savings);
      ASSERT_EQ(r.savings + r.operator_surplus, (kRetail - kFit) * r.traded);
      ASSERT_GE(r.operator_surplus, 0);
      if (m == MarketMechanism::kUniform || m == MarketMechanism::kContinuous ||
          m == MarketMechanism::kMuda || m == MarketMechanism::kReverseAuction ||
          (m == MarketMechanism::kPayAsBid && s.view.pay_as_bid_rule != PayAsBid::kOwnPrice)) {
        // Strong budget balance: buyers pay exactly what sellers receive.
        ASSERT_EQ(r.operator_surplus, 0);
      }
      if (r.price >= 0) {
        ASSERT_GE(r.price, kFit);
        ASSERT_LE(r.price, kRetail);
      }
    }
  }
}

// Network fees (import fee 0.05, community fee 0.02 per kWh): a truthful seller of 2 kWh and a
// truthful buyer of 3 kWh in the uniform k-DA (k = 1/2). The buyer bids its local value
// 0.30 + 0.05 - 0.02 = 0.33, the price is (0.08 + 0.33) / 2 = 0.205; the buyer saves
// 2 x 0.35 (imports avoided) - 2 x (0.205 + 0.02) = 0.25, the seller 2 x (0.205 - 0.08) = 0.25,
// and the members pay 0.02 x 2 + 0.05 x 1 = 0.09 in fees.
TEST(SettleSlot, WorkedExampleWithNetworkFees) {
  Slot s({kTruthful}, {2 * kKwh, -3 * kKwh}, {0, 0}, MarketMechanism::kUniform);
  const std::vector<int64_t> import_fee{50000}, community_fee{20000};
  s.view.tariff.import_fee = import_fee.data();
  s.view.tariff.community_fee = community_fee.data();
  s.settle();
  const auto n = static_cast<uint32_t>(s.net.size());
  const SlotSummary r = trade_slot(
      s.view, 0, n, 0, 0, s.net.data(), nullptr, nullptr, s.keys.data(),
      SlotScratch{s.orders.data(), s.fill.data(), s.money.data(), s.extra.data(), s.arrival.data()},
      s.savings.data());
  EXPECT_EQ(r.price, 205000);
  EXPECT_EQ(s.savings[0], 2 * (205000 - kFit) * kKwh);
  EXPECT_EQ(s.savings[1], (2 * 350000 - 2 * (205000 + 20000)) * kKwh);
  EXPECT_EQ(r.network_fees, (2 * 20000 + 1 * 50000) * kKwh);
}

// With network fees every mechanism prices between the feed-in tariff and the local value L =
// retail + import fee - community fee, and members' savings + operator surplus = (L - fit) x
// traded; the fees are the community fee on traded energy plus the import fee on imports.
TEST(SettleSlot, NetworkFeesMoveTheWelfareIdentityToTheLocalValue) {
  const std::vector<PricingStrategy> table{kTruthful, kHalf, kZic};
  std::mt19937_64 rng(11);
  for (MarketMechanism m : kEveryClearingMechanism) {
    for (int trial = 0; trial < 200; ++trial) {
      Slot s = random_slot(rng, 30, table, m);
      const size_t n = s.net.size();
      s.view.pay_as_bid_rule = static_cast<PayAsBid>(trial % 3);
      s.view.continuous_price = static_cast<ContinuousPrice>(trial % 2);
      s.view.reverse_payment = static_cast<ReversePayment>(trial / 2 % 2);
      const std::vector<int64_t> import_fee{int64_t(rng() % 100000)};
      // Up to the whole spread: the local value may fall to the feed-in tariff.
      const std::vector<int64_t> community_fee{
          int64_t(rng() % uint64_t(kRetail + import_fee[0] - kFit + 1))};
      s.view.tariff.import_fee = import_fee.data();
      s.view.tariff.community_fee = community_fee.data();
      const int64_t local = kRetail + import_fee[0] - community_fee[0];
      s.settle(uint32_t(trial));
      const SlotSummary r = trade_slot(s.view, 0, uint32_t(n), uint32_t(trial), 0, s.net.data(),
                                       nullptr, nullptr, s.keys.data(),
                                       SlotScratch{s.orders.data(), s.fill.data(), s.money.data(),
                                                   s.extra.data(), s.arrival.data()},
                                       s.savings.data());
      SCOPED_TRACE(testing::Message() << "mechanism " << int(m) << " trial " << trial);
      int64_t total = 0;
      for (size_t i = 0; i < n; ++i) {
        ASSERT_GE(s.savings[i], 0) << "agent " << i;
        total += s.savings[i];
      }
      ASSERT_EQ(total, r.savings);
      ASSERT_EQ(r.savings + r.operator_surplus, (local - kFit) * r.traded);
      ASSERT_EQ(r.network_fees, community_fee[0] * r.traded + import_fee[0] * r.grid_import);
      if (r.price >= 0) {
        ASSERT_GE(r.price, kFit);
        ASSERT_LE(r.price, local);
      }
    }
  }
}

TEST(SettleSlot, ContinuousAuctionDependsOnlyOnTheKeyedArrivalOrder) {
  const std::vector<PricingStrategy> table{kTruthful, kHalf, kZic};
  std::vector<int64_t> net{kKwh, -kKwh, 2 * kKwh, -2 * kKwh, kKwh / 2, -kKwh / 3};
  std::vector<uint16_t> strategy{0, 1, 2, 0, 1, 2};
  Slot a(table, net, strategy, MarketMechanism::kContinuous);
  Slot b(table, net, strategy, MarketMechanism::kContinuous);
  const SlotSummary ra = a.settle(4), rb = b.settle(4);
  EXPECT_EQ(ra.traded, rb.traded);
  EXPECT_EQ(a.savings, b.savings);
}

// A given arrival order replaces the drawn one (what `evomarket clear` replays): handing
// settle_slot the order it would draw changes nothing, and the reversed order trades otherwise.
TEST(SettleSlot, GivenArrivalOrderReplacesTheDrawnOne) {
  const std::vector<PricingStrategy> table{kTruthful, kHalf};
  const std::vector<int64_t> net{kKwh, -kKwh, 2 * kKwh, -2 * kKwh};
  Slot a(table, net, {0, 1, 1, 0}, MarketMechanism::kContinuous);
  const SlotSummary drawn = a.settle();
  const std::vector<int64_t> drawn_savings = a.savings;
  std::vector<uint32_t> order(4);
  arrival_order(a.view.seed, 0, Purpose::kArrival, 0, 4, order.data());
  Slot b(table, net, {0, 1, 1, 0}, MarketMechanism::kContinuous);
  for (uint32_t i = 0; i < 4; ++i) b.keys[i] = order_key(b.view, i, i, net[i], b.strategy[i], 0, 0);
  std::sort(b.keys.begin(), b.keys.end());
  const auto replay = [&](const std::vector<uint32_t>& arrival) {
    return settle_slot(b.view, 0, 4, 0, 0, b.net.data(), b.keys.data(),
                       SlotScratch{b.orders.data(), b.fill.data(), b.money.data(), b.extra.data(),
                                   b.arrival.data()},
                       b.savings.data(), arrival.data());
  };
  EXPECT_EQ(replay(order).traded, drawn.traded);
  EXPECT_EQ(b.savings, drawn_savings);
  // Asks (agent 0 at fit, agent 2 at 0.19), bids (agent 3 at retail, agent 1 at 0.19) in key
  // order. Bids first: both bids rest, ask 0 sells 1 kWh to agent 3 at retail, ask 2 its last
  // 1 kWh at retail and 1 to agent 1 at 0.19. Asks first: agent 3 buys at fit and 0.19, agent 1
  // at 0.19. Same 3 kWh, different money.
  EXPECT_EQ(replay({2, 3, 0, 1}).traded, replay({0, 1, 2, 3}).traded);
  replay({2, 3, 0, 1});
  const std::vector<int64_t> bids_first = b.savings;
  replay({0, 1, 2, 3});
  EXPECT_NE(b.savings, bids_first);
}

// book_key is the key order_key gives once the strategy has quoted its price.
TEST(OrderKeys, BookKeyIsTheKeyOfAQuotedPrice) {
  Slot s({kHalf}, {kKwh, -kKwh}, {0, 0}, MarketMechanism::kUniform);
  EXPECT_EQ(order_key(s.view, 0, 0, kKwh, 0, 0, 0), book_key(true, 190000, 0));
  EXPECT_EQ(order_key(s.view, 1, 1, -kKwh, 0, 0, 0), book_key(false, 190000, 1));
  EXPECT_EQ(key_price(book_key(false, 12345, 7)), 12345);
  EXPECT_EQ(key_local(book_key(false, 12345, 7)), 7u);
}

TEST(NetPositions, FollowTheProfileAndTheBattery) {
  // One profile, two slots: load 1 kWh / pv 3 kWh, then load 2 kWh / pv 0.
  std::vector<int64_t> load{kKwh, 2 * kKwh}, pv{3 * kKwh, 0};
  const EnergyBatchView batch{load.data(), pv.data(), 1, 0, 2, 2};
  std::vector<int64_t> retail{kRetail}, fit{kFit};
  MarketView v{};
  v.tariff = TariffView{retail.data(), fit.data(), 1};
  v.profiles = AgentProfileRule{1, 1, 65536, 65536, 0};  // scale 1, no shift
  v.battery = BatteryParams{kCertain, 10 * kKwh, 10 * kKwh, kEfficiencyOne};
  v.seed = 1;
  int64_t charge = 0, nem = 0, net[2];
  const AgentSlotTotals t = agent_positions(v, batch, 0, 0, 2, &charge, &nem, net, 1);
  EXPECT_EQ(net[0], 0);  // 2 kWh surplus stored
  EXPECT_EQ(net[1], 0);  // 2 kWh deficit covered from storage (lossless here)
  EXPECT_EQ(charge, 0);
  EXPECT_EQ(t.load, 3 * kKwh);
  EXPECT_EQ(t.pv, 3 * kKwh);
  EXPECT_EQ(t.grid_only, 0);
  EXPECT_EQ(t.potential, 0);  // the battery left nothing to trade
  v.battery.owners = 0;
  charge = nem = 0;
  const AgentSlotTotals u = agent_positions(v, batch, 0, 0, 2, &charge, &nem, net, 1);
  EXPECT_EQ(net[0], 2 * kKwh);
  EXPECT_EQ(net[1], -2 * kKwh);
  EXPECT_EQ(u.grid_only, kFit * 2 * kKwh - kRetail * 2 * kKwh);
  // Selling 2 kWh at retail and buying 2 kWh at feed-in is the most it could save.
  EXPECT_EQ(u.potential, (kRetail - kFit) * 4 * kKwh);
  EXPECT_EQ(nem, 0);  // net metering nets the two slots at retail
}

}  // namespace
}  // namespace evomarket

namespace evomarket {
namespace {

// trade_slot with random contract outcomes keeps the welfare identity over both parts.
TEST(Contracts, WelfareIdentityIncludesTheContracts) {
  std::mt19937_64 rng(77);
  for (MarketMechanism m : {MarketMechanism::kUniform, MarketMechanism::kTradeReduction,
                            MarketMechanism::kNone, MarketMechanism::kSupplyDemandRatio}) {
    for (int trial = 0; trial < 200; ++trial) {
      const uint32_t n = 2 + uint32_t(rng() % 30);
      std::vector<int64_t> net(n), residual(n), contract(n);
      std::vector<uint64_t> reneges(n);
      std::vector<uint32_t> partners(n);
      for (uint32_t i = 0; i < n; ++i) {
        net[i] = int64_t(rng() % (6 * kKwh)) - 3 * kKwh;
        reneges[i] = rng();
        partners[i] = contract_partner(1, 0, n, i, uint32_t(trial));
      }
      Slot s({kTruthful}, net, std::vector<uint16_t>(n, 0), m);
      s.view.structure = MarketStructure::kComposite;
      s.view.reneges = reneges.data();
      s.view.partners = partners.data();
      for (uint32_t i = 0; i < n; ++i) {
        contract[i] = member_contract_trade(s.view, i, member_partner(s.view, i), net[i],
                                            net[member_partner(s.view, i)], 3, 0, &residual[i]);
        s.keys[i] = order_key(s.view, i, i, residual[i], 0, 0, 0);
      }
      std::sort(s.keys.begin(), s.keys.end());
      const SlotSummary r = trade_slot(s.view, 0, n, 0, 0, net.data(), residual.data(),
                                       contract.data(), s.keys.data(),
                                       SlotScratch{s.orders.data(), s.fill.data(), s.money.data(),
                                                   s.extra.data(), s.arrival.data()},
                                       s.savings.data());
      int64_t supply = 0, total = 0;
      for (uint32_t i = 0; i < n; ++i) {
        supply += net[i] > 0 ? net[i] : 0;
        total += s.savings[i];
      }
      ASSERT_EQ(r.supply, supply);
      ASSERT_EQ(total, r.savings);
      ASSERT_EQ(r.savings + r.operator_surplus, (kRetail - kFit) * (r.traded + r.contract_traded));
      ASSERT_EQ(r.grid_import + r.traded + r.contract_traded, r.demand);
      ASSERT_EQ(r.grid_export + r.traded + r.contract_traded, r.supply);
    }
  }
}

}  // namespace
}  // namespace evomarket

namespace evomarket {
namespace {

// Communities of sizes 2, 1 and 4 by offsets, against equal blocks of 3 (the last of 1).
TEST(Communities, OffsetsGiveFirstMembersAndIndex) {
  MarketView v{};
  v.agents = 7;
  v.community_size = 3;
  EXPECT_EQ(community_first(v, 2), 6u);
  EXPECT_EQ(community_first(v, 3), 7u);
  EXPECT_EQ(community_members(v, 2), 1u);
  EXPECT_EQ(community_index(v, 5), 1u);
  const std::vector<uint64_t> offsets{0, 2, 3, 7};
  v.community_offsets = offsets.data();
  v.communities = 3;
  v.community_size = 4;
  const std::vector<uint64_t> index{0, 0, 1, 2, 2, 2, 2};
  for (uint64_t a = 0; a < 7; ++a) EXPECT_EQ(community_index(v, a), index[a]) << a;
  EXPECT_EQ(community_members(v, 0), 2u);
  EXPECT_EQ(community_members(v, 1), 1u);
  EXPECT_EQ(community_members(v, 2), 4u);
  EXPECT_EQ(community_first(v, 3), 7u);
}

// Real meters: agent a follows meter meters[a] at scale 1, not a drawn meter.
TEST(Communities, RealMetersFollowTheirOwnMeter) {
  MarketView v{};
  v.profiles = AgentProfileRule{1, 5, 65536, 65536, 0};
  const std::vector<uint32_t> meters{4, 0, 3};
  v.meters = meters.data();
  for (uint64_t a = 0; a < 3; ++a) {
    const AgentProfile p = market_agent_profile(v, a);
    EXPECT_EQ(p.profile, meters[a]);
    EXPECT_EQ(p.scale_q16, 65536u);
    EXPECT_EQ(p.shift_slots, 0);
  }
}

}  // namespace
}  // namespace evomarket
