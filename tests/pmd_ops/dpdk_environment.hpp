#pragma once

#include "pmd_ops/eal.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hammer::pmd_ops::testing {

/// EAL for a whole test binary: DPDK initialises once per process, so every
/// test of the binary shares it. Registered by linking dpdk_environment.cpp.
class DpdkEnvironment : public ::testing::Environment {
public:
    void SetUp() override;
    void TearDown() override;

    /// The EAL, or nullptr when the binary cannot run device tests (see skip_reason()).
    [[nodiscard]] static Eal* eal();
    [[nodiscard]] static const std::string& skip_reason();
};

/// Skips the current test, with the reason, when EAL is not up.
#define HAMMER_REQUIRE_EAL()                                                                                          \
    do {                                                                                                              \
        if (::hammer::pmd_ops::testing::DpdkEnvironment::eal() == nullptr) {                                          \
            GTEST_SKIP() << ::hammer::pmd_ops::testing::DpdkEnvironment::skip_reason();                                \
        }                                                                                                             \
    } while (false)

} // namespace hammer::pmd_ops::testing
