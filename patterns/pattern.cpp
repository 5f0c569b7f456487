#include "patterns/pattern.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>

namespace hammer::patterns {
namespace {

[[noreturn]] void reject(const std::string& message) { throw std::invalid_argument(message); }

void validate(const PatternRequest& request)
{
    const auto total = request.total.count();
    const auto minimum = request.minimum_slot.count();
    if (request.slots == 0) {
        reject("a pattern needs at least one slot (got 0)");
    }
    if (total < 0) {
        reject("total must not be negative (got " + std::to_string(total) + " ms)");
    }
    if (minimum < 0) {
        reject("minimum slot must not be negative (got " + std::to_string(minimum) + " ms)");
    }
    if (request.total > max_total) {
        reject("total " + std::to_string(total) + " ms exceeds the supported maximum of "
               + std::to_string(max_total.count()) + " ms");
    }
    // Written so that NaN fails too.
    if (!(request.phase >= 0.0 && request.phase < 1.0)) {
        std::ostringstream message;
        message << "phase must be in [0, 1) (got " << request.phase << ")";
        reject(message.str());
    }
    // slots × minimum <= total, without forming a product that may overflow.
    const auto slots = static_cast<std::uint64_t>(request.slots);
    const auto minimum_u = static_cast<std::uint64_t>(minimum);
    if (minimum_u > static_cast<std::uint64_t>(total) / slots) {
        const bool product_overflows = minimum_u > std::numeric_limits<std::uint64_t>::max() / slots;
        reject(std::to_string(total) + " ms cannot hold " + std::to_string(slots) + " slots of at least "
               + std::to_string(minimum) + " ms (needs "
               + (product_overflows ? "more than " + std::to_string(std::numeric_limits<std::uint64_t>::max())
                                    : std::to_string(slots * minimum_u))
               + " ms)");
    }
}

// Neumaier's compensated sum. A plain sum's error grows with the slot count;
// this one stays within a couple of ulps, which max_total's bound assumes.
double compensated_sum(std::span<const double> values)
{
    double sum = 0.0;
    double compensation = 0.0;
    for (const double value : values) {
        const double next = sum + value;
        compensation += std::abs(sum) >= std::abs(value) ? (sum - next) + value : (value - next) + sum;
        sum = next;
    }
    return sum + compensation;
}

// Largest remainder (Hamilton's method): every slot gets the floor of its exact
// share, then the slots with the largest fractional parts get one more
// millisecond each until the budget is spent.
//
// Why the sum is exact: each computed share is within a few ulps of the true
// one, so for budget <= max_total the computed shares sum to the budget within
// half a millisecond. The floors then sum to at most the budget and to more
// than budget - slots - 1, so the leftover is between 0 and slots: at most one
// extra millisecond per slot.
std::vector<std::int64_t> split(std::int64_t budget, std::span<const double> weights)
{
    const double scale = static_cast<double>(budget) / compensated_sum(weights);
    std::vector<std::int64_t> shares(weights.size());
    std::vector<double> remainders(weights.size());
    std::int64_t handed_out = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const double exact = weights[i] * scale;
        const double whole = std::floor(exact);
        shares[i] = static_cast<std::int64_t>(whole);
        remainders[i] = exact - whole;
        handed_out += shares[i];
    }
    std::vector<std::size_t> order(weights.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    // Stable, so ties go to the earlier slot whatever the library's sort does.
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
    const auto leftover = static_cast<std::size_t>(budget - handed_out);
    for (std::size_t k = 0; k < leftover; ++k) {
        ++shares[order[k]];
    }
    return shares;
}

} // namespace

std::vector<std::chrono::milliseconds> generate(Shape shape, const PatternRequest& request)
{
    validate(request);
    const auto weights = slot_weights(shape, request.slots, request.phase, request.seed);
    const auto budget = request.total.count()
                        - static_cast<std::int64_t>(request.slots) * request.minimum_slot.count();
    const auto shares = split(budget, weights);
    std::vector<std::chrono::milliseconds> slots;
    slots.reserve(shares.size());
    for (const auto share : shares) {
        slots.push_back(request.minimum_slot + std::chrono::milliseconds{share});
    }
    return slots;
}

} // namespace hammer::patterns
