#include "host/run/group_expectation.h"

#include <stdexcept>

#include <gmpxx.h>

#include "host/theory/population_game.h"

namespace evomarket {
namespace {

mpz_class binomial(uint64_t n, uint32_t k) {
  mpz_class out;
  mpz_bin_uiui(out.get_mpz_t(), static_cast<unsigned long>(n), k);
  return out;
}

}  // namespace

GroupExpectation::GroupExpectation(std::size_t strategies, uint32_t group_size,
                                   const GroupPayoffQ16& payoff)
    : strategies_(strategies),
      group_size_(group_size),
      compositions_(theory::compositions(group_size - 1, strategies)) {
  if (strategies == 0 || group_size < 2) {
    throw std::invalid_argument("GroupExpectation: needs strategies and groups of at least 2");
  }
  table_.assign(strategies, std::vector<int64_t>(compositions_.size()));
  for (std::size_t s = 0; s < strategies; ++s) {
    for (std::size_t c = 0; c < compositions_.size(); ++c)
      table_[s][c] = payoff(s, compositions_[c]);
  }
}

void GroupExpectation::payoffs(const std::vector<uint64_t>& counts, int64_t* out) const {
  uint64_t z = 0;
  for (uint64_t c : counts) z += c;
  const mpz_class groups = binomial(z - 1, group_size_ - 1);
  for (std::size_t s = 0; s < strategies_; ++s) {
    out[s] = 0;
    if (counts[s] == 0) continue;
    mpz_class sum = 0;
    for (std::size_t c = 0; c < compositions_.size(); ++c) {
      mpz_class ways = 1;
      for (std::size_t t = 0; t < strategies_ && ways != 0; ++t) {
        const uint64_t available = counts[t] - (t == s ? 1 : 0);
        const uint32_t k = compositions_[c][t];
        ways = k > available ? mpz_class(0) : ways * binomial(available, k);
      }
      if (ways != 0) sum += ways * mpz_class(static_cast<long>(table_[s][c]));
    }
    mpz_class mean;
    mpz_fdiv_q(mean.get_mpz_t(), sum.get_mpz_t(), groups.get_mpz_t());
    out[s] = mean.get_si();
  }
}

}  // namespace evomarket
