#include "kernel_ops/errors.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>

namespace hammer::kernel_ops {
namespace {

using ::testing::HasSubstr;
using operations::Outcome;

TEST(ErrorKind, UnsupportedIsOnlyEOPNOTSUPP)
{
    EXPECT_EQ(classify(EOPNOTSUPP), ErrorKind::unsupported);
    EXPECT_EQ(classify(EINVAL), ErrorKind::refused);
    EXPECT_EQ(classify(ERANGE), ErrorKind::refused);
    EXPECT_EQ(classify(EBUSY), ErrorKind::refused);
    EXPECT_EQ(classify(ENODEV), ErrorKind::infrastructure);
    EXPECT_EQ(classify(EPERM), ErrorKind::infrastructure);
    EXPECT_EQ(classify(ENOENT), ErrorKind::infrastructure);
    EXPECT_EQ(classify(ETIMEDOUT), ErrorKind::infrastructure);
}

TEST(VerdictFor, MapsKindsToOutcomesAndKeepsTheKernelsText)
{
    const NlError unsupported{EOPNOTSUPP, "read rings of hm0a", ""};
    const auto skip = verdict_for(unsupported);
    EXPECT_EQ(skip.outcome, Outcome::skip);
    EXPECT_EQ(skip.message, "read rings of hm0a: EOPNOTSUPP (Operation not supported)");

    const NlError refused{EINVAL, "set MTU 70000 on hm0a", "mtu greater than device maximum"};
    const auto fail = verdict_for(refused);
    EXPECT_EQ(fail.outcome, Outcome::fail);
    EXPECT_EQ(fail.message,
              "set MTU 70000 on hm0a: EINVAL (Invalid argument); kernel: mtu greater than device maximum");

    const auto error = verdict_for(NlError{ENODEV, "read link hm9z", "no device"});
    EXPECT_EQ(error.outcome, Outcome::error);
    EXPECT_THAT(error.message, HasSubstr("ENODEV"));
}

TEST(ErrnoName, NamesKnownAndUnknownValues)
{
    EXPECT_EQ(errno_name(ENODEV), "ENODEV");
    EXPECT_EQ(errno_name(EOPNOTSUPP), "EOPNOTSUPP");
    EXPECT_EQ(errno_name(4242), "errno 4242");
    EXPECT_THAT((NlError{4242, "x", ""}.describe()), HasSubstr("errno 4242 (unknown error)"));
}

TEST(Result, HoldsAValueOrAnError)
{
    Result<int> value{7};
    ASSERT_TRUE(value.has_value());
    EXPECT_EQ(value.value(), 7);
    EXPECT_THROW(static_cast<void>(value.error()), std::logic_error);

    Result<int> failed{NlError{EINVAL, "op", "why"}};
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().error_number, EINVAL);
    EXPECT_THROW(static_cast<void>(failed.value()), std::logic_error);

    Result<void> done;
    EXPECT_TRUE(done.has_value());
    Result<void> refused{NlError{EPERM, "op", ""}};
    EXPECT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().error_number, EPERM);
}

} // namespace
} // namespace hammer::kernel_ops
