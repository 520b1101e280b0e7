// Market fitness (kernels/market_fitness.h): relative savings in per mille of the potential,
// floored exactly on both sides of zero; absolute savings as before; classes; and imitation
// restricted to peers of the same class (kernels/update.h).
#include "kernels/market_fitness.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace evomarket {
namespace {

constexpr int64_t kPico = 1000000000000;  // one currency unit in pico-currency
constexpr int64_t kOnePerMille = kFitnessOne;

TEST(MarketFitness, RelativeSavingsArePerMilleOfThePotential) {
  const MarketFitness r = MarketFitness::kRelativeSavings;
  EXPECT_EQ(market_fitness_q16(r, kPico, 2 * kPico, 1), 500 * kOnePerMille);
  EXPECT_EQ(market_fitness_q16(r, 2 * kPico, 2 * kPico, 7), 1000 * kOnePerMille);  // days ignored
  EXPECT_EQ(market_fitness_q16(r, 1, 3 * kPico, 1), 0);             // 65536000 / 3e12, floored
  EXPECT_EQ(market_fitness_q16(r, kPico, 3 * kPico, 1), 21845333);  // 65536000 / 3, floored
  EXPECT_EQ(market_fitness_q16(r, 5 * kPico, 0, 1), 0);             // nothing to trade
}

TEST(MarketFitness, LossesFloorSoThatNoLossLooksLikeSavingNothing) {
  const MarketFitness r = MarketFitness::kRelativeSavings;
  EXPECT_EQ(market_fitness_q16(r, -1, 3 * kPico, 1), -1);
  EXPECT_EQ(market_fitness_q16(r, -kPico, 3 * kPico, 1), -21845334);
  EXPECT_EQ(market_fitness_q16(r, -kPico, 2 * kPico, 1), -500 * kOnePerMille);  // exact
  // Savings far above the potential (impossible with prices inside the tariff) stay bounded.
  EXPECT_EQ(market_fitness_q16(r, int64_t{1} << 62, 1, 1), 1024 * 1000 * kOnePerMille);
}

TEST(MarketFitness, AbsoluteSavingsAreMilliCurrencyPerDay) {
  const MarketFitness a = MarketFitness::kSavings;
  EXPECT_EQ(market_fitness_q16(a, 3 * kPico, 1, 2), 1500 * kFitnessOne);
  EXPECT_EQ(market_fitness_q16(a, -1, 1, 1), -kFitnessOne);  // floored to -1 milli
  EXPECT_EQ(pack_market_agent(a, 3, 3 * kPico, 1, 2), pack_agent(3, 3000, 2));
}

TEST(MarketFitness, ClassesArePvAndBattery) {
  EXPECT_EQ(market_class(0, false), 0);
  EXPECT_EQ(market_class(0, true), 1);
  EXPECT_EQ(market_class(1, false), 2);
  EXPECT_EQ(market_class(5000, true), 3);
}

// One community of six: even agents (class 0) hold strategy 0 and save little, odd agents
// (class 2) hold strategy 1 and save much. Agents revise every generation under a steep Fermi
// rule. Restricted to their class, even agents never meet strategy 1; unrestricted they adopt
// it.
class PeerImitation : public ::testing::Test {
 protected:
  PeerImitation() {
    for (uint64_t i = 0; i < 6; ++i) {
      packed_.push_back(i % 2 ? pack_fitness(1, 900 * kOnePerMille)
                              : pack_fitness(0, 100 * kOnePerMille));
      classes_.push_back(i % 2 ? 2 : 0);
    }
    steep_ = {0, kCertain / 2, kCertain};  // d <= -step: never; d >= step: always
    params_.rule = UpdateRule::kFermi;
    params_.revise = Probability{kCertain};
    params_.mutation = Probability{0};
    params_.migration = Probability{0};
    params_.fermi = FermiTableView{steep_.data(), 1, kOnePerMille};
    params_.strategies = 2;
  }
  // How often agent 0 adopts strategy 1 over `generations` generations.
  int adoptions(const AgentsView& agents, uint32_t generations) const {
    int n = 0;
    for (uint32_t g = 0; g < generations; ++g) {
      n += updated_strategy(layout_, agents, params_, 7, 0, g) == 1 ? 1 : 0;
    }
    return n;
  }
  std::vector<uint64_t> packed_;
  std::vector<uint8_t> classes_;
  std::vector<uint64_t> steep_;
  UpdateParams params_{};
  PopulationLayout layout_{6, PartnerMode::kCommunity, 0, 6, 0, 0, nullptr, nullptr, 0};
};

TEST_F(PeerImitation, AgentsImitateOnlyTheirOwnClass) {
  const AgentsView restricted{packed_.data(), classes_.data()};
  EXPECT_EQ(peer_count(layout_, restricted, 0), 2u);
  EXPECT_EQ(peer(layout_, restricted, 0, 0), 2u);
  EXPECT_EQ(peer(layout_, restricted, 0, 1), 4u);
  EXPECT_EQ(adoptions(restricted, 200), 0);
  // Without classes about three models in five hold strategy 1 (and always win).
  const AgentsView everyone{packed_.data()};
  EXPECT_EQ(peer_count(layout_, everyone, 0), 5u);
  const int adopted = adoptions(everyone, 200);
  EXPECT_GT(adopted, 90);
  EXPECT_LT(adopted, 150);
}

TEST_F(PeerImitation, ImitateBestAndDeathBirthSkipOtherClasses) {
  const AgentsView restricted{packed_.data(), classes_.data()};
  params_.rule = UpdateRule::kImitateBest;
  EXPECT_EQ(updated_strategy(layout_, restricted, params_, 7, 0, 0), 0u);
  EXPECT_EQ(updated_strategy(layout_, AgentsView{packed_.data()}, params_, 7, 0, 0), 1u);
  params_.rule = UpdateRule::kDeathBirth;
  params_.w_q16 = kFitnessOne;
  EXPECT_EQ(adoptions(restricted, 100), 0);
  EXPECT_GT(adoptions(AgentsView{packed_.data()}, 100), 50);
}

}  // namespace
}  // namespace evomarket
