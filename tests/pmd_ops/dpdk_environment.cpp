#include "tests/pmd_ops/dpdk_environment.hpp"

#include <cstdlib>
#include <optional>
#include <unistd.h>

namespace hammer::pmd_ops::testing {
namespace {

std::optional<Eal>& eal_slot()
{
    static std::optional<Eal> eal;
    return eal;
}

std::string& reason_slot()
{
    static std::string reason;
    return reason;
}

// Registered before main runs, so every test binary that links this file gets it.
[[maybe_unused]] const auto* const registered = ::testing::AddGlobalTestEnvironment(new DpdkEnvironment);

} // namespace

void DpdkEnvironment::SetUp()
{
    if (::geteuid() != 0) {
        reason_slot() = "not root: DPDK devices, network namespaces and veth pairs need CAP_NET_ADMIN";
        return;
    }
    EalOptions options;
    options.program = "pmd_ops_test";
    // Three workers on the machine's CPUs (more lcores than CPUs where it
    // has two): jobs on lcores of their own, or split over several.
    options.workers = 3;
    options.memory_mb = 512;
    // HAMMER_TEST_NO_HUGE=1 proves the suite on --no-huge even where hugepages are reserved.
    const char* no_huge = std::getenv("HAMMER_TEST_NO_HUGE");
    options.use_hugepages = no_huge == nullptr || std::string{no_huge} != "1";
    options.extra = {"--no-pci"};
    auto eal = Eal::init(options);
    if (!eal) {
        // On a root machine EAL must come up: fail, never skip.
        ADD_FAILURE() << eal.error().to_string();
        reason_slot() = "EAL did not initialise: " + eal.error().to_string();
        return;
    }
    eal_slot().emplace(std::move(eal).value());
}

void DpdkEnvironment::TearDown()
{
    if (eal_slot()) {
        EXPECT_TRUE(eal_slot()->cleanup().has_value());
        eal_slot().reset();
    }
}

Eal* DpdkEnvironment::eal()
{
    return eal_slot() ? &*eal_slot() : nullptr;
}

const std::string& DpdkEnvironment::skip_reason()
{
    return reason_slot();
}

} // namespace hammer::pmd_ops::testing
