#include "host/theory/shapley.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "kernels/coalition.h"

namespace evomarket::theory {
namespace {

// Sampled orders go in blocks of this many (a block's statistics are computed in sample order
// by one thread), and blocks in rounds of at most kRoundBlocks (what the per-block statistics of
// one round hold in memory). Neither the thread count nor the round size changes the result:
// blocks are merged in block order.
constexpr uint64_t kBlock = 16;
constexpr uint64_t kRoundBlocks = 256;
// Games this small are summed on one thread: starting threads would cost more.
constexpr uint64_t kSerialCoalitions = 4096;

mpz_class factorial(uint32_t k) {
  mpz_class f;
  mpz_fac_ui(f.get_mpz_t(), k);
  return f;
}

}  // namespace

std::vector<Rational> shapley_exact(const CoalitionTable& g) {
  if (!g.exact()) {
    throw std::invalid_argument("exact Shapley values need the game's exact worths (at most " +
                                std::to_string(kMaxExactPlayers) + " players)");
  }
  const uint32_t n = g.size();
  const uint64_t count = uint64_t{1} << n;
  // inside[i * (n + 1) + t]: the worths of the coalitions of size t that contain i;
  // total[t]: of all coalitions of size t. Integer sums, so any summation order gives the same.
  std::vector<mpz_class> inside(std::size_t{n} * (n + 1)), total(n + 1);
#pragma omp parallel if (count > kSerialCoalitions)
  {
    std::vector<mpz_class> my_inside(inside.size()), my_total(total.size());
#pragma omp for schedule(static)
    for (uint64_t s = 1; s < count; ++s) {
      const mpz_class& w = g.worth[s];
      if (w == 0) continue;
      const uint32_t t = static_cast<uint32_t>(__builtin_popcountll(s));
      my_total[t] += w;
      for (uint64_t rest = s; rest != 0; rest &= rest - 1) {
        my_inside[static_cast<std::size_t>(__builtin_ctzll(rest)) * (n + 1) + t] += w;
      }
    }
#pragma omp critical
    {
      for (std::size_t k = 0; k < inside.size(); ++k) inside[k] += my_inside[k];
      for (std::size_t k = 0; k < total.size(); ++k) total[k] += my_total[k];
    }
  }
  // weight[k] = k! (n - k - 1)! / n!: the probability that a given player finds exactly a given
  // coalition of k others before it in a random order.
  std::vector<Rational> weight(n);
  const mpz_class n_factorial = factorial(n);
  for (uint32_t k = 0; k < n; ++k) {
    weight[k] = Rational(factorial(k) * factorial(n - k - 1), n_factorial);
    weight[k].canonicalize();
  }
  std::vector<Rational> phi(n);
  for (uint32_t i = 0; i < n; ++i) {
    Rational sum = 0;
    for (uint32_t t = 1; t <= n; ++t) {
      const mpz_class& with = inside[std::size_t{i} * (n + 1) + t];
      sum += weight[t - 1] * Rational(with);                    // S + i of size t, S of size t - 1
      if (t < n) sum -= weight[t] * Rational(total[t] - with);  // S of size t without i
    }
    phi[i] = sum / Rational(g.scale);
    phi[i].canonicalize();
  }
  return phi;
}

void TablePermutationGame::marginals(const uint32_t* order, double* marginal,
                                     std::vector<int64_t>&) const {
  uint64_t coalition = 0;
  double before = 0.0;
  for (uint32_t k = 0; k < table_.size(); ++k) {
    coalition |= uint64_t{1} << order[k];
    const double after = table_.approx[coalition];
    marginal[order[k]] = after - before;
    before = after;
  }
}

SampledShapley shapley_sampled(const PermutationGame& game, uint64_t samples, uint64_t seed) {
  if (samples < 2) throw std::invalid_argument("sampled Shapley values need at least 2 samples");
  const uint32_t n = game.players();
  const uint64_t blocks = (samples + kBlock - 1) / kBlock;
  // Running mean and sum of squared deviations per player (Chan et al.'s pairwise merge).
  std::vector<double> mean(n, 0.0), m2(n, 0.0);
  double merged = 0;
  std::vector<double> block_mean(kRoundBlocks * n), block_m2(kRoundBlocks * n);
  for (uint64_t first = 0; first < blocks; first += kRoundBlocks) {
    const uint64_t round = std::min(kRoundBlocks, blocks - first);
#pragma omp parallel
    {
      std::vector<uint32_t> order(n);
      std::vector<double> marginal(n);
      std::vector<int64_t> scratch;
#pragma omp for schedule(dynamic)
      for (uint64_t b = 0; b < round; ++b) {
        double* bm = block_mean.data() + b * n;
        double* b2 = block_m2.data() + b * n;
        std::fill(bm, bm + n, 0.0);
        std::fill(b2, b2 + n, 0.0);
        const uint64_t begin = (first + b) * kBlock;
        const uint64_t end = std::min(begin + kBlock, samples);
        for (uint64_t k = begin; k < end; ++k) {
          shapley_permutation(seed, k, n, order.data());
          game.marginals(order.data(), marginal.data(), scratch);
          const double c = static_cast<double>(k - begin + 1);
          for (uint32_t i = 0; i < n; ++i) {
            const double d = marginal[i] - bm[i];
            bm[i] += d / c;
            b2[i] += d * (marginal[i] - bm[i]);
          }
        }
      }
    }
    for (uint64_t b = 0; b < round; ++b) {
      const uint64_t begin = (first + b) * kBlock;
      const double nb = static_cast<double>(std::min(begin + kBlock, samples) - begin);
      const double together = merged + nb;
      for (uint32_t i = 0; i < n; ++i) {
        const double d = block_mean[b * n + i] - mean[i];
        mean[i] += d * nb / together;
        m2[i] += block_m2[b * n + i] + d * d * merged * nb / together;
      }
      merged = together;
    }
  }
  SampledShapley out;
  out.samples = samples;
  out.estimate = mean;
  out.half_width.resize(n);
  const double count = static_cast<double>(samples);
  for (uint32_t i = 0; i < n; ++i) {
    out.half_width[i] = kZ95 * std::sqrt(m2[i] / (count - 1) / count);
  }
  return out;
}

}  // namespace evomarket::theory
